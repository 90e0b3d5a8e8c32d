"""Basketball-Reference "Schedule & Results" CSV exports.

On basketball-reference.com a season's schedule page (Season -> Schedule and
Results, one page per month) has "Share & Export -> Get table as CSV". The export
looks like this (recent seasons; older ones lack ``LOG`` and ``Arena``)::

    Date,Start (ET),Visitor/Neutral,PTS,Home/Neutral,PTS,,,Attend.,LOG,Arena,Notes
    Tue Oct 21 2025,7:30p,Team A,101,Team B,99,Box Score,,18000,2:15,Some Arena,
    Wed Oct 22 2025,8:00p,Team C,121,Team D,123,Box Score,2OT,19000,2:51,Other Arena,
    Thu Oct 23 2025,7:00p,Team E,,Team F,,,,,,Third Arena,

* the two ``PTS`` columns are the visitor's and the home team's points;
* the first unnamed column is the "Box Score" link, the second one says ``OT``,
  ``2OT``, ... for overtime games;
* games not played yet have no points;
* dates come as ``Tue Oct 21 2025`` or ``Tue, Oct 21, 2025``;
* copying several months together can repeat the header line, and a whole-season
  table has a ``Playoffs`` line before the playoff games.

We read the file with the ``csv`` module by column *position* (pandas would rename
the second ``PTS`` to ``PTS.1`` and the empty headers to ``Unnamed: 6``...).
Please respect the site's terms: download the CSV by hand, do not script the site.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd

from .games import GAME_COLUMNS, OVERTIME_PATTERN, SCHEDULE_COLUMNS, DataFormatError
from .teams import UnknownTeamError, resolve_team

DATE_FORMATS = ["%a %b %d %Y", "%a, %b %d, %Y", "%b %d %Y", "%Y-%m-%d"]


def parse_bref_date(text: str) -> str | None:
    """``"Tue Oct 21 2025"`` or ``"Tue, Oct 21, 2025"`` -> ``"2025-10-21"``; None if
    the text is not a date (a "Playoffs" line, an empty line...)."""
    text = " ".join(text.split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


def _positions(header: list[str], source: str) -> dict[str, int]:
    names = [h.strip() for h in header]
    try:
        visitor = names.index("Visitor/Neutral")
        home = names.index("Home/Neutral")
    except ValueError:
        raise DataFormatError(
            f"{source}: 不是 Basketball-Reference 赛程表 / not a Basketball-Reference "
            "schedule export (needs the columns Visitor/Neutral and Home/Neutral)"
        ) from None
    if names[visitor + 1:visitor + 2] != ["PTS"] or names[home + 1:home + 2] != ["PTS"]:
        raise DataFormatError(f"{source}: 'PTS' 列应紧跟在球队列之后 / PTS must follow each team")
    # The unnamed columns after the home points: [box score link, overtime].
    unnamed = [i for i in range(home + 2, len(names)) if names[i] == ""]
    return {
        "date": 0,
        "visitor": visitor,
        "visitor_pts": visitor + 1,
        "home": home,
        "home_pts": home + 1,
        "overtime": unnamed[1] if len(unnamed) >= 2 else -1,
    }


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if 0 <= index < len(row) else ""


def _points(text: str, source: str, line: int) -> int | None:
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise DataFormatError(
            f"{source}, line {line}: 比分不是整数 / bad points {text!r}") from None


def read_bref_schedule(path: str | Path, include_playoffs: bool = True):
    """Read an export; return ``(played, unplayed)`` in the project's tidy formats.

    ``played`` has GAME_COLUMNS, ``unplayed`` has SCHEDULE_COLUMNS; both are in
    date order and use team abbreviations. Lines after a ``Playoffs`` line are
    playoff games; ``include_playoffs=False`` drops them.
    """
    path = Path(path)
    source = str(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header_at = next((i for i, r in enumerate(rows) if r and r[0].strip() == "Date"), None)
    if header_at is None:
        raise DataFormatError(f"{source}: 找不到表头 Date,... / no header line starting with Date")
    pos = _positions(rows[header_at], source)

    played, unplayed = [], []
    in_playoffs = False
    for line, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        first = _cell(row, 0)
        if first == "Date" or not any(cell.strip() for cell in row):
            continue                                   # repeated header or empty line
        date = parse_bref_date(first)
        if date is None:
            if first.lower().startswith("playoffs"):
                in_playoffs = True
                continue
            raise DataFormatError(f"{source}, line {line}: 无法识别的日期 / unknown date {first!r}")
        if in_playoffs and not include_playoffs:
            continue
        try:
            visitor = resolve_team(_cell(row, pos["visitor"]))
            home = resolve_team(_cell(row, pos["home"]))
        except UnknownTeamError as exc:
            raise DataFormatError(f"{source}, line {line}: {exc}") from None
        visitor_pts = _points(_cell(row, pos["visitor_pts"]), source, line)
        home_pts = _points(_cell(row, pos["home_pts"]), source, line)
        if visitor_pts is None or home_pts is None:
            unplayed.append((date, visitor, home))      # not played yet (or postponed)
            continue
        if visitor_pts == home_pts:
            raise DataFormatError(f"{source}, line {line}: NBA 没有平局 / a tie is impossible")
        overtime = _cell(row, pos["overtime"]).upper()
        if not OVERTIME_PATTERN.match(overtime):
            raise DataFormatError(f"{source}, line {line}: 加时列 / bad overtime {overtime!r}")
        played.append((date, visitor, visitor_pts, home, home_pts, overtime))

    games = pd.DataFrame(played, columns=GAME_COLUMNS).astype(
        {"visitor_pts": "int64", "home_pts": "int64"})
    schedule = pd.DataFrame(unplayed, columns=SCHEDULE_COLUMNS)
    return (games.sort_values("date", kind="stable").reset_index(drop=True),
            schedule.sort_values("date", kind="stable").reset_index(drop=True))
