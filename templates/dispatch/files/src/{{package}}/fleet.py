"""The cars: where they are, when they are free again, how far they drove.

The state of all cars is kept in NumPy arrays (one entry per car) rather than
in one object per car: the dispatch policies need "all idle cars" as a matrix of
distances, and arrays make that a one-liner.

Kilometres are split into two kinds, the key cost of a taxi system:

* **empty km** (空驶里程): driving without a passenger, i.e. cruising in search of
  a street hail, or driving to a pickup;
* **occupied km** (载客里程): driving with a passenger.
"""

from __future__ import annotations

import math

import numpy as np

from .city import City


class Fleet:
    def __init__(self, x, y):
        self.x = np.asarray(x, dtype=float).copy()
        self.y = np.asarray(y, dtype=float).copy()
        n = len(self.x)
        if len(self.y) != n:
            raise ValueError("x and y need the same length")
        self.busy_until = np.zeros(n, dtype=np.int64)  # first minute the car is free again
        self.empty_km = np.zeros(n)
        self.occupied_km = np.zeros(n)
        self.trips = np.zeros(n, dtype=np.int64)

    @classmethod
    def spawn(cls, n: int, city: City, rng: np.random.Generator) -> Fleet:
        """``n`` cars at random street positions (rounded to 10 m)."""
        x = np.round(rng.uniform(0.0, city.size_km, n), 2)
        y = np.round(rng.uniform(0.0, city.size_km, n), 2)
        return cls(x, y)

    def __len__(self) -> int:
        return len(self.x)

    def idle(self, minute: int) -> np.ndarray:
        """Indices of the cars without a job at ``minute``."""
        return np.flatnonzero(self.busy_until <= minute)

    def is_busy(self, car: int, minute: int) -> bool:
        return bool(self.busy_until[car] > minute)

    def assign(self, car: int, minute: int, pickup_km: float, trip_km: float,
               dropoff: tuple[float, float], speed_kmpm: float) -> int:
        """Send ``car`` to a rider and on to the drop-off; return the minute it is free.

        The car is busy for the time it needs to drive both legs, rounded up to
        whole minutes (at least one minute), and then waits at the drop-off point.
        """
        if self.is_busy(car, minute):
            raise RuntimeError(f"car {car} is busy until minute {self.busy_until[car]}")
        drive = (pickup_km + trip_km) / speed_kmpm
        self.busy_until[car] = minute + max(1, math.ceil(drive - 1e-9))
        self.empty_km[car] += pickup_km
        self.occupied_km[car] += trip_km
        self.trips[car] += 1
        self.x[car], self.y[car] = dropoff
        return int(self.busy_until[car])

    def cruise(self, cars: np.ndarray, step_km: float, city: City,
               rng: np.random.Generator) -> None:
        """Move idle ``cars`` one step along a random street (north/south/east/west).

        A car that would leave the city turns back at the edge. Every cruising
        kilometre is an empty kilometre.
        """
        if len(cars) == 0:
            return
        direction = rng.integers(0, 4, len(cars))
        sign = np.where(direction % 2 == 0, 1.0, -1.0)
        along_x = direction < 2
        size = city.size_km
        for coords, mask in ((self.x, along_x), (self.y, ~along_x)):
            moved = cars[mask]
            new = coords[moved] + sign[mask] * step_km
            new = np.where(new < 0.0, -new, new)                # bounce at the west/south edge
            new = np.where(new > size, 2 * size - new, new)     # bounce at the east/north edge
            coords[moved] = np.clip(new, 0.0, size)
        self.empty_km[cars] += step_km

    def drive_toward(self, cars: np.ndarray, tx, ty, step_km: float) -> None:
        """Move ``cars`` up to ``step_km`` along the streets toward the points (tx, ty).

        The car first drives east/west, then north/south (a Manhattan path), and
        stops at the target. The distance driven counts as empty km.
        """
        if len(cars) == 0:
            return
        gap_x = np.asarray(tx, dtype=float) - self.x[cars]
        gap_y = np.asarray(ty, dtype=float) - self.y[cars]
        move_x = np.clip(gap_x, -step_km, step_km)
        left = step_km - np.abs(move_x)
        move_y = np.clip(gap_y, -left, left)
        self.x[cars] += move_x
        self.y[cars] += move_y
        self.empty_km[cars] += np.abs(move_x) + np.abs(move_y)

    def summary(self):
        """One row per car: trips, empty and occupied kilometres."""
        import pandas as pd

        return pd.DataFrame({
            "car": np.arange(len(self)),
            "trips": self.trips,
            "empty_km": self.empty_km.copy(),
            "occupied_km": self.occupied_km.copy(),
        })
