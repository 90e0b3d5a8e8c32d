"""Real trip records of the New York City Taxi & Limousine Commission (TLC).

The TLC publishes every taxi and ride-hailing trip in New York, one file per month
and service, at https://www.nyc.gov/site/tlc/about/tlc-trip-record-data.page
(Parquet files; older copies and extracts also circulate as CSV). This module
reads four kinds of files:

=========  ================================  =========================================
kind       file name                         columns used
=========  ================================  =========================================
yellow     yellow_tripdata_YYYY-MM.parquet   tpep_pickup_datetime, tpep_dropoff_datetime,
                                             PULocationID, DOLocationID, trip_distance
green      green_tripdata_YYYY-MM.parquet    lpep_pickup_datetime, lpep_dropoff_datetime,
                                             PULocationID, DOLocationID, trip_distance
fhvhv      fhvhv_tripdata_YYYY-MM.parquet    hvfhs_license_num, request_datetime,
           (Uber, Lyft, ...)                 on_scene_datetime, pickup_datetime,
                                             dropoff_datetime, PULocationID, DOLocationID,
                                             trip_miles
fhv        fhv_tripdata_YYYY-MM.parquet      dispatching_base_num, pickup_datetime,
                                             dropOff_datetime, PUlocationID, DOlocationID
=========  ================================  =========================================

A monthly file (``..._YYYY-MM.parquet``) also holds a few trips from other months
(meter clocks gone wrong: 2002, 2008, the first minutes of the next month); they are
dropped and counted, see :func:`file_period`.

Column names are matched without regard to case. CSV files always work; Parquet
files need the optional ``pyarrow`` package (``pip install -e ".[tlc]"``).

Every reader returns the same *trips* frame (``TRIP_COLUMNS``). Trips only name
TLC *taxi zones* (LocationID 1-263; 264/265 mean "unknown"), not coordinates, so
``to_requests`` needs a table of zone positions in km (see ``load_zone_xy``) to
turn trips into requests for the simulator.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .city import DEFAULT_SEED, REQUEST_COLUMNS

MILE_KM = 1.609344
TLC_PAGE = "https://www.nyc.gov/site/tlc/about/tlc-trip-record-data.page"

# High-volume for-hire service licences (hvfhs_license_num).
HV_COMPANIES = {"HV0002": "Juno", "HV0003": "Uber", "HV0004": "Via", "HV0005": "Lyft"}

TRIP_COLUMNS = [
    "service",        # yellow | green | fhv | HV0002 ... HV0005
    "request_time",   # when the rider asked for a car (fhvhv only, else NaT)
    "on_scene_time",  # when the car arrived at the pickup (fhvhv only, else NaT)
    "pickup_time",
    "dropoff_time",
    "pu_zone",        # TLC taxi zone LocationID of the pickup
    "do_zone",
    "trip_km",        # NaN when the file has no distance (fhv)
]

# Lower-case source column for each field, per kind of file.
KINDS = {
    "yellow": {"pickup_time": "tpep_pickup_datetime", "dropoff_time": "tpep_dropoff_datetime",
               "miles": "trip_distance"},
    "green": {"pickup_time": "lpep_pickup_datetime", "dropoff_time": "lpep_dropoff_datetime",
              "miles": "trip_distance"},
    "fhvhv": {"service": "hvfhs_license_num", "request_time": "request_datetime",
              "on_scene_time": "on_scene_datetime", "pickup_time": "pickup_datetime",
              "dropoff_time": "dropoff_datetime", "miles": "trip_miles"},
    "fhv": {"base": "dispatching_base_num", "pickup_time": "pickup_datetime",
            "dropoff_time": "dropoff_datetime"},
}
ZONE_FIELDS = {"pu_zone": "pulocationid", "do_zone": "dolocationid"}
TIME_FIELDS = ["request_time", "on_scene_time", "pickup_time", "dropoff_time"]


class TripFormatError(ValueError):
    """A file does not look like TLC trip records."""


def detect_kind(columns) -> str:
    """Which kind of TLC file has these columns (see the table above)."""
    lower = {str(c).lower() for c in columns}
    if "tpep_pickup_datetime" in lower:
        return "yellow"
    if "lpep_pickup_datetime" in lower:
        return "green"
    if "hvfhs_license_num" in lower:
        return "fhvhv"
    if "dispatching_base_num" in lower and "pickup_datetime" in lower:
        return "fhv"
    raise TripFormatError(
        "not a TLC trip file: expected the columns of a yellow, green, fhv or fhvhv file "
        "(e.g. tpep_pickup_datetime or hvfhs_license_num) / 不是 TLC 行程数据文件"
    )


def _source_columns(columns, source: str) -> tuple[str, dict[str, str]]:
    """The kind of file and ``{field: actual column name}`` for the columns we need."""
    kind = detect_kind(columns)
    actual = {str(c).lower(): str(c) for c in columns}
    wanted = {**KINDS[kind], **ZONE_FIELDS}
    missing = [name for name in wanted.values() if name not in actual]
    if missing:
        raise TripFormatError(
            f"{source}: {kind} file without column(s) / 缺少列: {', '.join(missing)}"
        )
    return kind, {field: actual[name] for field, name in wanted.items()}


def _need_pyarrow(path: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(
            f"{path}: reading Parquet needs the optional pyarrow package: "
            'pip install -e ".[tlc]" (CSV files work without it) / '
            "读取 Parquet 需要安装可选依赖 pyarrow"
        ) from None
    return pq


def _read_raw(path: Path, start, end) -> tuple[str, pd.DataFrame, dict[str, str]]:
    name = path.name.lower()
    if name.endswith(".parquet"):
        pq = _need_pyarrow(path)
        kind, cols = _source_columns(pq.read_schema(path).names, str(path))
        filters = None
        if start is not None or end is not None:
            pickup = cols["pickup_time"]
            filters = []
            if start is not None:
                filters.append((pickup, ">=", pd.Timestamp(start).to_pydatetime()))
            if end is not None:
                filters.append((pickup, "<", pd.Timestamp(end).to_pydatetime()))
        # Only the needed columns (and rows, with filters): a month of fhvhv trips
        # has about 20 million rows and would not fit into memory whole.
        raw = pd.read_parquet(path, columns=list(cols.values()), filters=filters)
        return kind, raw, cols
    if name.endswith((".csv", ".csv.gz")):
        header = pd.read_csv(path, nrows=0).columns
        kind, cols = _source_columns(header, str(path))
        raw = pd.read_csv(path, usecols=list(cols.values()), low_memory=False)
        return kind, raw, cols
    raise TripFormatError(f"{path}: expected a .parquet, .csv or .csv.gz file")


_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")


def file_period(path: str | Path) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The month a TLC file covers, from its name: ``yellow_tripdata_2024-01.parquet`` ->
    ``(2024-01-01, 2024-02-01)``, end excluded; None when the name has no month."""
    match = _MONTH_IN_NAME.search(Path(path).name)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    first = pd.Timestamp(int(match.group(1)), int(match.group(2)), 1)
    return first, first + pd.offsets.MonthBegin(1)


