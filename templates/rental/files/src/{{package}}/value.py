"""Stretch exercise: which flat is the best *value*, commute included?

A cheap flat far from work is not really cheap: the hours spent on the way cost
something too. Put a price on your time and combine three numbers per listing:

    commute_cost = 2 trips x commute_min / 60 x yuan_per_hour x workdays
    value_score  = fair_rent - rent - commute_cost          (yuan per month)

A positive score means: cheaper than the flat "should" cost, even after paying for
the commute. Ranking by value_score is a different list from the bargain list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_YUAN_PER_HOUR = 30.0
DEFAULT_WORKDAYS = 22


def as_minutes(values) -> np.ndarray:
    """A number, a list or a column of minutes -> a float array (NaN stays NaN).

    A helper for :func:`commute_cost`: arrays let you compute with every row at once.
    """
    return np.asarray(values, dtype=float)


def commute_cost(commute_min, yuan_per_hour: float = DEFAULT_YUAN_PER_HOUR,
                 workdays: int = DEFAULT_WORKDAYS):
    """Monthly cost of commuting (there and back on every workday), in yuan.

    ``commute_min`` is the one-way time in minutes (a number or an array); NaN stays NaN.
    """
    # >>> SOLUTION
    if yuan_per_hour < 0 or workdays < 0:
        raise ValueError("yuan_per_hour and workdays must not be negative")
    minutes = as_minutes(commute_min)
    return np.round(2 * minutes / 60.0 * yuan_per_hour * workdays, 1)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：计算每月通勤成本（往返、按工作日）"
    #     " / exercise: monthly commuting cost (both ways, working days)")
    # <<< STUB


def rank_by_value(df: pd.DataFrame, yuan_per_hour: float = DEFAULT_YUAN_PER_HOUR,
                  workdays: int = DEFAULT_WORKDAYS) -> pd.DataFrame:
    """Add ``commute_cost`` and ``value_score`` and sort best value first.

    Needs the columns ``fair_rent``, ``rent`` and ``commute_min``; rows where any of
    them is missing are dropped. Ties keep the order of ``listing_id``.
    """
    # >>> SOLUTION
    needed = ["fair_rent", "rent", "commute_min"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise KeyError(f"missing column(s): {', '.join(missing)}")
    out = df.dropna(subset=needed).copy()
    out["commute_cost"] = commute_cost(out["commute_min"], yuan_per_hour, workdays)
    out["value_score"] = np.round(out["fair_rent"] - out["rent"] - out["commute_cost"], 1)
    return out.sort_values(["value_score", "listing_id"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：计算 value_score 并从高到低排序"
    #     " / exercise: compute value_score and sort from high to low")
    # <<< STUB
