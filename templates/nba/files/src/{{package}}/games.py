"""The project's own ("tidy") CSV formats for game results and schedules.

Results (``games.csv``), one row per game, in date order::

    date,visitor,visitor_pts,home,home_pts,overtime
    2025-10-21,BOS,104,NYK,112,
    2025-10-22,LAL,118,DEN,120,OT

Schedule (``schedule.csv``), games still to be played::

    date,visitor,home
    2026-03-18,PHX,SAC

Teams may be written as abbreviations, full names, nicknames or Chinese short
names; they are stored as abbreviations. :func:`load_games` and
:func:`load_schedule` also accept Basketball-Reference exports (see ``bref.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .teams import UnknownTeamError, resolve_team

GAME_COLUMNS = ["date", "visitor", "visitor_pts", "home", "home_pts", "overtime"]
SCHEDULE_COLUMNS = ["date", "visitor", "home"]
OVERTIME_PATTERN = re.compile(r"^(\d*OT)?$")


class DataFormatError(ValueError):
    """A file does not look like game results or a schedule."""


def _check_columns(df: pd.DataFrame, expected: list[str], source: str) -> None:
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"{source}: 缺少列 / missing column(s): {', '.join(missing)}. "
            f"需要 / expected: {','.join(expected)} "
            "(或 Basketball-Reference 的赛程导出 / or a Basketball-Reference schedule export)"
        )


def _resolve_column(values: pd.Series, source: str) -> list[str]:
    out = []
    for line, value in enumerate(values, start=2):  # line 1 is the header
        try:
            out.append(resolve_team(value))
        except UnknownTeamError as exc:
            raise DataFormatError(f"{source}, line {line}: {exc}") from None
    return out


def _dates(values: pd.Series, source: str) -> list[str]:
    parsed = pd.to_datetime(values.astype(str).str.strip(), format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        bad = values[parsed.isna()].iloc[0]
        raise DataFormatError(f"{source}: 日期格式应为 YYYY-MM-DD / bad date {bad!r}")
    return [d.strftime("%Y-%m-%d") for d in parsed]


def tidy_games(df: pd.DataFrame, source: str = "games") -> pd.DataFrame:
    """Validate and normalise a results table; returns GAME_COLUMNS in date order."""
    _check_columns(df, [c for c in GAME_COLUMNS if c != "overtime"], source)
    out = pd.DataFrame({
        "date": _dates(df["date"], source),
        "visitor": _resolve_column(df["visitor"], source),
        "home": _resolve_column(df["home"], source),
    })
    for column in ["visitor_pts", "home_pts"]:
        points = pd.to_numeric(df[column], errors="coerce")
        if points.isna().any():
            raise DataFormatError(f"{source}: {column} 必须是整数 / must be whole numbers")
        out[column] = points.astype("int64").to_numpy()
    overtime = df["overtime"] if "overtime" in df.columns else pd.Series([""] * len(df))
    out["overtime"] = [("" if pd.isna(v) else str(v).strip().upper()) for v in overtime]
    bad_ot = [v for v in out["overtime"] if not OVERTIME_PATTERN.match(v)]
    if bad_ot:
        raise DataFormatError(f"{source}: overtime 只能是空、OT、2OT… / bad value {bad_ot[0]!r}")
    if (out["visitor"] == out["home"]).any():
        raise DataFormatError(f"{source}: 有球队和自己比赛 / a team plays itself")
    if (out["visitor_pts"] == out["home_pts"]).any():
        raise DataFormatError(f"{source}: NBA 没有平局 / a game ends in a tie")
    out = out[GAME_COLUMNS]
    # A stable sort keeps the file's order within one day.
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def tidy_schedule(df: pd.DataFrame, source: str = "schedule") -> pd.DataFrame:
    """Validate and normalise a schedule; returns SCHEDULE_COLUMNS in date order."""
    _check_columns(df, SCHEDULE_COLUMNS, source)
    out = pd.DataFrame({
        "date": _dates(df["date"], source),
        "visitor": _resolve_column(df["visitor"], source),
        "home": _resolve_column(df["home"], source),
    })
    if (out["visitor"] == out["home"]).any():
        raise DataFormatError(f"{source}: 有球队和自己比赛 / a team plays itself")
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise FileNotFoundError(f"找不到文件 / file not found: {path}")


def is_bref_export(path: str | Path) -> bool:
    """True if the file looks like a Basketball-Reference schedule export."""
    path = Path(path)
    if not path.is_file():
        return False
    with path.open(encoding="utf-8-sig") as handle:
        head = handle.read(4096)
    return "Visitor/Neutral" in head and "Home/Neutral" in head


def read_table(path: str | Path) -> pd.DataFrame:
    # keep_default_na=False: an empty overtime cell stays "", not NaN
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_games(*paths: str | Path) -> pd.DataFrame:
    """Played games from one or more files (tidy CSV or Basketball-Reference export).

    Each file counts as one season (column ``season`` = 0, 1, ... in the order
    given), so pass several seasons oldest first. Unplayed rows of a
    Basketball-Reference export are skipped here; see :func:`load_schedule`.
    """
    if not paths:
        raise ValueError("load_games needs at least one file")
    frames = []
    for season, path in enumerate(paths):
        path = Path(path)
        _require_file(path)
        if is_bref_export(path):
            from .bref import read_bref_schedule

            games, _ = read_bref_schedule(path)
        else:
            games = tidy_games(read_table(path), str(path))
        if games.empty:
            raise DataFormatError(f"{path}: 没有已完成的比赛 / no played games")
        games.insert(0, "season", season)
        frames.append(games)
    return pd.concat(frames, ignore_index=True)


def load_schedule(path: str | Path) -> pd.DataFrame:
    """Games to predict: a tidy ``date,visitor,home`` CSV, or the *unplayed* rows of a
    Basketball-Reference export (rows without scores)."""
    path = Path(path)
    _require_file(path)
    if is_bref_export(path):
        from .bref import read_bref_schedule

        _, schedule = read_bref_schedule(path)
        return schedule
    return tidy_schedule(read_table(path), str(path))


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV with ``\\n`` line ends on every OS (stable bytes for a given seed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")
    return path