def read_trips(path: str | Path, start=None, end=None,
               report: list | None = None) -> pd.DataFrame:
    """Read one TLC file into the common trips frame (``TRIP_COLUMNS``).

    ``start``/``end`` (anything ``pd.Timestamp`` understands) keep only trips picked
    up in ``[start, end)``; for Parquet the filter is applied while reading.
    Trips picked up outside the month in the file name (:func:`file_period`) are
    dropped; when there are any, ``(file name, "YYYY-MM", how many)`` is appended to
    ``report``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: file not found / 找不到文件 (TLC data: {TLC_PAGE})")
    kind, raw, cols = _read_raw(path, start, end)
    trips = pd.DataFrame(index=raw.index)
    if kind == "fhvhv":
        trips["service"] = raw[cols["service"]].astype(str).str.strip().to_numpy()
    else:
        trips["service"] = kind
    for field in TIME_FIELDS:
        if field in cols:
            trips[field] = pd.to_datetime(raw[cols[field]], errors="coerce")
        else:
            trips[field] = pd.NaT
        # one resolution for every source: CSV gives ns, Parquet often us
        trips[field] = trips[field].astype("datetime64[ns]")
    for field in ZONE_FIELDS:
        trips[field] = pd.to_numeric(raw[cols[field]], errors="coerce").astype("Int64")
    if "miles" in cols:
        trips["trip_km"] = pd.to_numeric(raw[cols["miles"]], errors="coerce") * MILE_KM
    else:
        trips["trip_km"] = np.nan
    trips = trips.dropna(subset=["pickup_time"])
    period = file_period(path)
    if period is not None:
        inside = (trips["pickup_time"] >= period[0]) & (trips["pickup_time"] < period[1])
        if report is not None and not inside.all():
            report.append((path.name, period[0].strftime("%Y-%m"), int((~inside).sum())))
        trips = trips[inside]
    if start is not None:
        trips = trips[trips["pickup_time"] >= pd.Timestamp(start)]
    if end is not None:
        trips = trips[trips["pickup_time"] < pd.Timestamp(end)]
    return trips[TRIP_COLUMNS].reset_index(drop=True)


def read_many(paths, start=None, end=None, report: list | None = None) -> pd.DataFrame:
    """``read_trips`` for several files (e.g. yellow and fhvhv of the same month)."""
    frames = [read_trips(p, start=start, end=end, report=report) for p in paths]
    if not frames:
        raise ValueError("no TLC files given")
    return pd.concat(frames, ignore_index=True)


def service_label(service: str) -> str:
    """``HV0003`` -> ``HV0003 Uber``; other services unchanged."""
    company = HV_COMPANIES.get(service)
    return f"{service} {company}" if company else service


def zone_hour_counts(trips: pd.DataFrame) -> pd.DataFrame:
    """Pickups per (hour, pickup zone, service), sorted; hours are timestamps."""
    keyed = trips.dropna(subset=["pu_zone"]).assign(hour=trips["pickup_time"].dt.floor("h"))
    counts = keyed.groupby(["hour", "pu_zone", "service"]).size().rename("pickups")
    return counts.reset_index().sort_values(["hour", "pu_zone", "service"]).reset_index(drop=True)


def service_summary(trips: pd.DataFrame) -> pd.DataFrame:
    """Per service: trips, mean trip km and, where known, how long riders waited.

    ``mean_response_min`` is request -> car on scene, the platform's real pickup wait
    (fhvhv files only); yellow/green trips start at the kerb, so their wait is unknown.
    """
    t = trips.assign(
        response_min=(trips["on_scene_time"] - trips["request_time"]).dt.total_seconds() / 60,
        trip_min=(trips["dropoff_time"] - trips["pickup_time"]).dt.total_seconds() / 60,
    )
    grouped = t.groupby("service")
    table = pd.DataFrame({
        "trips": grouped.size(),
        "mean_trip_km": grouped["trip_km"].mean(),
        "mean_trip_min": grouped["trip_min"].mean(),
        "mean_response_min": grouped["response_min"].mean(),
        "median_response_min": grouped["response_min"].median(),
    }).reset_index()
    table.insert(1, "label", table["service"].map(service_label))
    return table.round(3)


# --------------------------------------------------------------------------------------
# Zone positions and conversion to simulator requests
# --------------------------------------------------------------------------------------


def load_zone_xy(path: str | Path) -> pd.DataFrame:
    """Read zone positions: a CSV with the columns ``LocationID, x_km, y_km``.

    Positions are km east/north of any fixed point (e.g. the south-west corner of
    the area you study). See the README for how to compute them from the TLC taxi
    zone shapefile.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: zone position file not found / 找不到区域坐标文件")
    raw = pd.read_csv(path)
    actual = {str(c).lower(): c for c in raw.columns}
    missing = [c for c in ["locationid", "x_km", "y_km"] if c not in actual]
    if missing:
        raise TripFormatError(f"{path}: missing column(s) / 缺少列: {', '.join(missing)}")
    return pd.DataFrame({
        "LocationID": raw[actual["locationid"]].astype(np.int64),
        "x_km": raw[actual["x_km"]].astype(float),
        "y_km": raw[actual["y_km"]].astype(float),
    })


