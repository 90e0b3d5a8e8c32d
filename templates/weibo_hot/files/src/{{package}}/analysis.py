"""How long topics stay on the list, how high they get, and how their rank moves.

Input: rows with ``taken_at`` (``YYYY-MM-DDTHH:MM``), ``rank``, ``title`` and optionally
``heat``, from :func:`.store.load_rows` or :func:`.synth.read_rows`.

Definitions (the snapshot interval is the typical gap between two snapshots, e.g. 30 min):

* ``first_seen`` / ``last_seen``: the first and last snapshot that shows the topic;
* ``snapshots``: how many snapshots show it;
* ``minutes_on_list`` = snapshots x interval: each snapshot stands for the interval
  that follows it, so a topic seen in 3 half-hourly snapshots was on the list ~90 min;
* ``span_minutes`` = last_seen - first_seen + interval: the same number when the topic
  stayed without a break, larger when it left and came back;
* ``best_rank`` (1 = top) and ``best_rank_at``, the first time it reached it;
* ``peak_heat``: the highest heat shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import pairwise
from statistics import median

SUMMARY_COLUMNS = ["title", "first_seen", "last_seen", "snapshots", "minutes_on_list",
                   "span_minutes", "best_rank", "best_rank_at", "peak_heat"]
REENTRY_COLUMNS = ["title", "stays", "first_left_after", "came_back_at", "longest_gap_minutes"]


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _minutes(a: str, b: str) -> int:
    return round((_time(b) - _time(a)).total_seconds() / 60)


def snapshot_times(rows: list[dict]) -> list[str]:
    return sorted({row["taken_at"] for row in rows})


def interval_minutes(times: list[str]) -> int:
    """The typical gap between snapshots (median, so one missed snapshot does not count)."""
    if len(times) < 2:
        return 0
    return round(median(_minutes(a, b) for a, b in pairwise(times)))


def _by_title(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["taken_at"], int(r["rank"]))):
        grouped[row["title"]].append(row)
    return grouped


def time_on_list(rows: list[dict], interval: int | None = None) -> list[dict]:
    """One summary per topic, longest on the list first (then best rank, then title)."""
    if not rows:
        return []
    step = interval_minutes(snapshot_times(rows)) if interval is None else interval
    summary = []
    for title, seen in _by_title(rows).items():
        best = min(seen, key=lambda r: (int(r["rank"]), r["taken_at"]))
        heats = [int(r["heat"]) for r in seen if r.get("heat") not in (None, "")]
        summary.append({
            "title": title,
            "first_seen": seen[0]["taken_at"],
            "last_seen": seen[-1]["taken_at"],
            "snapshots": len(seen),
            "minutes_on_list": len(seen) * step,
            "span_minutes": _minutes(seen[0]["taken_at"], seen[-1]["taken_at"]) + step,
            "best_rank": int(best["rank"]),
            "best_rank_at": best["taken_at"],
            "peak_heat": max(heats) if heats else None,
        })
    summary.sort(key=lambda s: (-s["minutes_on_list"], s["best_rank"], s["title"]))
    return summary


def trajectories(rows: list[dict], titles: list[str]) -> dict[str, list[tuple[str, int]]]:
    """``{title: [(taken_at, rank), ...]}`` for the given titles, in time order."""
    wanted = set(titles)
    paths: dict[str, list[tuple[str, int]]] = {title: [] for title in titles}
    for row in sorted(rows, key=lambda r: r["taken_at"]):
        if row["title"] in wanted:
            paths[row["title"]].append((row["taken_at"], int(row["rank"])))
    return paths


def label_counts(rows: list[dict]) -> dict[str, int]:
    """How many (snapshot, topic) rows carry each label ("" = none)."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.get("label") or ""] += 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def find_reentries(rows: list[dict]) -> list[dict]:
    """Stretch exercise: topics that drop off the list and come back later.

    A *stay* is a run of consecutive snapshots (in the list of all snapshot times) that
    show the topic. Return one dict per topic with at least two stays, with the keys of
    :data:`REENTRY_COLUMNS`: ``stays``, ``first_left_after`` (last snapshot of the first
    stay), ``came_back_at`` (first snapshot of the second stay) and
    ``longest_gap_minutes`` (longest time between the end of one stay and the start of
    the next). Most stays first, then the longest gap, then the title.
    """
    # >>> SOLUTION
    times = snapshot_times(rows)
    position = {stamp: index for index, stamp in enumerate(times)}
    found = []
    for title, seen in _by_title(rows).items():
        indices = sorted({position[r["taken_at"]] for r in seen})
        runs = [[indices[0]]]
        for index in indices[1:]:
            if index == runs[-1][-1] + 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        if len(runs) < 2:
            continue
        gaps = [_minutes(times[a[-1]], times[b[0]]) for a, b in pairwise(runs)]
        found.append({
            "title": title,
            "stays": len(runs),
            "first_left_after": times[runs[0][-1]],
            "came_back_at": times[runs[1][0]],
            "longest_gap_minutes": max(gaps),
        })
    found.sort(key=lambda f: (-f["stays"], -f["longest_gap_minutes"], f["title"]))
    return found
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：找出掉出榜单后又重新上榜的话题（见文档字符串）"
    #     " / exercise: find topics that left the list and came back (see the docstring)")
    # <<< STUB
