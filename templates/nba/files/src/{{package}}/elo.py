"""The Elo rating, exactly as in the classic "predict NBA games with Python" tutorial.

Every team starts at 1600. Before a game, the *expected score* of team A against
team B is

    E_A = 1 / (1 + 10 ** ((R_B - R_A) / 400))          and  E_A + E_B = 1.

After the game the winner gains ``round(K * (1 - E_winner))`` points and the loser
loses exactly the same number, so the total of all ratings never changes (zero sum).
K depends on the winner's rating before the game, as in chess:

    rating < 2100          K = 32
    2100 <= rating < 2400  K = 24
    rating >= 2400         K = 16

Home court: when the ratings are used as *features*, the home team gets
``HOME_ADVANTAGE`` = 100 extra points (a home team is stronger than its rating
says). The tutorial does not use that bonus in the update itself, and neither do we.

Stretch exercise: :func:`mov_multiplier` (margin of victory) and
:func:`regress_to_mean` (between seasons) make the rating better; compare them with
the classic version in the demo's cross-validation table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BASE_ELO = 1600
HOME_ADVANTAGE = 100


def expected(rating_a: float, rating_b: float) -> float:
    """Expected score (win probability) of A against B."""
    return 1.0 / (1.0 + math.pow(10.0, (rating_b - rating_a) / 400.0))


def k_factor(rating: float) -> int:
    """K by rating band: 32 below 2100, 24 from 2100 to below 2400, 16 from 2400."""
    if rating < 2100:
        return 32
    if rating < 2400:
        return 24
    return 16


def update(winner: int, loser: int, multiplier: float = 1.0) -> tuple[int, int]:
    """New ``(winner, loser)`` ratings after one game.

    ``multiplier`` scales the change (1.0 in the classic version; see
    :func:`mov_multiplier`). Ratings stay whole numbers because the change is
    rounded with ``round()``, as in the tutorial.
    """
    change = round(k_factor(winner) * multiplier * (1.0 - expected(winner, loser)))
    return winner + change, loser - change


def mov_multiplier(margin: int, winner_elo_diff: float) -> float:
    """Margin-of-victory multiplier for K (stretch exercise).

    A 25-point win says more than a 1-point win, so it should move the ratings more,
    but with diminishing returns; and a favourite that wins big was expected to, so
    the bonus shrinks when the winner was already rated higher. A common choice is

        (margin + 3) ** 0.8 / (7.5 + 0.006 * winner_elo_diff)

    where ``winner_elo_diff`` = winner's rating - loser's rating before the game.
    It is about 1 for a typical margin of 8 to 9 points between equal teams.
    """
    # >>> SOLUTION
    margin = abs(int(margin))
    return (margin + 3) ** 0.8 / (7.5 + 0.006 * winner_elo_diff)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：实现分差乘数 (margin+3)**0.8 / (7.5+0.006*elo差)"
    #     " / exercise: margin multiplier (margin+3)**0.8 / (7.5+0.006*elo_difference)")
    # <<< STUB


def regress_to_mean(ratings: dict[str, int], keep: float = 0.75,
                    mean: float = BASE_ELO) -> dict[str, int]:
    """Pull every rating part of the way back to ``mean`` (stretch exercise).

    Between two seasons players retire, are traded or get better, so last season's
    rating is only partly true for the next one: keep ``keep`` of the distance to the
    mean, rounded to a whole number. ``keep=1`` changes nothing, ``keep=0`` resets
    everybody to ``mean``.
    """
    # >>> SOLUTION
    return {team: round(mean + keep * (rating - mean)) for team, rating in ratings.items()}
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：把每个等级分向均值拉回：mean + keep*(r-mean)"
    #     " / exercise: pull every rating back towards the mean: mean + keep*(r-mean)")
    # <<< STUB


@dataclass(frozen=True)
class EloConfig:
    """How ratings are updated.

    The default is the classic tutorial version. ``mov=True`` uses
    :func:`mov_multiplier`; ``season_keep`` (e.g. 0.75) applies
    :func:`regress_to_mean` whenever a new season starts.
    """

    base: int = BASE_ELO
    home_advantage: int = HOME_ADVANTAGE
    mov: bool = False
    season_keep: float | None = None

    @property
    def name(self) -> str:
        if not self.mov and self.season_keep is None:
            return "classic"
        parts = (["mov"] if self.mov else []) + (
            [f"keep{self.season_keep:g}"] if self.season_keep is not None else [])
        return "+".join(parts)


CLASSIC = EloConfig()
IMPROVED = EloConfig(mov=True, season_keep=0.75)


class EloTable:
    """Current ratings of all teams (unknown teams start at ``config.base``)."""

    def __init__(self, config: EloConfig = CLASSIC):
        self.config = config
        self.ratings: dict[str, int] = {}

    def get(self, team: str) -> int:
        return self.ratings.get(team, self.config.base)

    def home_win_probability(self, home: str, visitor: str) -> float:
        """Elo's own forecast, with the home-court bonus."""
        return expected(self.get(home) + self.config.home_advantage, self.get(visitor))

    def record(self, winner: str, loser: str, margin: int) -> None:
        rw, rl = self.get(winner), self.get(loser)
        multiplier = mov_multiplier(margin, rw - rl) if self.config.mov else 1.0
        self.ratings[winner], self.ratings[loser] = update(rw, rl, multiplier)

    def new_season(self) -> None:
        if self.config.season_keep is not None:
            self.ratings = regress_to_mean(self.ratings, self.config.season_keep,
                                           self.config.base)