def grid_zone_xy(zone_ids, spacing_km: float = 1.0) -> pd.DataFrame:
    """Stand-in positions: the zones, sorted by id, on a square grid ``spacing_km`` apart.

    This is *not* the geography of New York; it only lets the simulator run before you
    have real zone positions. Distances, and so waits, are then made up.
    """
    ids = sorted({int(z) for z in pd.Series(zone_ids).dropna()})
    side = max(1, math.ceil(math.sqrt(len(ids))))
    rows, cols = np.divmod(np.arange(len(ids)), side)
    return pd.DataFrame({
        "LocationID": np.array(ids, dtype=np.int64),
        "x_km": (cols + 0.5) * spacing_km,
        "y_km": (rows + 0.5) * spacing_km,
    })


def _has_position(zones: pd.Series, known: set[int]) -> pd.Series:
    return zones.map(lambda z: bool(pd.notna(z) and int(z) in known)).astype(bool)


def unknown_zone_trips(trips: pd.DataFrame, zone_xy: pd.DataFrame) -> int:
    """How many trips start or end in a zone without a position (they are dropped)."""
    known = set(zone_xy["LocationID"].tolist())
    ok = _has_position(trips["pu_zone"], known) & _has_position(trips["do_zone"], known)
    return int((~ok).sum())


