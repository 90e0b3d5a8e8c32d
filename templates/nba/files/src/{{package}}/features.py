"""One feature row per game, built only from what was known *before* tip-off.

The classic tutorial adds end-of-season team statistics to every game of that same
season. That leaks the future: a game in November then "knows" how the team did in
March, and the cross-validation score looks better than any real forecast could be.
Here we walk through the games in date order and, for each game, first write down
the features from the current state and only then record the result:

* Elo ratings of both teams before the game (``elo.py``); ``elo_diff`` includes the
  +100 home-court bonus of the tutorial, ``elo_prob`` is Elo's own forecast;
* recent form: share of wins and average point margin over each team's last
  ``window`` games (season to date while fewer have been played);
* rest: days since the team's previous game (capped at 4; 1 = back-to-back).

``test_features`` checks this: changing the results of later games never changes
the features of earlier ones.
"""

from __future__ import annotations

from collections import deque
from datetime import date

import pandas as pd

from .elo import CLASSIC, EloConfig, EloTable

FORM_WINDOW = 10
MAX_REST = 4
FEATURE_COLUMNS = [
    "home_elo", "visitor_elo", "elo_diff", "elo_prob",
    "home_form", "visitor_form", "home_margin", "visitor_margin",
    "home_rest", "visitor_rest",
]


class SeasonTracker:
    """Everything we know about the teams at one moment of the season."""

    def __init__(self, config: EloConfig = CLASSIC, window: int = FORM_WINDOW):
        self.elo = EloTable(config)
        self.window = window
        self.recent: dict[str, deque] = {}       # team -> last results as (won, margin)
        self.last_date: dict[str, date] = {}
        self.season = None

    def start_season(self, season) -> None:
        """Called when the ``season`` column changes: regress ratings, reset form."""
        if self.season is not None and season != self.season:
            self.elo.new_season()
            self.recent.clear()
            self.last_date.clear()
        self.season = season

    def _form(self, team: str) -> tuple[float, float]:
        results = self.recent.get(team)
        if not results:
            return 0.5, 0.0                        # nothing known yet: average team
        wins = sum(won for won, _ in results) / len(results)
        margin = sum(m for _, m in results) / len(results)
        return wins, margin

    def _rest(self, team: str, day: date) -> int:
        if team not in self.last_date:
            return MAX_REST
        return max(0, min(MAX_REST, (day - self.last_date[team]).days))

    def features(self, day: date, visitor: str, home: str) -> dict[str, float]:
        """The feature row of a game about to be played (nothing is updated)."""
        home_elo, visitor_elo = self.elo.get(home), self.elo.get(visitor)
        home_form, home_margin = self._form(home)
        visitor_form, visitor_margin = self._form(visitor)
        return {
            "home_elo": home_elo,
            "visitor_elo": visitor_elo,
            "elo_diff": home_elo + self.elo.config.home_advantage - visitor_elo,
            "elo_prob": self.elo.home_win_probability(home, visitor),
            "home_form": home_form,
            "visitor_form": visitor_form,
            "home_margin": home_margin,
            "visitor_margin": visitor_margin,
            "home_rest": self._rest(home, day),
            "visitor_rest": self._rest(visitor, day),
        }

    def record(self, day: date, visitor: str, home: str,
               visitor_pts: int, home_pts: int) -> None:
        """Learn from a finished game."""
        margin = int(home_pts) - int(visitor_pts)
        if margin > 0:
            self.elo.record(home, visitor, margin)
        else:
            self.elo.record(visitor, home, -margin)
        for team, team_margin in ((home, margin), (visitor, -margin)):
            results = self.recent.setdefault(team, deque(maxlen=self.window))
            results.append((team_margin > 0, team_margin))
        self.note_date(day, visitor, home)

    def note_date(self, day: date, visitor: str, home: str) -> None:
        """Remember that both teams play on ``day`` (for the rest feature)."""
        self.last_date[home] = day
        self.last_date[visitor] = day


def _day(text) -> date:
    return date.fromisoformat(str(text))


def build_features(games: pd.DataFrame, config: EloConfig = CLASSIC,
                   window: int = FORM_WINDOW, tracker: SeasonTracker | None = None
                   ) -> pd.DataFrame:
    """Feature rows for played ``games`` (tidy format, date order) + target ``home_win``.

    Pass your own ``tracker`` to keep the state after the last game (for predictions).
    """
    tracker = tracker or SeasonTracker(config, window)
    seasons = games["season"] if "season" in games.columns else [0] * len(games)
    rows = []
    for season, game in zip(seasons, games.itertuples(index=False), strict=True):
        tracker.start_season(season)
        day = _day(game.date)
        row = tracker.features(day, game.visitor, game.home)   # BEFORE the result
        row["home_win"] = int(game.home_pts > game.visitor_pts)
        rows.append(row)
        tracker.record(day, game.visitor, game.home, game.visitor_pts, game.home_pts)
    frame = pd.DataFrame(rows, columns=FEATURE_COLUMNS + ["home_win"])
    keys = games[["date", "visitor", "home"]].reset_index(drop=True)
    return pd.concat([keys, frame], axis=1)


def schedule_features(tracker: SeasonTracker, schedule: pd.DataFrame) -> pd.DataFrame:
    """Feature rows for future games, from the state after the last played game.

    Ratings and form stay frozen (results are unknown), but the dates are known in
    advance, so the rest days follow the schedule itself.
    """
    rows = []
    for game in schedule.itertuples(index=False):
        day = _day(game.date)
        rows.append(tracker.features(day, game.visitor, game.home))
        tracker.note_date(day, game.visitor, game.home)
    frame = pd.DataFrame(rows, columns=FEATURE_COLUMNS)
    keys = schedule[["date", "visitor", "home"]].reset_index(drop=True)
    return pd.concat([keys, frame], axis=1)


def elo_history(games: pd.DataFrame, config: EloConfig = CLASSIC) -> pd.DataFrame:
    """Each team's rating after every game: columns date, team, elo."""
    tracker = SeasonTracker(config)
    seasons = games["season"] if "season" in games.columns else [0] * len(games)
    rows = []
    for season, game in zip(seasons, games.itertuples(index=False), strict=True):
        tracker.start_season(season)
        tracker.record(_day(game.date), game.visitor, game.home, game.visitor_pts, game.home_pts)
        for team in (game.home, game.visitor):
            rows.append((game.date, team, tracker.elo.get(team)))
    return pd.DataFrame(rows, columns=["date", "team", "elo"])
