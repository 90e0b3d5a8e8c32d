"""SQLite snapshots: one row per topic per snapshot time.

Only the standard library's :mod:`sqlite3`, and every value goes in through ``?``
placeholders (never string formatting: a topic title is text from the internet).

Snapshot times are ``YYYY-MM-DDTHH:MM`` strings in Beijing time (UTC+8), so they sort
correctly as text. Saving the same snapshot twice changes nothing: the primary key
``(taken_at, title)`` plus ``ON CONFLICT ... DO NOTHING`` make it idempotent (other
constraints, such as ``rank >= 1``, still raise).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .models import HotItem

BEIJING = timezone(timedelta(hours=8))
COLUMNS = ["taken_at", "rank", "title", "heat", "label", "source", "url"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS hot_item (
    taken_at TEXT    NOT NULL,
    rank     INTEGER NOT NULL CHECK (rank >= 1),
    title    TEXT    NOT NULL,
    heat     INTEGER,
    label    TEXT    NOT NULL DEFAULT '',
    source   TEXT    NOT NULL DEFAULT '',
    url      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (taken_at, title)
);
CREATE INDEX IF NOT EXISTS hot_item_title ON hot_item (title, taken_at);
"""


def normalise_time(value: datetime | str) -> str:
    """A datetime or ISO string -> ``YYYY-MM-DDTHH:MM`` (Beijing time, to the minute)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not a time: {value!r} (expected e.g. 2025-06-01T08:30)") from None
    if value.tzinfo is not None:
        value = value.astimezone(BEIJING).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M")


def now_beijing() -> str:
    return normalise_time(datetime.now(BEIJING))


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and create if needed) the snapshot database."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


INSERT = ("INSERT INTO hot_item (taken_at, rank, title, heat, label, source, url) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (taken_at, title) DO NOTHING")


def _insert(conn: sqlite3.Connection, rows: list[tuple]) -> int:
    """Insert in one transaction (all or nothing); return how many rows were new."""
    with conn:
        before = conn.total_changes
        conn.executemany(INSERT, rows)
        return conn.total_changes - before


def save_snapshot(conn: sqlite3.Connection, taken_at: datetime | str,
                  items: Iterable[HotItem]) -> int:
    """Store one snapshot; return how many rows were new (0 when saved before)."""
    stamp = normalise_time(taken_at)
    return _insert(conn, [(stamp, item.rank, item.title, item.heat, item.label, item.source,
                           item.url) for item in items])


def save_rows(conn: sqlite3.Connection, rows: Iterable[dict]) -> int:
    """Store rows shaped like :data:`COLUMNS` (e.g. the synthetic day); return new rows."""
    values = []
    for row in rows:
        heat = row.get("heat")
        values.append((normalise_time(row["taken_at"]), int(row["rank"]), str(row["title"]),
                       None if heat in (None, "") else int(heat), str(row.get("label") or ""),
                       str(row.get("source") or ""), str(row.get("url") or "")))
    return _insert(conn, values)


def load_rows(conn: sqlite3.Connection, since: str | None = None,
              until: str | None = None) -> list[dict]:
    """All rows (optionally ``since <= taken_at <= until``), by time then rank."""
    query = "SELECT taken_at, rank, title, heat, label, source, url FROM hot_item"
    where, params = [], []
    if since:
        where.append("taken_at >= ?")
        params.append(normalise_time(since))
    if until:
        where.append("taken_at <= ?")
        params.append(normalise_time(until))
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY taken_at, rank"
    return [dict(row) for row in conn.execute(query, params)]


def snapshot_times(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in
            conn.execute("SELECT DISTINCT taken_at FROM hot_item ORDER BY taken_at")]


def last_snapshot(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT MAX(taken_at) FROM hot_item").fetchone()
    return row[0] if row else None