def to_requests(
    trips: pd.DataFrame,
    zone_xy: pd.DataFrame,
    start,
    minutes: int,
    seed: int = DEFAULT_SEED,
    jitter_km: float = 0.3,
    patience: tuple[int, int] = (3, 12),
    sample: float = 1.0,
) -> pd.DataFrame:
    """Turn trips into simulator requests (``city.REQUEST_COLUMNS``).

    * The request time is ``request_time`` where the file has it (fhvhv), otherwise
      the pickup time; ``minute`` counts whole minutes from ``start``; only
      ``0 <= minute < minutes`` is kept.
    * Pickup and drop-off points are the zone positions plus a seeded uniform
      jitter of up to ``jitter_km`` in x and y (a zone is an area, not a point),
      never below 0.
    * Trips with a zone missing from ``zone_xy`` are dropped
      (see ``unknown_zone_trips``).
    * ``sample`` < 1 keeps a seeded random share of the trips: a whole city's demand
      is too much for a laptop, and you would then also scale down the fleet.
    * TLC files do not say how patient riders were, so ``patience`` is drawn
      uniformly from the given range (minutes, inclusive).
    """
    if not 0.0 < sample <= 1.0:
        raise ValueError("sample must be in (0, 1]")
    start = pd.Timestamp(start)
    rng = np.random.default_rng(seed)
    when = trips["request_time"].fillna(trips["pickup_time"])
    minute = np.floor((when - start).dt.total_seconds() / 60.0)
    keep = (minute >= 0) & (minute < minutes)
    positions = zone_xy.set_index("LocationID")[["x_km", "y_km"]]
    known = set(positions.index.tolist())
    keep &= _has_position(trips["pu_zone"], known) & _has_position(trips["do_zone"], known)
    chosen = trips.loc[keep].assign(minute=minute[keep].astype(np.int64), when=when[keep])
    # stable: trips of the same instant keep their file order
    chosen = chosen.sort_values(["when"], kind="stable")
    if sample < 1.0:
        chosen = chosen[rng.random(len(chosen)) < sample]
    n = len(chosen)
    pu = positions.loc[chosen["pu_zone"].astype(np.int64)].to_numpy()
    do = positions.loc[chosen["do_zone"].astype(np.int64)].to_numpy()
    jitter = rng.uniform(-jitter_km, jitter_km, (n, 4))
    low, high = patience
    out = pd.DataFrame({
        "request_id": np.arange(n, dtype=np.int64),
        "minute": chosen["minute"].to_numpy(dtype=np.int64),
        "pickup_x": np.round(np.maximum(pu[:, 0] + jitter[:, 0], 0.0), 2),
        "pickup_y": np.round(np.maximum(pu[:, 1] + jitter[:, 1], 0.0), 2),
        "dropoff_x": np.round(np.maximum(do[:, 0] + jitter[:, 2], 0.0), 2),
        "dropoff_y": np.round(np.maximum(do[:, 1] + jitter[:, 3], 0.0), 2),
        "patience": rng.integers(low, high + 1, n).astype(np.int64),
    })
    return out[REQUEST_COLUMNS]
