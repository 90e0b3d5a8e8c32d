"""A square grid city and its ride requests.

The city is a ``size_km`` x ``size_km`` square of streets. Cars drive along the
streets, so the distance between two points is the *Manhattan* distance
``|x1 - x2| + |y1 - y2|``. For the tables the city is cut into
``zones_per_side`` x ``zones_per_side`` square zones, numbered row by row from the
south-west corner::

    y
    ^   20 21 22 23 24
    |   15 16 17 18 19
    |   10 11 12 13 14
    |    5  6  7  8  9
    |    0  1  2  3  4
    +------------------> x

Demand is a Poisson process: in minute ``t`` the number of new requests is drawn
from ``Poisson(rate(t))``, where the rate has a morning and an evening rush-hour
peak. Where people start and end depends on the time of day: in the morning they
go from the residential area to the business district, in the evening back.

A *request* is one row of a DataFrame with the columns ``REQUEST_COLUMNS``; the
simulator only ever sees this format, whether the rows are synthetic
(``generate_requests``) or converted from real trip records (``tlc.to_requests``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 2015  # the year of the CUMCM taxi problem that inspired this project

REQUEST_COLUMNS = [
    "request_id",  # 0, 1, 2, ... in order of arrival
    "minute",      # minute of the simulation in which the rider asks for a car
    "pickup_x", "pickup_y",    # km from the south-west corner
    "dropoff_x", "dropoff_y",  # km
    "patience",    # minutes the rider is willing to wait for a match
]


@dataclass(frozen=True)
class Hotspot:
    key: str
    name_zh: str
    name_en: str
    x: float
    y: float
    spread_km: float  # standard deviation of trip ends around the centre


# Where trips start and end, apart from the uniform background.
HOTSPOTS = (
    Hotspot("home", "居民区", "residential", 2.5, 2.5, 1.2),
    Hotspot("cbd", "商务区", "business district", 6.5, 6.5, 0.8),
    Hotspot("station", "火车站", "railway station", 8.5, 2.0, 0.5),
    Hotspot("campus", "大学城", "university", 2.0, 8.0, 0.8),
)

# Probability that a trip end is "background" (uniform over the city) or at one of
# the HOTSPOTS (same order), for each period of the day.
_MORNING_ORIGIN = (0.25, 0.45, 0.05, 0.15, 0.10)
_MORNING_DESTINATION = (0.20, 0.05, 0.55, 0.10, 0.10)
_OFF_PEAK = (0.35, 0.20, 0.20, 0.15, 0.10)
END_WEIGHTS = {
    ("morning", "origin"): _MORNING_ORIGIN,
    ("morning", "destination"): _MORNING_DESTINATION,
    ("evening", "origin"): _MORNING_DESTINATION,   # the morning commute, reversed
    ("evening", "destination"): _MORNING_ORIGIN,
    ("off_peak", "origin"): _OFF_PEAK,
    ("off_peak", "destination"): _OFF_PEAK,
}


def period_of_hour(hour: int) -> str:
    if 6 <= hour < 10:
        return "morning"
    if 16 <= hour < 20:
        return "evening"
    return "off_peak"


@dataclass(frozen=True)
class City:
    size_km: float = 10.0
    zones_per_side: int = 5
    speed_kmpm: float = 0.5        # km per minute on the street grid (30 km/h)
    start_hour: float = 7.0        # minute 0 of the simulation is 07:00
    base_rate: float = 3.0         # requests per minute outside the rush hours
    peak_rate: float = 7.0         # extra requests per minute at the top of a peak
    peak_hours: tuple[float, ...] = (8.25, 18.0)
    peak_width_h: float = 0.75     # standard deviation of each peak, in hours
    patience_min: tuple[int, int] = (3, 12)  # riders wait 3..12 minutes (inclusive)
    hotspots: tuple[Hotspot, ...] = field(default=HOTSPOTS)

    @property
    def zone_km(self) -> float:
        return self.size_km / self.zones_per_side

    @property
    def n_zones(self) -> int:
        return self.zones_per_side**2

    def zone_of(self, x, y) -> np.ndarray:
        """Zone number of each point (points on the outer edge belong to the edge zone)."""
        n = self.zones_per_side
        col = np.clip(np.floor(np.asarray(x, dtype=float) / self.zone_km), 0, n - 1)
        row = np.clip(np.floor(np.asarray(y, dtype=float) / self.zone_km), 0, n - 1)
        return (row * n + col).astype(np.int64)

    def zone_center(self, zone: int) -> tuple[float, float]:
        row, col = divmod(int(zone), self.zones_per_side)
        return ((col + 0.5) * self.zone_km, (row + 0.5) * self.zone_km)

    def hour_of(self, minute) -> np.ndarray:
        """Clock hour (0-23) of each simulation minute."""
        return (np.floor(self.start_hour + np.asarray(minute) / 60.0) % 24).astype(np.int64)

    def clock(self, minute: int) -> str:
        total = int(round(self.start_hour * 60)) + int(minute)
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def demand_rate(self, minute) -> np.ndarray:
        """Expected number of new requests in each minute (rush-hour peaks on a base)."""
        hours = self.start_hour + np.asarray(minute, dtype=float) / 60.0
        rate = np.full_like(hours, self.base_rate, dtype=float)
        for peak in self.peak_hours:
            rate += self.peak_rate * np.exp(-0.5 * ((hours - peak) / self.peak_width_h) ** 2)
        return rate


def manhattan(x1, y1, x2, y2):
    """Street distance on the grid, in km."""
    return np.abs(np.asarray(x1) - x2) + np.abs(np.asarray(y1) - y2)


def _sample_ends(rng: np.random.Generator, city: City, hours: np.ndarray, end: str):
    """Points where trips start ("origin") or end ("destination")."""
    n = len(hours)
    weights = np.array([END_WEIGHTS[(period_of_hour(h), end)] for h in hours]).reshape(n, -1)
    if len(city.hotspots) != weights.shape[1] - 1:
        raise ValueError("END_WEIGHTS needs one column per hotspot plus the background")
    choice = (rng.random(n)[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
    choice = np.minimum(choice, weights.shape[1] - 1)  # guard against rounding at 1.0
    x = rng.uniform(0.0, city.size_km, n)
    y = rng.uniform(0.0, city.size_km, n)
    noise = rng.normal(0.0, 1.0, (n, 2))
    for k, spot in enumerate(city.hotspots, start=1):
        at = choice == k
        x[at] = spot.x + spot.spread_km * noise[at, 0]
        y[at] = spot.y + spot.spread_km * noise[at, 1]
    return np.clip(x, 0.0, city.size_km), np.clip(y, 0.0, city.size_km)


def generate_requests(
    city: City | None = None, minutes: int = 240, seed: int = DEFAULT_SEED
) -> pd.DataFrame:
    """Random ride requests for ``minutes`` minutes; the same seed gives the same rows.

    Coordinates are rounded to 10 m, so writing the frame to CSV and reading it back
    gives exactly the same numbers (and the same simulation).
    """
    city = city or City()
    rng = np.random.default_rng(seed)
    counts = rng.poisson(city.demand_rate(np.arange(minutes)))
    minute = np.repeat(np.arange(minutes), counts)
    hours = city.hour_of(minute)
    ox, oy = _sample_ends(rng, city, hours, "origin")
    dx, dy = _sample_ends(rng, city, hours, "destination")
    low, high = city.patience_min
    patience = rng.integers(low, high + 1, len(minute))
    return pd.DataFrame({
        "request_id": np.arange(len(minute), dtype=np.int64),
        "minute": minute.astype(np.int64),
        "pickup_x": np.round(ox, 2),
        "pickup_y": np.round(oy, 2),
        "dropoff_x": np.round(dx, 2),
        "dropoff_y": np.round(dy, 2),
        "patience": patience.astype(np.int64),
    })[REQUEST_COLUMNS]


class RequestFormatError(ValueError):
    """A requests file does not have the columns the simulator needs."""


def check_requests(df: pd.DataFrame, source: str = "requests") -> pd.DataFrame:
    """Validate and normalise a requests frame: columns, dtypes, arrival order."""
    missing = [c for c in REQUEST_COLUMNS if c not in df.columns]
    if missing:
        raise RequestFormatError(
            f"{source}: missing column(s) / 缺少列: {', '.join(missing)}. "
            f"Expected: {', '.join(REQUEST_COLUMNS)}"
        )
    out = df[REQUEST_COLUMNS].copy()
    for column in ["request_id", "minute", "patience"]:
        out[column] = out[column].astype(np.int64)
    for column in ["pickup_x", "pickup_y", "dropoff_x", "dropoff_y"]:
        out[column] = out[column].astype(np.float64)
    if (out["minute"] < 0).any() or (out["patience"] < 0).any():
        raise RequestFormatError(f"{source}: minute and patience must not be negative")
    if out["request_id"].duplicated().any():
        raise RequestFormatError(f"{source}: request_id values must be unique")
    return out.sort_values(["minute", "request_id"], kind="stable").reset_index(drop=True)


def read_requests(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: file not found / 找不到文件")
    return check_requests(pd.read_csv(path), source=str(path))


def write_requests(df: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df[REQUEST_COLUMNS].to_csv(path, index=False, lineterminator="\n", float_format="%.2f")
    return path


def city_for_points(xs, ys, speed_kmpm: float, zones_per_side: int = 5,
                    start_hour: float = 0.0) -> City:
    """A city just large enough to hold the given points (used for real trip data)."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    extent = max(float(np.max(xs, initial=0.0)), float(np.max(ys, initial=0.0)), 1.0)
    return City(size_km=math.ceil(extent), zones_per_side=zones_per_side,
                speed_kmpm=speed_kmpm, start_hour=start_hour)
