"""The minute-by-minute simulation engine.

Every simulated minute ``t`` runs the same steps:

1. the riders whose request arrives in minute ``t`` join the waiting line;
2. street hail only: every idle taxi cruises one step along a random street;
3. matching (batch policies: every ``batch_minutes`` minutes): the policy pairs waiting riders with
   idle cars; a matched car drives to the rider and then to the destination and is
   busy until it gets there; the rider's *wait* is the time spent in the line plus
   the time the car needs to reach them;
   platform policies only: idle cars that still have no rider drive one minute
   toward a waiting rider (``rebalance``);
4. riders who have now waited ``patience`` minutes without a match give up
   (they are *abandoned*, 放弃);
5. one row of the history is recorded.

The books always balance: at every minute
``generated = served + abandoned + waiting`` (see the tests).

Policies
--------
``hail``     路边扬招: idle taxis cruise; a rider can only take a taxi within
             ``hail_radius_km`` (nearest first, riders in arrival order).
``greedy``   就近派单: idle cars wait where they are; the platform gives each rider,
             in arrival order, the nearest idle car within ``max_pickup_km``.
``batch``    批量匹配: like greedy, but the riders of each batch are matched at once
             with the Hungarian algorithm (fewest unserved riders, then shortest
             total pickup distance).
``priority`` 低供给区优先: batch matching plus a bonus for riders in zones with few
             idle cars (the stretch exercise in ``policies.low_supply_bonus``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .city import City, check_requests, manhattan
from .fleet import Fleet
from .policies import greedy_nearest, hungarian, low_supply_bonus, pickup_distances

POLICIES = ["hail", "greedy", "batch", "priority"]

POLICY_NAMES = {
    "zh": {"hail": "路边扬招", "greedy": "就近派单", "batch": "批量匹配",
           "priority": "低供给区优先"},
    "en": {"hail": "street hail", "greedy": "greedy nearest", "batch": "batch Hungarian",
           "priority": "low-supply priority"},
}

WAITING, SERVED, ABANDONED = "waiting", "served", "abandoned"


@dataclass(frozen=True)
class SimConfig:
    policy: str = "batch"
    cars: int = 120
    minutes: int = 240
    hail_radius_km: float = 0.5   # how far away a rider can spot and stop a taxi
    max_pickup_km: float = 3.0    # the platform never sends a car further than this
    batch_minutes: int = 1        # matching happens every batch_minutes minutes
    bonus_km: float = 2.0         # "priority": bonus for riders in zones without cars
    rebalance: bool = True        # platform: idle cars drive toward waiting riders
    seed: int = 7                 # starting positions of the cars and cruising

    def __post_init__(self):
        if self.policy not in POLICIES:
            raise ValueError(f"unknown policy {self.policy!r}; choose from {POLICIES}")
        if self.cars < 1 or self.minutes < 1 or self.batch_minutes < 1:
            raise ValueError("cars, minutes and batch_minutes must be at least 1")


@dataclass
class SimResult:
    config: SimConfig
    city: City
    requests: pd.DataFrame     # the input rows plus status, car, matched_minute, pickup_km, wait
    history: pd.DataFrame      # one row per minute
    cars: pd.DataFrame         # one row per car: trips, empty_km, occupied_km
    idle_by_zone: np.ndarray   # (minutes, zones): idle cars in each zone before matching
    start: np.ndarray          # (cars, 2): where the cars were at minute 0

    @property
    def policy(self) -> str:
        return self.config.policy


@dataclass
class State:
    """What an observer sees after each minute (see ``simulate(observer=...)``)."""

    minute: int
    fleet: Fleet
    waiting: list[int]
    status: np.ndarray
    assigned: list[tuple[int, int, int]]  # (request row, car, minute) matched this minute


def simulate(
    requests: pd.DataFrame,
    config: SimConfig | None = None,
    city: City | None = None,
    observer: Callable[[State], None] | None = None,
    start=None,
    **overrides,
) -> SimResult:
    """Run one policy on a requests frame (see ``city.REQUEST_COLUMNS``).

    Requests that arrive at or after ``config.minutes`` are ignored. Keyword
    arguments override single config fields: ``simulate(req, policy="hail")``.
    ``start`` is an optional list of ``(x, y)`` starting points, one per car (it
    sets the number of cars); by default ``config.cars`` cars start at random
    points drawn with ``config.seed``. ``observer(state)`` is called after every
    minute, e.g. to check invariants in tests.
    """
    config = replace(config or SimConfig(), **overrides)
    if start is not None:
        config = replace(config, cars=len(start))
    city = city or City()
    req = check_requests(requests)
    req = req[req["minute"] < config.minutes].reset_index(drop=True)
    n = len(req)
    minute = req["minute"].to_numpy()
    px, py = req["pickup_x"].to_numpy(), req["pickup_y"].to_numpy()
    dx, dy = req["dropoff_x"].to_numpy(), req["dropoff_y"].to_numpy()
    patience = req["patience"].to_numpy()
    trip_km = manhattan(px, py, dx, dy)
    pickup_zone = city.zone_of(px, py)

    rng = np.random.default_rng(config.seed)
    if start is None:
        fleet = Fleet.spawn(config.cars, city, rng)
    else:
        points = np.asarray(start, dtype=float).reshape(-1, 2)
        fleet = Fleet(points[:, 0], points[:, 1])
    start_xy = np.column_stack([fleet.x, fleet.y])
    cruise = config.policy == "hail"
    batched = config.policy in ("batch", "priority")  # the others match every minute
    if cruise:
        radius, rule = config.hail_radius_km, greedy_nearest
    else:
        radius = config.max_pickup_km
        rule = greedy_nearest if config.policy == "greedy" else hungarian

    status = np.full(n, WAITING, dtype=object)
    car_of = np.full(n, -1, dtype=np.int64)
    matched_at = np.full(n, -1, dtype=np.int64)
    pickup_km = np.full(n, np.nan)
    wait = np.full(n, np.nan)
    idle_by_zone = np.zeros((config.minutes, city.n_zones), dtype=np.int64)
    rows = []
    waiting: list[int] = []
    next_row = generated = served = abandoned = 0

    for t in range(config.minutes):
        # 1. new requests join the line (arrival order)
        while next_row < n and minute[next_row] == t:
            waiting.append(next_row)
            next_row += 1
            generated += 1

        idle = fleet.idle(t)
        # 2. street hail: idle taxis cruise looking for riders
        if cruise:
            fleet.cruise(idle, city.speed_kmpm, city, rng)
        idle_by_zone[t] = np.bincount(city.zone_of(fleet.x[idle], fleet.y[idle]),
                                      minlength=city.n_zones)

        # 3. matching
        assigned: list[tuple[int, int, int]] = []
        if waiting and len(idle) and (not batched or t % config.batch_minutes == 0):
            w = np.array(waiting)
            cost = pickup_distances(px[w], py[w], fleet.x[idle], fleet.y[idle])
            if config.policy == "priority":
                car_zones = city.zone_of(fleet.x[idle], fleet.y[idle])
                bonus = low_supply_bonus(pickup_zone[w], car_zones, city.n_zones,
                                         config.bonus_km)
                pairs = hungarian(cost, radius, bonus=bonus)
            else:
                pairs = rule(cost, radius)
            for i, j in pairs:
                r, car = int(w[i]), int(idle[j])
                d = float(cost[i, j])
                fleet.assign(car, t, d, float(trip_km[r]), (dx[r], dy[r]), city.speed_kmpm)
                status[r], car_of[r], matched_at[r], pickup_km[r] = SERVED, car, t, d
                wait[r] = (t - minute[r]) + d / city.speed_kmpm
                assigned.append((r, car, t))
            served += len(pairs)
            done = {r for r, _, _ in assigned}
            waiting = [r for r in waiting if r not in done]

        # 3b. platform only: the riders still waiting have no idle car within reach
        #     (or the next batch has not come yet). The platform pairs them with idle
        #     cars by the same rule, without the distance limit, and those cars start
        #     driving toward their rider (like the demand "heat map" a ride-hailing app
        #     shows its drivers). Nothing is promised: the next matching starts afresh.
        if config.rebalance and not cruise and waiting:
            free = fleet.idle(t)
            if len(free):
                w = np.array(waiting)
                cost = pickup_distances(px[w], py[w], fleet.x[free], fleet.y[free])
                pairs = (greedy_nearest if config.policy == "greedy" else hungarian)(cost)
                if pairs:
                    rider, car = (np.array(v) for v in zip(*pairs, strict=True))
                    fleet.drive_toward(free[car], px[w[rider]], py[w[rider]],
                                       city.speed_kmpm)

        # 4. riders who waited long enough give up
        still = []
        for r in waiting:
            if t - minute[r] >= patience[r]:
                status[r] = ABANDONED
                abandoned += 1
            else:
                still.append(r)
        waiting = still

        # 5. record
        busy = int((fleet.busy_until > t).sum())
        rows.append((t, city.clock(t), generated, served, abandoned, len(waiting),
                     config.cars - busy, busy))
        if observer is not None:
            observer(State(t, fleet, list(waiting), status, assigned))

    history = pd.DataFrame(rows, columns=["minute", "clock", "generated", "served",
                                          "abandoned", "waiting", "idle_cars", "busy_cars"])
    out = req.copy()
    out["zone"] = pickup_zone
    out["status"] = status.astype(str)
    out["car"] = car_of
    out["matched_minute"] = matched_at
    out["pickup_km"] = np.round(pickup_km, 3)
    out["trip_km"] = np.round(trip_km, 3)
    out["wait_min"] = np.round(wait, 3)
    return SimResult(config, city, out, history, fleet.summary(), idle_by_zone, start_xy)


def run_policies(requests: pd.DataFrame, policies=None, config: SimConfig | None = None,
                 city: City | None = None, skip_unfinished: bool = True, start=None):
    """Simulate several policies on the same requests and the same starting fleet.

    ``start`` optionally fixes the cars' starting points (see ``simulate``).
    Returns ``(results, skipped)``: ``results`` maps each policy to its SimResult.
    With ``skip_unfinished`` a policy whose code raises NotImplementedError (an
    exercise not done yet) is listed in ``skipped`` instead of stopping the run.
    """
    config = config or SimConfig()
    results: dict[str, SimResult] = {}
    skipped: list[str] = []
    for policy in policies or POLICIES:
        try:
            results[policy] = simulate(requests, replace(config, policy=policy), city,
                                       start=start)
        except NotImplementedError:
            if not skip_unfinished:
                raise
            skipped.append(policy)
    return results, skipped
