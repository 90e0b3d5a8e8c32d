"""Who gets which car? Matching rules on a pickup-distance matrix.

Every rule works on a *cost matrix* ``cost[i, j]`` = km that idle car ``j`` has to
drive to waiting rider ``i`` (rows are riders in order of arrival, columns are
cars). A rule returns a list of ``(rider_row, car_column)`` pairs; no rider and no
car appears twice. Working on a plain matrix keeps the rules independent of the
simulation, so they can be tested on tiny hand-made examples.

* ``greedy_nearest``: riders are served in arrival order, each takes the nearest
  free car. This is also the street-hail rule, with a small radius: a rider can
  only stop a taxi that drives by close enough to be seen.
* ``hungarian``: a platform collects the riders of a short time window (a batch)
  and solves the *assignment problem* for all of them at once, minimising the
  total pickup distance (``scipy.optimize.linear_sum_assignment``, an implementation
  of the Hungarian algorithm family).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

Pairs = list[tuple[int, int]]


def pickup_distances(rider_x, rider_y, car_x, car_y) -> np.ndarray:
    """Manhattan distance (km) from every car to every rider: shape (riders, cars)."""
    rx = np.asarray(rider_x, dtype=float)[:, None]
    ry = np.asarray(rider_y, dtype=float)[:, None]
    cx = np.asarray(car_x, dtype=float)[None, :]
    cy = np.asarray(car_y, dtype=float)[None, :]
    return np.abs(rx - cx) + np.abs(ry - cy)


def greedy_nearest(cost: np.ndarray, max_pickup: float = np.inf) -> Pairs:
    """Riders in row order each take the nearest still-free car within ``max_pickup``.

    Ties go to the car with the lower column index, so the result is deterministic.
    """
    cost = np.asarray(cost, dtype=float)
    if cost.size == 0:
        return []
    free = np.ones(cost.shape[1], dtype=bool)
    pairs: Pairs = []
    for i in range(cost.shape[0]):
        if not free.any():
            break
        row = np.where(free, cost[i], np.inf)
        j = int(np.argmin(row))
        if row[j] <= max_pickup:
            pairs.append((i, j))
            free[j] = False
    return pairs


def hungarian(cost: np.ndarray, max_pickup: float = np.inf, bonus=None) -> Pairs:
    """Optimal batch assignment.

    Among all matchings that only use pairs with ``cost <= max_pickup`` it picks
    one that serves the **most riders**, and among those the one with the **smallest
    total** of ``cost[i, j] - bonus[i]``. Without a bonus that is the smallest total
    pickup distance.

    ``bonus`` (km, one value per rider, optional) makes some riders more attractive
    to serve: when there are more riders than cars, a rider with a bonus of 2 km is
    preferred over one that is up to 2 km closer. The ``max_pickup`` limit always
    applies to the real distance, never to the discounted one.

    How the "most riders first" rule is built: ``linear_sum_assignment`` always
    matches ``min(riders, cars)`` pairs, so a forbidden pair gets a penalty ``big``
    larger than any possible difference in total cost between two matchings. Using
    one forbidden pair fewer then always beats any saving in distance.
    """
    cost = np.asarray(cost, dtype=float)
    if cost.size == 0:
        return []
    allowed = cost <= max_pickup
    if not allowed.any():
        return []
    work = cost.copy()
    if bonus is not None:
        work = work - np.asarray(bonus, dtype=float)[:, None]
    k = min(cost.shape)
    low, high = work[allowed].min(), work[allowed].max()
    big = k * (high - low) + 1.0
    work[~allowed] = high + big
    rows, cols = linear_sum_assignment(work)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if allowed[i, j]]


def total_cost(cost: np.ndarray, pairs: Pairs) -> float:
    return float(sum(cost[i, j] for i, j in pairs))


def low_supply_bonus(rider_zones, car_zones, n_zones: int, bonus_km: float) -> np.ndarray:
    """Priority bonus (km) for each waiting rider, larger where cars are scarce.

    For every zone: ``shortage = max(0, 1 - idle cars in the zone / waiting riders
    in the zone)``. A zone with at least as many idle cars as riders has no
    shortage (0); a zone with riders but no car has shortage 1. Each rider gets
    ``bonus_km * shortage`` of their zone.

    Example: riders in zones [0, 0, 1, 2], idle cars in zones [0, 2, 2], bonus 2 km
    -> zone 0: 1 car for 2 riders, shortage 0.5; zone 1: no car, 1.0; zone 2: 0.0
    -> bonus [1.0, 1.0, 2.0, 0.0].

    This is the idea behind CUMCM 2015 B, question 3: a subsidy that makes riders
    in under-served areas worth a detour, so fewer of them give up.
    """
    # >>> SOLUTION
    rider_zones = np.asarray(rider_zones, dtype=np.int64)
    car_zones = np.asarray(car_zones, dtype=np.int64)
    riders = np.bincount(rider_zones, minlength=n_zones).astype(float)
    cars = np.bincount(car_zones, minlength=n_zones).astype(float)
    shortage = np.zeros(n_zones)
    has_riders = riders > 0
    shortage[has_riders] = np.clip(1.0 - cars[has_riders] / riders[has_riders], 0.0, 1.0)
    return bonus_km * shortage[rider_zones]
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按区域算缺车程度，返回每位乘客的奖励公里数"
    #     " / exercise: measure the car shortage per zone, return each rider's bonus kilometres")
    # <<< STUB
