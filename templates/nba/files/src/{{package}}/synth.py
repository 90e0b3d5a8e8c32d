"""A synthetic NBA season on the real 30-team list.

Real results cannot be shipped with the project, so the offline demo plays a
made-up season whose hidden truth we know:

* every team has a latent *strength* in points per game (mean 0, spread about 5.5
  points, like the net ratings of a real season) that drifts slowly during the
  season (injuries, trades, form);
* the home team gets ``home_advantage`` extra points (about 2.5 in today's NBA);
* the home margin of one game = strength(home) - strength(visitor) + home advantage
  + luck, where luck has a spread of about 12 points, like real NBA games;
* a game that is level (within one point) after regulation goes to overtime.

The schedule follows the NBA's 82-game formula: 4 games against each of the 4
division rivals, 4 games against 6 and 3 games against 4 of the other conference
teams, and 2 games (one home, one away) against each of the 15 teams of the other
conference; 41 home games each. ``season_format="double"`` is a smaller season:
home and away against everybody (58 games each).

Everything comes from ``numpy.random.default_rng(seed)``: the same seed always
gives the same season, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .games import GAME_COLUMNS, SCHEDULE_COLUMNS
from .teams import CONFERENCES, load_teams

DEFAULT_SEED = 2016  # the season the classic tutorial predicted
SEASON_FORMATS = {"nba": 82, "double": 58}
SEASON_START = date(2025, 10, 21)


@dataclass
class SyntheticSeason:
    """All games with results, plus the hidden truth behind them."""

    games: pd.DataFrame          # GAME_COLUMNS, date order
    strength: pd.Series          # latent strength at the start (points), by abbreviation
    final_strength: pd.Series    # latent strength after the drift, by abbreviation
    home_advantage: float
    seed: int


def _divisions(rng: np.random.Generator) -> dict[str, list[list[str]]]:
    """conference -> its 3 divisions -> 5 teams each, in a seed-dependent order."""
    teams = load_teams()
    out = {}
    for conference, divisions in CONFERENCES.items():
        out[conference] = []
        for division in divisions:
            members = teams.loc[teams["division"] == division, "abbreviation"].tolist()
            out[conference].append([members[i] for i in rng.permutation(len(members))])
    return out


def nba_matchups(rng: np.random.Generator) -> list[tuple[str, str]]:
    """The 1230 (home, visitor) pairs of an 82-game season, unordered in time."""
    divisions = _divisions(rng)
    games: list[tuple[str, str]] = []

    def series(a: str, b: str, home_a: int, home_b: int) -> None:
        games.extend([(a, b)] * home_a + [(b, a)] * home_b)

    conferences = list(divisions)
    for conference in conferences:
        divs = divisions[conference]
        # Division rivals: 4 games, 2 at each home.
        for members in divs:
            for i in range(5):
                for j in range(i + 1, 5):
                    series(members[i], members[j], 2, 2)
        # Same conference, other division: team i of one division meets teams i and
        # i+1 (mod 5) of the next division only 3 times, so every team has exactly
        # four 3-game opponents. The extra home game goes to the first division for
        # partner i and to the second one for partner i+1: 41 home games for all.
        for d in range(3):
            first, second = divs[d], divs[(d + 1) % 3]
            for i in range(5):
                for j in range(5):
                    offset = (j - i) % 5
                    if offset == 0:
                        series(first[i], second[j], 2, 1)
                    elif offset == 1:
                        series(first[i], second[j], 1, 2)
                    else:
                        series(first[i], second[j], 2, 2)
    # Other conference: one game at each home.
    east = [t for members in divisions[conferences[0]] for t in members]
    west = [t for members in divisions[conferences[1]] for t in members]
    for a in east:
        for b in west:
            series(a, b, 1, 1)
    return games


def double_round_robin() -> list[tuple[str, str]]:
    """Every team hosts every other team once: 870 games, 58 per team."""
    teams = load_teams()["abbreviation"].tolist()
    return [(home, visitor) for home in teams for visitor in teams if home != visitor]


def assign_dates(matchups: list[tuple[str, str]], rng: np.random.Generator,
                 start: date = SEASON_START) -> pd.DataFrame:
    """Spread the games over the calendar like a real season.

    Each day gets 4 to 12 games; nobody plays twice on one day or three days in a
    row; teams with many games left are scheduled first, so the season does not
    end with a long tail of single games.
    """
    order = rng.permutation(len(matchups))
    remaining = [matchups[i] for i in order]
    left: dict[str, int] = {}
    for home, visitor in remaining:
        left[home] = left.get(home, 0) + 1
        left[visitor] = left.get(visitor, 0) + 1
    played_on: dict[str, set[int]] = {team: set() for team in left}
    rows = []
    day = 0
    while remaining:
        target = int(rng.integers(4, 13))
        priority = np.array([left[h] + left[v] for h, v in remaining], dtype=float)
        priority += rng.random(len(remaining))        # random tie-break
        busy: set[str] = set()
        taken = []
        for index in np.argsort(-priority, kind="stable"):
            home, visitor = remaining[index]
            if home in busy or visitor in busy:
                continue
            if any({day - 1, day - 2} <= played_on[t] for t in (home, visitor)):
                continue                                # would be 3 days in a row
            busy.update((home, visitor))
            taken.append(int(index))
            if len(taken) == target:
                break
        for index in sorted(taken):
            home, visitor = remaining[index]
            rows.append((start + timedelta(days=day), visitor, home))
            played_on[home].add(day)
            played_on[visitor].add(day)
            left[home] -= 1
            left[visitor] -= 1
        for index in sorted(taken, reverse=True):
            del remaining[index]
        day += 1
    schedule = pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)
    schedule["date"] = [d.isoformat() for d in schedule["date"]]
    return schedule


def _play(mu: float, rng: np.random.Generator) -> tuple[int, int, str]:
    """(home points, visitor points, overtime) of one game with expected home margin mu."""
    margin = mu + rng.normal(0.0, 12.0)
    total = rng.normal(228.0, 14.0)                     # both teams' points together
    # Late-game tactics (fouling, last shots) make level scores after 48 minutes
    # more common than a smooth curve suggests: treat |margin| < 1 as a tie.
    diff = 0 if abs(margin) < 1.0 else int(round(margin))
    home = int(round((total + diff) / 2))
    visitor = home - diff
    periods = 0
    while home == visitor:                              # 5-minute overtime periods
        periods += 1
        visitor_ot = int(round(rng.normal(11.0, 2.5)))
        ot_diff = int(round(rng.normal(mu * 5 / 48, 3.9)))
        home += visitor_ot + ot_diff
        visitor += visitor_ot
    overtime = "" if periods == 0 else ("OT" if periods == 1 else f"{periods}OT")
    return home, visitor, overtime


def simulate_season(seed: int = DEFAULT_SEED, season_format: str = "nba",
                    strength_sd: float = 5.5, home_advantage: float = 2.5,
                    drift_sd: float = 0.1) -> SyntheticSeason:
    """Play a whole synthetic season; see the module docstring for the model."""
    if season_format not in SEASON_FORMATS:
        raise ValueError(f"season_format must be one of {sorted(SEASON_FORMATS)}")
    rng = np.random.default_rng(seed)
    teams = load_teams()["abbreviation"].tolist()
    strength = rng.normal(0.0, strength_sd, size=len(teams))
    strength = np.round(strength - strength.mean(), 1)   # league average = 0

    matchups = nba_matchups(rng) if season_format == "nba" else double_round_robin()
    schedule = assign_dates(matchups, rng)
    day_index = pd.to_datetime(schedule["date"]).map(lambda d: d.toordinal()).to_numpy()
    day_index = day_index - day_index.min()
    n_days = int(day_index.max()) + 1
    # A slow random walk per team: form, injuries and trades change strength a bit.
    drift = np.cumsum(rng.normal(0.0, drift_sd, size=(n_days, len(teams))), axis=0)
    column = {team: i for i, team in enumerate(teams)}

    rows = []
    for (day, visitor, home), d in zip(schedule.itertuples(index=False), day_index, strict=True):
        h, v = column[home], column[visitor]
        mu = (strength[h] + drift[d, h]) - (strength[v] + drift[d, v]) + home_advantage
        home_pts, visitor_pts, overtime = _play(mu, rng)
        rows.append((day, visitor, visitor_pts, home, home_pts, overtime))
    games = pd.DataFrame(rows, columns=GAME_COLUMNS).astype(
        {"visitor_pts": "int64", "home_pts": "int64"})
    return SyntheticSeason(
        games=games,
        strength=pd.Series(strength, index=teams, name="strength"),
        final_strength=pd.Series(np.round(strength + drift[-1], 1), index=teams,
                                 name="final_strength"),
        home_advantage=home_advantage,
        seed=seed,
    )


def split_season(games: pd.DataFrame, played_fraction: float = 0.8):
    """Cut a season at a date: ``(played, schedule, hidden_results)``.

    ``played`` are the games before the cut (about ``played_fraction`` of them), the
    ``schedule`` lists the rest without scores, and ``hidden_results`` are their real
    results (which only a synthetic world lets us know in advance).
    """
    if not 0 < played_fraction < 1:
        raise ValueError("played_fraction must be between 0 and 1")
    cut_date = games["date"].iloc[int(round(played_fraction * len(games)))]
    before = games["date"] < cut_date
    played = games[before].reset_index(drop=True)
    hidden = games[~before].reset_index(drop=True)
    return played, hidden[SCHEDULE_COLUMNS].copy(), hidden


def write_sample(out_dir, seed: int = DEFAULT_SEED, season_format: str = "nba",
                 played_fraction: float = 0.8) -> list:
    """Write ``games.csv`` (played part) and ``schedule.csv`` (the rest) to ``out_dir``."""
    from pathlib import Path

    from .games import write_csv

    season = simulate_season(seed=seed, season_format=season_format)
    played, schedule, _ = split_season(season.games, played_fraction)
    out_dir = Path(out_dir)
    return [write_csv(played, out_dir / "games.csv"), write_csv(schedule, out_dir / "schedule.csv")]
