"""Cleaning: the Chinese text of a list page -> numbers a model can use.

Each rule is a small function with a regular expression, so it can be tested on
its own (see tests/test_clean.py). Anything a rule cannot read becomes NaN/None
instead of raising: one odd listing must not stop the analysis.

    parse_area("89.5㎡")                  -> 89.5      ("20-30㎡" -> 25.0)
    parse_layout("2室1厅1卫")              -> (2.0, 1.0, 1.0)
    parse_subway("距离10号线苏州桥站500米")  -> Subway("10号线", "苏州桥", 500.0)
    parse_floor("中楼层/共18层")           -> ("中", 18.0)
    parse_price("5800元/月")               -> 5800.0
    split_location("东湖区-湖滨-枫林花园")   -> ("东湖区", "湖滨", "枫林花园")
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

NAN = math.nan

CLEAN_COLUMNS = [
    "listing_id", "title", "url", "district", "bizcircle", "community",
    "area_m2", "rooms", "halls", "baths", "orientation", "floor_level", "total_floors",
    "subway_line", "subway_station", "subway_m", "rent", "rent_per_m2", "lon", "lat",
]


def _text(value) -> str:
    """Normalise a cell: None/NaN -> "", full-width spaces and blanks removed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return re.sub(r"[\s\u3000]+", "", str(value))


# ---- area -----------------------------------------------------------------------------

_AREA = re.compile(r"(?:(\d+(?:\.\d+)?)[-~－—–])?(\d+(?:\.\d+)?)(?:㎡|m²|m2|平方米|平米|平)",
                   re.IGNORECASE)


def parse_area(value) -> float:
    """"89.5㎡", "89.5平米", "精装 89.5 m²" -> 89.5; a range "20.00-30.00㎡"
    (brand apartments) -> 25.0, its middle; no area -> NaN."""
    match = _AREA.search(_text(value))
    if not match:
        return NAN
    high = float(match.group(2))
    low = float(match.group(1)) if match.group(1) else high
    return (low + high) / 2


# ---- layout ---------------------------------------------------------------------------

_ROOMS = re.compile(r"(\d+)[室房]")
_HALLS = re.compile(r"(\d+)厅")
_BATHS = re.compile(r"(\d+)卫")


def parse_layout(value) -> tuple[float, float, float]:
    """"2室1厅1卫" -> (2, 1, 1); "3房2厅" -> (3, 2, NaN); no rooms -> all NaN.

    室 and 房 both mean bedroom; a missing 厅 or 卫 count stays NaN (unknown),
    it is not the same as 0.
    """
    text = _text(value)
    rooms = _ROOMS.search(text)
    if not rooms:
        return (NAN, NAN, NAN)
    halls = _HALLS.search(text)
    baths = _BATHS.search(text)
    return (
        float(rooms.group(1)),
        float(halls.group(1)) if halls else NAN,
        float(baths.group(1)) if baths else NAN,
    )


# ---- subway ---------------------------------------------------------------------------


class Subway(NamedTuple):
    line: str | None
    station: str | None
    meters: float


_SUBWAY = re.compile(
    r"(?P<line>\d+号线|[^\d/,，]+?线)(?P<station>[^/,，]+?)站"
    r"(?P<dist>\d+(?:\.\d+)?)(?P<unit>米|m|公里|千米|km)",
    re.IGNORECASE,
)


def parse_subway(value) -> Subway:
    """"距离10号线苏州桥站500米" -> ("10号线", "苏州桥", 500); "…1.2公里" -> 1200 m.

    "近地铁" without a distance, or an empty cell, gives (None, None, NaN).
    """
    text = _text(value)
    if text.startswith("距离"):
        text = text[2:]
    elif text.startswith("距"):
        text = text[1:]
    match = _SUBWAY.search(text)
    if not match:
        return Subway(None, None, NAN)
    meters = float(match.group("dist"))
    if match.group("unit").lower() in ("公里", "千米", "km"):
        meters *= 1000
    return Subway(match.group("line"), match.group("station"), round(meters, 1))


# ---- floor ----------------------------------------------------------------------------

_LEVEL = re.compile(r"([低中高])(?:楼层|层)")
_TOTAL = re.compile(r"共(\d+)层|[（(](\d+)层[)）]")
_FRACTION = re.compile(r"^(\d+)/(\d+)层")


def parse_floor(value) -> tuple[str | None, float]:
    """"中楼层/共18层" -> ("中", 18); "高楼层 （32层）" -> ("高", 32);
    "5/18层" -> ("低", 18) (5 of 18 is in the lower third); "共6层" -> (None, 6).
    """
    text = _text(value)
    fraction = _FRACTION.search(text)
    if fraction:
        floor, total = int(fraction.group(1)), int(fraction.group(2))
        if total <= 0:
            return (None, NAN)
        share = floor / total
        level = "低" if share <= 1 / 3 else ("中" if share <= 2 / 3 else "高")
        return (level, float(total))
    level = _LEVEL.search(text)
    total = _TOTAL.search(text)
    total_value = float(next(g for g in total.groups() if g)) if total else NAN
    return (level.group(1) if level else None, total_value)


