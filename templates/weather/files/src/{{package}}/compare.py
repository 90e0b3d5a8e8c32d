"""Stretch exercise: compare two sources day by day.

Two forecasts for the same city rarely agree to the degree. Put them side by side
for every date both give, compute the differences of the highs and of the lows
(first source minus second) and flag the days where either differs by more than
``threshold`` ℃. A missing value (today's high late in the evening) gives no
difference and cannot trigger a flag.

Expected rows (dicts, sorted by date)::

    {"date": "2026-01-11", "high_a": 3.0, "high_b": 7.2, "high_diff": -4.2,
     "low_a": -7.0, "low_b": -6.1, "low_diff": -0.9, "flagged": True}
"""

from __future__ import annotations

from .models import DayForecast

COMPARE_COLUMNS = ["date", "high_a", "high_b", "high_diff", "low_a", "low_b", "low_diff",
                   "flagged"]


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 1)


def compare_sources(first: list[DayForecast], second: list[DayForecast],
                    threshold: float = 3.0) -> list[dict]:
    """Dates in both lists, with differences and a ``flagged`` column (see module doc)."""
    # >>> SOLUTION
    by_date = {day.date: day for day in second}
    rows = []
    for a in sorted(first, key=lambda day: day.date):
        b = by_date.get(a.date)
        if b is None:
            continue
        high_diff = _diff(a.high, b.high)
        low_diff = _diff(a.low, b.low)
        flagged = any(d is not None and abs(d) > threshold for d in (high_diff, low_diff))
        rows.append({"date": a.date, "high_a": a.high, "high_b": b.high, "high_diff": high_diff,
                     "low_a": a.low, "low_b": b.low, "low_diff": low_diff, "flagged": flagged})
    return rows
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按日期对齐两个来源，标出温差超过 threshold 的日子"
    #     " / exercise: align the two sources by date, mark days that differ by more than"
    #     " threshold")
    # <<< STUB
