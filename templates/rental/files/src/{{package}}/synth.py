"""Synthetic rental listings, written exactly as a list page shows them.

Every listing is invented: the city, its districts, business circles, housing
estates (小区), subway stations and all prices are made up. Only the *format*
imitates a real rental site, so the same cleaning code works on the synthetic
data and on pages you save or crawl yourself.

The raw columns are strings such as ``"89.5㎡"``, ``"2室1厅1卫"``,
``"中楼层/共18层"``, ``"距离3号线湖滨站500米"`` and ``"5800元/月"``;
:mod:`.clean` turns them into numbers.

The hidden rule that sets the rent (see :func:`_fair_rent`):

    rent = base price per ㎡ of the district x area x (smaller flats cost more per ㎡)
           x (near a subway station) x (floor, lift) x (orientation) x noise

and about 4 % of the listings are planted "bargains" at 62-78 % of their fair rent.
Because we know the truth, the tests and the demo can check whether the model finds them.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .csvsafe import neutralise_frame, unneutralise_frame

DEFAULT_SEED = 5800
DEFAULT_N = 800

# The columns of a list page, as strings (lon/lat are empty for crawled pages).
RAW_COLUMNS = [
    "listing_id", "title", "url", "location", "area", "orientation",
    "layout", "floor", "subway", "price", "lon", "lat",
]
# Only the generator knows these.
TRUTH_COLUMNS = ["fair_rent_true", "planted_bargain"]

# An invented city. base = median rent in yuan per ㎡ per month for a 60 ㎡ flat;
# (east_km, north_km) = the district centre relative to the city centre.
DISTRICTS = {
    "中心区": {"base": 135, "centre": (0.0, 0.0), "circles": ["钟楼", "鼓巷", "文苑"]},
    "东湖区": {"base": 118, "centre": (8.0, 2.0), "circles": ["湖滨", "东港", "樱花园"]},
    "高新区": {"base": 110, "centre": (-6.0, 9.0), "circles": ["科技园", "软件城", "创业谷"]},
    "西山区": {"base": 92, "centre": (-11.0, -1.0), "circles": ["西山", "枫桥", "石门"]},
    "南湾区": {"base": 85, "centre": (1.0, -10.0), "circles": ["南湾", "海棠湾", "渔港"]},
    "北苑区": {"base": 78, "centre": (3.0, 13.0), "circles": ["北苑", "青松岭", "白桦林"]},
    "江北区": {"base": 66, "centre": (14.0, 10.0), "circles": ["江北", "老码头", "芦花洲"]},
    "新城区": {"base": 58, "centre": (18.0, -8.0), "circles": ["新城", "金谷", "云杉"]},
}
DISTRICT_SHARE = [0.10, 0.14, 0.14, 0.13, 0.13, 0.12, 0.12, 0.12]
# The subway lines that serve each district (each business circle has one station).
DISTRICT_LINES = {
    "中心区": ["1号线", "2号线"], "东湖区": ["3号线"], "高新区": ["10号线"],
    "西山区": ["1号线"], "南湾区": ["4号线"], "北苑区": ["5号线"],
    "江北区": ["6号线"], "新城区": ["7号线"],
}
ESTATE_PREFIX = [
    "枫林", "翠湖", "锦绣", "阳光", "金桥", "碧水", "银杏", "松涛",
    "桂园", "明月", "星河", "绿洲", "春晖", "紫荆", "梧桐", "晨曦",
]
ESTATE_SUFFIX = ["花园", "家园", "小区", "苑", "公寓", "新村", "雅居", "华庭"]
ORIENTATIONS = ["南", "南北", "东南", "东", "西", "北", "西南"]
ORIENTATION_SHARE = [0.30, 0.22, 0.12, 0.12, 0.10, 0.08, 0.06]
ORIENTATION_FACTOR = {"南": 1.04, "南北": 1.05, "东南": 1.02, "北": 0.96}
TOTAL_FLOORS = [6, 7, 11, 16, 18, 24, 28, 32]
TOTAL_FLOORS_SHARE = [0.18, 0.08, 0.12, 0.10, 0.16, 0.14, 0.12, 0.10]
FLOOR_LEVEL_FACTOR = {"低": 0.97, "中": 1.0, "高": 1.02}

# Where the city centre lies on the map. The coordinates are only there so that the
# optional commute lookup has points to route between; nothing else refers to a real place.
CITY_CENTRE_LONLAT = (116.397, 39.909)
KM_PER_DEG_LAT = 111.19

PLANTED_BARGAIN_SHARE = 0.04
MISSING_PRICE_SHARE = 0.01
RANGE_PRICE_SHARE = 0.03
DUPLICATE_SHARE = 0.02
NO_SUBWAY_SHARE = 0.15


def km_to_lonlat(east_km, north_km):
    """Shift the city centre by (east, north) kilometres; returns (lon, lat)."""
    lon0, lat0 = CITY_CENTRE_LONLAT
    km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    return lon0 + np.asarray(east_km) / km_per_deg_lon, lat0 + np.asarray(north_km) / KM_PER_DEG_LAT


def _fair_rent(base, area, subway_m, level, total_floors, orientation):
    """The hidden pricing rule (yuan per month, before noise)."""
    size = (area / 60.0) ** -0.15           # small flats cost more per ㎡
    near = np.where(np.isnan(subway_m), 0.95, 1.0 + 0.15 * np.exp(-np.nan_to_num(subway_m) / 700))
    lift = np.where(total_floors >= 11, 1.03, 1.0)   # 11 floors and more: a lift
    floor = np.array([FLOOR_LEVEL_FACTOR[v] for v in level]) * lift
    facing = np.array([ORIENTATION_FACTOR.get(v, 1.0) for v in orientation])
    return base * area * size * near * floor * facing


def _format_area(area: float) -> str:
    text = f"{area:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "㎡"


def _format_subway(line: str, station: str, meters: float) -> str:
    if np.isnan(meters):
        return ""
    if meters >= 1000:
        return f"距离{line}{station}站{meters / 1000:.1f}公里"
    return f"距离{line}{station}站{int(meters)}米"


def generate_listings(n: int = DEFAULT_N, seed: int = DEFAULT_SEED,
                      with_truth: bool = False) -> pd.DataFrame:
    """``n`` invented listings in the raw list-page format (plus a few duplicates).

    The same seed always gives the same table. With ``with_truth=True`` two hidden
    columns are added: the fair rent of the pricing rule and whether the listing is
    a planted bargain.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = np.random.default_rng(seed)
    names = list(DISTRICTS)

    district = rng.choice(names, size=n, p=DISTRICT_SHARE)
    circle_idx = rng.integers(0, 3, size=n)
    circle = np.array([DISTRICTS[d]["circles"][i]
                       for d, i in zip(district, circle_idx, strict=True)])
    estate = np.array([
        ESTATE_PREFIX[a] + ESTATE_SUFFIX[b]
        for a, b in zip(rng.integers(0, len(ESTATE_PREFIX), n),
                        rng.integers(0, len(ESTATE_SUFFIX), n), strict=True)
    ])

    rooms = rng.choice([1, 2, 3, 4], size=n, p=[0.28, 0.42, 0.23, 0.07])
    halls = np.where(rooms == 1, (rng.random(n) < 0.65).astype(int), 1 + (rng.random(n) < 0.25))
    baths = np.where(rooms <= 2, 1, np.where(rooms == 3, 1 + (rng.random(n) < 0.4), 2))
    area = 18 + 27 * rooms + 6 * halls + 5 * (baths - 1) + rng.normal(0, 7, n)
    area = np.round(np.clip(area, 15, None), 1)

    subway_m = np.round(np.clip(rng.lognormal(math.log(700), 0.6, n), 100, 2800), -1)
    subway_m[rng.random(n) < NO_SUBWAY_SHARE] = np.nan
    line = np.array([DISTRICT_LINES[d][i % len(DISTRICT_LINES[d])]
                     for d, i in zip(district, circle_idx, strict=True)])

    total_floors = rng.choice(TOTAL_FLOORS, size=n, p=TOTAL_FLOORS_SHARE)
    level = rng.choice(["低", "中", "高"], size=n)
    orientation = rng.choice(ORIENTATIONS, size=n, p=ORIENTATION_SHARE)

    base = np.array([DISTRICTS[d]["base"] for d in district], dtype=float)
    fair = _fair_rent(base, area, subway_m, level, total_floors, orientation)
    rent = fair * rng.lognormal(0.0, 0.07, n)
    planted = rng.random(n) < PLANTED_BARGAIN_SHARE
    rent = np.where(planted, fair * rng.uniform(0.62, 0.78, n), rent)
    rent = (np.round(rent / 50) * 50).astype(int)

    east, north = zip(*(DISTRICTS[d]["centre"] for d in district), strict=True)
    lon, lat = km_to_lonlat(np.array(east) + rng.normal(0, 1.8, n),
                            np.array(north) + rng.normal(0, 1.8, n))

    price_kind = rng.random(n)
    rows = []
    for i in range(n):
        listing_id = f"ZF{i + 1:06d}"
        if price_kind[i] < MISSING_PRICE_SHARE:
            price = "价格待定"
        elif price_kind[i] < MISSING_PRICE_SHARE + RANGE_PRICE_SHARE:
            price = f"{rent[i] - 100}-{rent[i] + 100}元/月"   # serviced flats show a range
        else:
            price = f"{rent[i]}元/月"
        rows.append({
            "listing_id": listing_id,
            "title": f"整租·{estate[i]} {rooms[i]}室{halls[i]}厅 {orientation[i]}",
            "url": f"https://rent.example.com/zufang/{listing_id}.html",
            "location": f"{district[i]}-{circle[i]}-{estate[i]}",
            "area": _format_area(area[i]),
            "orientation": orientation[i],
            "layout": f"{rooms[i]}室{halls[i]}厅{baths[i]}卫",
            "floor": f"{level[i]}楼层/共{total_floors[i]}层",
            "subway": _format_subway(line[i], circle[i], subway_m[i]),
            "price": price,
            "lon": round(float(lon[i]), 5),
            "lat": round(float(lat[i]), 5),
            "fair_rent_true": round(float(fair[i]), 1),
            "planted_bargain": bool(planted[i]),
        })
    df = pd.DataFrame(rows)

    # A listing that is shown on two pages is crawled twice: copy a few rows.
    n_dup = int(round(n * DUPLICATE_SHARE))
    if n_dup:
        dup_rows = rng.choice(n, size=n_dup, replace=False)
        positions = np.sort(rng.integers(0, n, size=n_dup))
        parts, start = [], 0
        for pos, src in zip(positions, dup_rows, strict=True):
            parts.append(df.iloc[start:pos])
            parts.append(df.iloc[[src]])
            start = pos
        parts.append(df.iloc[start:])
        df = pd.concat(parts, ignore_index=True)

    columns = RAW_COLUMNS + (TRUTH_COLUMNS if with_truth else [])
    return df[columns].reset_index(drop=True)


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV that Excel opens with the right encoding (UTF-8 with BOM).

    Listing titles and the other text columns may come from a crawled page: a cell a
    spreadsheet would run as a formula (``=HYPERLINK(...)``, ``-``, ``@`` ...) gets a ``'``
    in front, so Excel and WPS show it as text; :func:`read_raw_csv` takes it off again.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_frame(df).to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return path


def read_raw_csv(path: str | Path) -> pd.DataFrame:
    """Read a raw listings CSV (from ``generate``, ``crawl`` or ``parse``) as strings."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df = unneutralise_frame(df)
    missing = [c for c in RAW_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) / 缺少列: {', '.join(missing)}")
    return df


def write_sample(out_dir: str | Path, n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> Path:
    """Write ``listings.csv`` (raw columns only) into ``out_dir``."""
    return write_csv(generate_listings(n=n, seed=seed), Path(out_dir) / "listings.csv")
