"""The 30 NBA teams, and turning any way of writing a team into its abbreviation.

``teams.csv`` (next to this file) lists every team with its conference and
division. These are public facts; update the file if the league changes.

Throughout the project a team is identified by its three-letter abbreviation
("BOS", "LAL", ...). :func:`resolve_team` accepts the abbreviation, the full name
("Boston Celtics"), the nickname ("Celtics"), the Chinese short name ("凯尔特人")
and a few older names and Basketball-Reference spellings (see ``ALIASES``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

CONFERENCES = {
    "East": ["Atlantic", "Central", "Southeast"],
    "West": ["Northwest", "Pacific", "Southwest"],
}
TEAM_COLUMNS = [
    "abbreviation", "full_name", "location", "nickname", "conference", "division", "name_zh",
]

# Other spellings seen in real data files -> today's abbreviation.
# Basketball-Reference uses BRK/CHO/PHO where the NBA uses BKN/CHA/PHX; relocated or
# renamed franchises are mapped to the team that carries them on today.
ALIASES = {
    "BRK": "BKN", "CHO": "CHA", "PHO": "PHX",
    "NJN": "BKN", "New Jersey Nets": "BKN",
    "CHH": "CHA", "Charlotte Bobcats": "CHA",
    "NOH": "NOP", "NOK": "NOP", "New Orleans Hornets": "NOP",
    "New Orleans/Oklahoma City Hornets": "NOP",
    "SEA": "OKC", "Seattle SuperSonics": "OKC",
    "VAN": "MEM", "Vancouver Grizzlies": "MEM",
    "WSB": "WAS", "Washington Bullets": "WAS",
    "LA Clippers": "LAC",
    "独行侠": "DAL", "小牛": "DAL",
}


class UnknownTeamError(ValueError):
    """A team name that is not one of the 30 teams (nor a known alias)."""


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files(__package__).joinpath("teams.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def load_teams():
    """All teams as a pandas DataFrame (one row per team, in teams.csv order)."""
    import pandas as pd

    return pd.DataFrame(list(_rows()), columns=TEAM_COLUMNS)


def team_abbreviations() -> list[str]:
    return [row["abbreviation"] for row in _rows()]


def team_info(abbreviation: str) -> dict[str, str]:
    """The teams.csv row of one team, e.g. ``team_info("BOS")["conference"] == "East"``."""
    for row in _rows():
        if row["abbreviation"] == abbreviation:
            return dict(row)
    raise UnknownTeamError(abbreviation)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _rows():
        for key in ("abbreviation", "full_name", "nickname", "name_zh"):
            table[row[key].casefold()] = row["abbreviation"]
    for alias, abbreviation in ALIASES.items():
        table[alias.casefold()] = abbreviation
    return table


def resolve_team(name) -> str:
    """Return the abbreviation of ``name``; raise :class:`UnknownTeamError` if unknown.

    >>> resolve_team("Los Angeles Lakers"), resolve_team("lal"), resolve_team("PHO")
    ('LAL', 'LAL', 'PHX')

    Surrounding spaces and Basketball-Reference's "*" (playoff team) are ignored.
    """
    key = str(name).strip().rstrip("*").strip().casefold()
    try:
        return _lookup()[key]
    except KeyError:
        raise UnknownTeamError(
            f"未知球队 / unknown team: {str(name).strip()!r}. "
            "可以在 teams.py 的 ALIASES 里加一个别名 / add an alias to ALIASES in teams.py"
        ) from None