# ---- price ----------------------------------------------------------------------------

_PRICE = re.compile(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(万)?元?(?:/月|每月)?")


def parse_price(value) -> float:
    """Monthly rent in yuan.

    "5800元/月" -> 5800; "5,800 元/月" -> 5800; "4200-4600元/月" -> 4400 (the middle);
    "1.2万元/月" -> 12000; "价格待定", "面议", "" -> NaN; prices per day or per ㎡
    ("3.5元/㎡/天") are not monthly rents -> NaN.
    """
    text = _text(value).replace(",", "").replace("，", "").replace("~", "-").replace("—", "-")
    if not text or "天" in text or "㎡" in text or "平" in text:
        return NAN
    match = _PRICE.search(text)
    if not match:
        return NAN
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) else low
    price = (low + high) / 2
    if match.group(3):
        price *= 10_000
    return price


# ---- location -------------------------------------------------------------------------


def split_location(value) -> tuple[str | None, str | None, str | None]:
    """"东湖区-湖滨-枫林花园" -> (district, business circle, housing estate).

    Missing parts are None; ASCII, full-width and long dashes all work.
    """
    parts = [p for p in re.split(r"[-－—–]+", _text(value)) if p]
    parts += [None] * (3 - len(parts))
    return (parts[0], parts[1], "-".join(parts[2:]) if len(parts) > 3 else parts[2])


# ---- whole table ----------------------------------------------------------------------


def clean_listings(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw list-page table -> one row per listing with numeric columns.

    * the same ``listing_id`` seen twice (it was on two pages) is kept once;
    * every text field goes through its rule above; unreadable values become NaN;
    * ``rent_per_m2`` = rent / area.
    """
    raw = raw.drop_duplicates(subset="listing_id", keep="first").reset_index(drop=True)
    location = [split_location(v) for v in raw["location"]]
    layout = [parse_layout(v) for v in raw["layout"]]
    floor = [parse_floor(v) for v in raw["floor"]]
    subway = [parse_subway(v) for v in raw["subway"]]

    def optional_str(values):
        return pd.Series([v if v else None for v in values], dtype=object)

    out = pd.DataFrame({
        "listing_id": raw["listing_id"].astype(str).to_numpy(),
        "title": raw["title"].to_numpy(),
        "url": raw["url"].to_numpy(),
        "district": optional_str(p[0] for p in location),
        "bizcircle": optional_str(p[1] for p in location),
        "community": optional_str(p[2] for p in location),
        "area_m2": [parse_area(v) for v in raw["area"]],
        "rooms": [p[0] for p in layout],
        "halls": [p[1] for p in layout],
        "baths": [p[2] for p in layout],
        "orientation": optional_str(_text(v) for v in raw["orientation"]),
        "floor_level": optional_str(p[0] for p in floor),
        "total_floors": [p[1] for p in floor],
        "subway_line": optional_str(s.line for s in subway),
        "subway_station": optional_str(s.station for s in subway),
        "subway_m": [s.meters for s in subway],
        "rent": [parse_price(v) for v in raw["price"]],
        "lon": pd.to_numeric(raw["lon"], errors="coerce").to_numpy(),
        "lat": pd.to_numeric(raw["lat"], errors="coerce").to_numpy(),
    })
    for column in ["area_m2", "rooms", "halls", "baths", "total_floors", "subway_m", "rent"]:
        out[column] = out[column].astype("float64")
    out["rent_per_m2"] = (out["rent"] / out["area_m2"]).round(2)
    return out[CLEAN_COLUMNS]


# Plausible ranges; outside them a value is more likely a typo than a flat.
AREA_RANGE = (8.0, 400.0)
RENT_RANGE = (300.0, 100_000.0)


def model_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Rows the fair-rent model can learn from: known rent, area, rooms and district,
    within plausible ranges."""
    ok = (
        df["rent"].between(*RENT_RANGE)
        & df["area_m2"].between(*AREA_RANGE)
        & df["rooms"].notna()
        & df["district"].notna()
    )
    return df[ok].reset_index(drop=True)


def cleaning_summary(raw: pd.DataFrame, clean: pd.DataFrame, ready: pd.DataFrame) -> dict:
    """Counts for the console: how many rows each step kept."""
    return {
        "raw_rows": int(len(raw)),
        "duplicates_removed": int(len(raw) - len(clean)),
        "missing_rent": int(clean["rent"].isna().sum()),
        "no_subway_distance": int(clean["subway_m"].isna().sum()),
        "model_rows": int(len(ready)),
        "median_rent": float(np.nanmedian(ready["rent"])) if len(ready) else NAN,
    }
