"""Logistic regression on the pre-game features, judged by 10-fold cross-validation.

The target is ``home_win`` (1 = the home team won). Every model is compared with
the simplest forecast there is: **the home team always wins**, with probability =
the share of home wins in the training folds. A model that cannot beat that has
learned nothing.

Two scores per fold:

* accuracy: share of games whose winner was called correctly;
* log loss: how good the *probabilities* are (lower is better). Saying 0.99 and
  being wrong costs a lot; always saying 0.5 gives log 2 = 0.693.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits  # installed with scikit-learn

from .features import FEATURE_COLUMNS

N_FOLDS = 10  # as in the tutorial: cross_val_score(model, X, y, cv=10)
FEATURE_SETS = {
    # The tutorial's Elo part: both ratings, the home team's with +100 (elo_diff).
    "elo": ["elo_diff"],
    # Elo + recent form + rest days.
    "elo_form": [c for c in FEATURE_COLUMNS if c != "elo_prob"],
}
BASELINE = "home_always_wins"


class HomeTeamWins(BaseEstimator, ClassifierMixin):
    """The baseline: always pick the home team, with the home-win share as probability."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        self.p_ = float(np.clip(np.mean(y), 0.01, 0.99))
        return self

    def predict_proba(self, X):
        p = np.full(len(X), self.p_)
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        return np.ones(len(X), dtype="int64")


def make_model(name: str = "logreg"):
    if name == BASELINE:
        return HomeTeamWins()
    if name == "logreg":
        # Scaling puts Elo points (hundreds) and shares (0..1) on one footing.
        return Pipeline([("scale", StandardScaler()),
                         ("model", LogisticRegression(max_iter=1000))])
    raise ValueError(f"unknown model {name!r}")


def one_thread():
    """Run numeric libraries on one thread.

    A few hundred rows are far too small to share out between threads; on a busy
    machine the threads mostly wait for each other (a fit can get five times slower).
    """
    return threadpool_limits(limits=1)


def splitter(seed: int, folds: int = N_FOLDS) -> StratifiedKFold:
    """10 folds, each with the same share of home wins; shuffled with a fixed seed."""
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)


def cross_validate(features: pd.DataFrame, model: str = "logreg", feature_set: str = "elo_form",
                   seed: int = 0, folds: int = N_FOLDS):
    """Return ``(per_fold, out_of_fold_probabilities)``.

    ``per_fold`` has one row per fold: fold, accuracy, log_loss. The out-of-fold
    probabilities (each game predicted by the model that did not see it) are what
    the calibration plot uses.
    """
    columns = FEATURE_SETS[feature_set]
    X = features[columns].to_numpy(dtype=float)
    y = features["home_win"].to_numpy(dtype="int64")
    oof = np.zeros(len(y))
    rows = []
    with one_thread():
        for fold, (train, test) in enumerate(splitter(seed, folds).split(X, y), start=1):
            fitted = make_model(model).fit(X[train], y[train])
            p = fitted.predict_proba(X[test])[:, 1]
            oof[test] = p
            rows.append({
                "fold": fold,
                "accuracy": accuracy_score(y[test], (p >= 0.5).astype(int)),
                "log_loss": log_loss(y[test], p, labels=[0, 1]),
            })
    return pd.DataFrame(rows), oof


def summarize(name: str, feature_set: str, elo: str, per_fold: pd.DataFrame) -> dict:
    return {
        "model": name,
        "features": feature_set,
        "elo": elo,
        "folds": len(per_fold),
        "mean_accuracy": round(float(per_fold["accuracy"].mean()), 4),
        "std_accuracy": round(float(per_fold["accuracy"].std(ddof=0)), 4),
        "mean_log_loss": round(float(per_fold["log_loss"].mean()), 4),
        "std_log_loss": round(float(per_fold["log_loss"].std(ddof=0)), 4),
    }


def fit(features: pd.DataFrame, feature_set: str = "elo_form", model: str = "logreg"):
    """Fit one model on all rows (after cross-validation has chosen it)."""
    columns = FEATURE_SETS[feature_set]
    with one_thread():
        return make_model(model).fit(features[columns].to_numpy(dtype=float),
                                     features["home_win"].to_numpy(dtype="int64"))


def predict_proba(fitted, features: pd.DataFrame, feature_set: str = "elo_form") -> np.ndarray:
    """Home-win probability of each row."""
    return fitted.predict_proba(features[FEATURE_SETS[feature_set]].to_numpy(dtype=float))[:, 1]


def compare_models(games: pd.DataFrame, seed: int = 0, folds: int = N_FOLDS):
    """Cross-validate the baseline and the models; return ``(table, per_fold, oof)``.

    ``table`` has one row per candidate, ``per_fold`` the scores of every fold and
    ``oof`` the out-of-fold probabilities of the classic ``elo_form`` model. The
    improved Elo (margin of victory, stretch exercise) is added when it is written.
    """
    from .elo import CLASSIC, IMPROVED
    from .features import build_features

    classic = build_features(games, CLASSIC)
    candidates = [
        (BASELINE, "-", CLASSIC.name, classic),
        ("logreg", "elo", CLASSIC.name, classic),
        ("logreg", "elo_form", CLASSIC.name, classic),
    ]
    try:
        improved = build_features(games, IMPROVED)
    except NotImplementedError:
        improved = None                  # stretch exercise not done yet
    if improved is not None:
        candidates.append(("logreg", "elo_form", IMPROVED.name, improved))

    rows, folds_frames, oof = [], [], None
    for name, feature_set, elo_name, features in candidates:
        per_fold, probabilities = cross_validate(
            features, name, feature_set if feature_set != "-" else "elo", seed, folds)
        rows.append(summarize(name, feature_set, elo_name, per_fold))
        per_fold.insert(0, "model", f"{name}:{feature_set}:{elo_name}")
        folds_frames.append(per_fold)
        if (name, feature_set, elo_name) == ("logreg", "elo_form", CLASSIC.name):
            oof = probabilities
    return pd.DataFrame(rows), pd.concat(folds_frames, ignore_index=True), oof
