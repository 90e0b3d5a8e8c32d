"""Win probabilities for games that have not been played yet.

1. Walk through all played games (features + ratings, as in training).
2. Fit the model on all of them.
3. Build the feature rows of the scheduled games from the state after the last
   played game and predict.

Ratings and form cannot change during the schedule (we do not know those results),
so a game in three weeks is predicted with today's ratings.
"""

from __future__ import annotations

import pandas as pd

from .elo import CLASSIC, EloConfig
from .features import SeasonTracker, build_features, schedule_features
from .model import fit, predict_proba

PREDICTION_COLUMNS = [
    "date", "visitor", "home", "visitor_elo", "home_elo", "home_win_prob", "predicted_winner",
]


def predict_schedule(games: pd.DataFrame, schedule: pd.DataFrame,
                     feature_set: str = "elo_form", config: EloConfig = CLASSIC
                     ) -> pd.DataFrame:
    """One row per scheduled game with PREDICTION_COLUMNS.

    ``home_elo``/``visitor_elo`` are the current ratings (without the home bonus);
    ``home_win_prob`` is the model's probability that the home team wins.
    """
    tracker = SeasonTracker(config)
    features = build_features(games, config, tracker=tracker)
    fitted = fit(features, feature_set)
    upcoming = schedule_features(tracker, schedule)
    p = predict_proba(fitted, upcoming, feature_set) if len(upcoming) else []
    out = upcoming[["date", "visitor", "home", "visitor_elo", "home_elo"]].copy()
    out["home_win_prob"] = [round(float(x), 4) for x in p]
    out["predicted_winner"] = [
        home if prob >= 0.5 else visitor
        for home, visitor, prob in zip(out["home"], out["visitor"], out["home_win_prob"],
                                       strict=True)
    ]
    return out[PREDICTION_COLUMNS]
