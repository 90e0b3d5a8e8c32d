"""Numbers from a simulation: service, waiting, empty kilometres, supply and demand.

Definitions used everywhere in this project:

* ``served_share``     served riders / generated riders (应答率)
* ``abandoned_share``  riders who gave up / generated riders (放弃率)
* ``wait``             minutes from the request until the car arrives, served riders only
* ``wait_all``         the same, but riders who gave up count with the minutes they waited
                       before giving up (their patience). Served-only waits flatter a
                       policy that leaves many riders behind: only the lucky ones count.
* ``empty_share``      empty km / all km driven (空驶率): cruising and driving to pickups
* ``utilisation``      average share of cars that are busy (driving to or with a rider)
* ``avg_idle_cars``    average number of idle cars in a zone during an hour (supply)
* ``idle_per_request`` avg_idle_cars / requests in the zone during that hour
                       (供求比: below ~0.1 a zone is short of cars)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .city import City, manhattan
from .sim import ABANDONED, SERVED, WAITING, SimResult

METRIC_COLUMNS = [
    "policy", "cars", "minutes", "generated", "served", "abandoned", "waiting_end",
    "served_share", "abandoned_share", "mean_wait_min", "median_wait_min", "p90_wait_min",
    "mean_wait_all_min",
    "mean_pickup_km", "empty_km", "occupied_km", "empty_share", "utilisation",
]


def _ratio(a: float, b: float) -> float:
    return float(a) / float(b) if b else float("nan")


def metrics(result: SimResult) -> dict:
    """The headline numbers of one simulation run."""
    req = result.requests
    served = req[req["status"] == SERVED]
    waits = served["wait_min"].to_numpy(dtype=float)
    empty = float(result.cars["empty_km"].sum())
    occupied = float(result.cars["occupied_km"].sum())
    have_waits = len(waits) > 0
    gave_up = req.loc[req["status"] == ABANDONED, "patience"].to_numpy(dtype=float)
    finished = np.concatenate([waits, gave_up])
    return {
        "policy": result.policy,
        "cars": result.config.cars,
        "minutes": result.config.minutes,
        "generated": len(req),
        "served": len(served),
        "abandoned": int((req["status"] == ABANDONED).sum()),
        "waiting_end": int((req["status"] == WAITING).sum()),
        "served_share": _ratio(len(served), len(req)),
        "abandoned_share": _ratio((req["status"] == ABANDONED).sum(), len(req)),
        "mean_wait_min": float(waits.mean()) if have_waits else float("nan"),
        "median_wait_min": float(np.median(waits)) if have_waits else float("nan"),
        "p90_wait_min": float(np.percentile(waits, 90)) if have_waits else float("nan"),
        "mean_wait_all_min": float(finished.mean()) if len(finished) else float("nan"),
        "mean_pickup_km": float(served["pickup_km"].mean()) if have_waits else float("nan"),
        "empty_km": empty,
        "occupied_km": occupied,
        "empty_share": _ratio(empty, empty + occupied),
        "utilisation": _ratio(result.history["busy_cars"].mean(), result.config.cars),
    }


def metrics_table(results: dict[str, SimResult]) -> pd.DataFrame:
    """One row of ``metrics`` per policy, rounded for printing and CSV files."""
    table = pd.DataFrame([metrics(r) for r in results.values()], columns=METRIC_COLUMNS)
    return table.round(4)


def zone_hour_table(result: SimResult) -> pd.DataFrame:
    """Demand, service and idle-car supply for every (hour, zone) of the run.

    Every zone appears for every hour, also when it had no requests.
    """
    city = result.city
    req = result.requests
    minutes = np.arange(result.config.minutes)
    minute_hour = city.hour_of(minutes)
    hours = list(dict.fromkeys(minute_hour.tolist()))  # in simulation order
    index = pd.MultiIndex.from_product([hours, range(city.n_zones)], names=["hour", "zone"])

    keyed = req.assign(
        hour=city.hour_of(req["minute"].to_numpy()),
        served=(req["status"] == SERVED).astype(np.int64),
        abandoned=(req["status"] == ABANDONED).astype(np.int64),
    )
    grouped = keyed.groupby(["hour", "zone"])
    table = pd.DataFrame({
        "requests": grouped.size(),
        "served": grouped["served"].sum(),
        "abandoned": grouped["abandoned"].sum(),
        "mean_wait_min": grouped["wait_min"].mean(),
    }).reindex(index)
    for column in ["requests", "served", "abandoned"]:
        table[column] = table[column].fillna(0).astype(np.int64)

    idle = pd.DataFrame(result.idle_by_zone, columns=range(city.n_zones))
    idle["hour"] = minute_hour
    # rows = hours in simulation order, columns = zones: row-major order matches `index`
    avg_idle = idle.groupby("hour").mean().reindex(hours)
    table["avg_idle_cars"] = avg_idle.to_numpy().ravel()

    table["abandon_rate"] = table["abandoned"] / table["requests"].where(table["requests"] > 0)
    table["idle_per_request"] = (
        table["avg_idle_cars"] / table["requests"].where(table["requests"] > 0)
    )
    table = table.reset_index()
    table.insert(0, "policy", result.policy)
    columns = ["policy", "hour", "zone", "requests", "served", "abandoned", "abandon_rate",
               "mean_wait_min", "avg_idle_cars", "idle_per_request"]
    return table[columns].round(4)


def zone_totals(result: SimResult) -> pd.DataFrame:
    """Requests, abandoned riders and abandonment rate per zone over the whole run."""
    req = result.requests
    n_zones = result.city.n_zones
    requests = np.bincount(req["zone"], minlength=n_zones)
    abandoned = np.bincount(req.loc[req["status"] == ABANDONED, "zone"], minlength=n_zones)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(requests > 0, abandoned / np.maximum(requests, 1), np.nan)
    return pd.DataFrame({"zone": np.arange(n_zones), "requests": requests,
                         "abandoned": abandoned, "abandon_rate": rate})


def abandonment_change(base: SimResult, other: SimResult) -> pd.DataFrame:
    """Abandonment by zone under two policies and the change (other - base)."""
    a, b = zone_totals(base), zone_totals(other)
    first, second = base.policy, other.policy
    if first == second:
        first, second = "base", "other"
    table = pd.DataFrame({
        "zone": a["zone"],
        "requests": a["requests"],
        f"abandoned_{first}": a["abandoned"],
        f"abandoned_{second}": b["abandoned"],
        f"rate_{first}": a["abandon_rate"],
        f"rate_{second}": b["abandon_rate"],
    })
    table["rate_change"] = b["abandon_rate"] - a["abandon_rate"]
    return table.round(4)


def wait_histogram(result: SimResult, bin_minutes: float = 1.0, max_minutes: float = 20.0):
    """Counts of served riders per wait band ``[0, 1), [1, 2), ...``; the last band is open."""
    waits = result.requests.loc[result.requests["status"] == SERVED, "wait_min"].to_numpy()
    edges = np.arange(0.0, max_minutes + bin_minutes, bin_minutes)
    counts, _ = np.histogram(np.minimum(waits, edges[-1] - 1e-9), bins=edges)
    return pd.DataFrame({"from_min": edges[:-1], "to_min": edges[1:], "riders": counts})


# --------------------------------------------------------------------------------------
# How many cars does the demand need?
# --------------------------------------------------------------------------------------

LOW_SERVED_SHARE = 0.5    # below this even the best policy leaves most riders behind
PICKUP_KM = 1.5           # a typical drive to the rider when cars are not scarce
TARGET_UTILISATION = 0.8  # cars are never all busy: they are in the wrong place


def cars_needed(requests: pd.DataFrame, city: City, minutes: int,
                pickup_km: float = PICKUP_KM,
                utilisation: float = TARGET_UTILISATION) -> int:
    """A rough fleet size for this demand, by Little's law.

    busy cars = requests per minute x minutes a car is busy per ride, where a ride
    keeps a car busy for the drive to the rider (``pickup_km``) and the trip itself
    (street distance / speed); divided by ``utilisation`` because idle cars are
    rarely right where the next rider waits.
    """
    asked = requests[requests["minute"] < minutes]
    if asked.empty or minutes <= 0:
        return 0
    trip_km = manhattan(asked["pickup_x"], asked["pickup_y"],
                        asked["dropoff_x"], asked["dropoff_y"]).mean()
    busy_min = (float(trip_km) + pickup_km) / city.speed_kmpm
    return int(np.ceil(len(asked) / minutes * busy_min / utilisation))
