"""Fair rent: what should this flat cost, given where it is and what it is?

Four models, compared with 5-fold cross-validation:

* ``median``       always predicts the median rent (the baseline to beat);
* ``district_m2``  the classic table analysis: median yuan per ㎡ of the district x area;
* ``linear``       ridge regression on log(rent): log(area), rooms, halls, baths, subway
                   distance, floors, one-hot district / floor level / orientation;
* ``boosting``     gradient-boosted trees on the same columns (finds interactions itself).

A *bargain* is a listing whose asking rent is well below its fair rent. The fair rent
of each listing is predicted *out of fold* (``cross_val_predict``): the model that
prices a listing never saw that listing, so a cheap flat cannot pull its own
prediction down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_predict, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

NUMERIC = ["area_m2", "rooms", "halls", "baths", "subway_m", "total_floors"]
CATEGORICAL = ["district", "floor_level", "orientation"]
FEATURES = NUMERIC + CATEGORICAL
MODEL_NAMES = ["median", "district_m2", "linear", "boosting"]
NO_SUBWAY_M = 3000.0   # "no station nearby" is treated as far away (plus an indicator)
DEFAULT_THRESHOLD = 0.15


class DistrictPricePerM2(BaseEstimator, RegressorMixin):
    """Predict rent = median(rent / area) of the listing's district x its area.

    Districts not seen in training use the overall median.
    """

    def fit(self, X: pd.DataFrame, y):
        per_m2 = np.asarray(y, dtype=float) / X["area_m2"].to_numpy(dtype=float)
        table = pd.DataFrame({"district": X["district"].to_numpy(), "per_m2": per_m2})
        self.per_m2_ = table.groupby("district")["per_m2"].median().to_dict()
        self.overall_ = float(np.median(per_m2))
        return self

    def predict(self, X: pd.DataFrame):
        rate = X["district"].map(self.per_m2_).astype("float64").fillna(self.overall_)
        return rate.to_numpy() * X["area_m2"].to_numpy(dtype=float)


def _log_area(X):
    X = np.array(X, dtype=float)
    X[:, 0] = np.log(X[:, 0])        # area is the first numeric column
    return X


def _prepare(scale: bool) -> ColumnTransformer:
    numeric_steps = [
        ("impute", SimpleImputer(strategy="median")),
        ("log_area", FunctionTransformer(_log_area)),
    ]
    if scale:
        numeric_steps.append(("scale", StandardScaler()))
    subway = Pipeline([
        # a missing distance means "no station nearby": far away, and flagged
        ("impute", SimpleImputer(strategy="constant", fill_value=NO_SUBWAY_M,
                                 add_indicator=True)),
        ("scale", StandardScaler() if scale else "passthrough"),
    ])
    categorical = Pipeline([
        ("impute", SimpleImputer(strategy="constant", fill_value="unknown")),
        ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
    ])
    numeric = [c for c in NUMERIC if c != "subway_m"]
    return ColumnTransformer([
        ("numeric", Pipeline(numeric_steps), numeric),
        ("subway", subway, ["subway_m"]),
        ("categorical", categorical, CATEGORICAL),
    ])


def make_model(name: str, seed: int = 0):
    """An unfitted estimator that takes the clean listing columns and predicts rent."""
    if name == "median":
        return DummyRegressor(strategy="median")
    if name == "district_m2":
        return DistrictPricePerM2()
    if name == "linear":
        # Prices are multiplicative (district x area x ...): logarithms make them additive.
        pipe = Pipeline([("prepare", _prepare(scale=True)), ("ridge", Ridge(alpha=1.0))])
        return TransformedTargetRegressor(pipe, func=np.log, inverse_func=np.exp)
    if name == "boosting":
        # Plain (not histogram) boosting: single-threaded, quick on a few thousand rows.
        trees = GradientBoostingRegressor(n_estimators=100, learning_rate=0.15, max_depth=3,
                                          subsample=0.8, random_state=seed)
        pipe = Pipeline([("prepare", _prepare(scale=False)), ("trees", trees)])
        return TransformedTargetRegressor(pipe, func=np.log, inverse_func=np.exp)
    raise ValueError(f"unknown model {name!r}; choose from {MODEL_NAMES}")


def split_xy(df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    return df[FEATURES], df["rent"].to_numpy(dtype=float)


def _folds(n_rows: int, seed: int, folds: int) -> KFold:
    return KFold(n_splits=min(folds, n_rows), shuffle=True, random_state=seed)


def compare_models(df: pd.DataFrame, seed: int = 0, folds: int = 5,
                   models=tuple(MODEL_NAMES)) -> pd.DataFrame:
    """Cross-validated MAE (yuan), MAPE and R² of each model, best first."""
    X, y = split_xy(df)
    rows = []
    for name in models:
        scores = cross_validate(
            make_model(name, seed), X, y, cv=_folds(len(df), seed, folds),
            scoring={"mae": "neg_mean_absolute_error",
                     "mape": "neg_mean_absolute_percentage_error", "r2": "r2"},
        )
        rows.append({
            "model": name,
            "mae": round(float(-scores["test_mae"].mean()), 1),
            "mae_std": round(float(scores["test_mae"].std()), 1),
            "mape": round(float(-scores["test_mape"].mean()), 4),
            "r2": round(float(scores["test_r2"].mean()), 4),
        })
    return pd.DataFrame(rows).sort_values("mae", kind="stable").reset_index(drop=True)


def fair_rent(df: pd.DataFrame, model: str = "linear", seed: int = 0,
              folds: int = 5) -> np.ndarray:
    """Out-of-fold fair-rent predictions: each listing is priced by a model that was
    trained without it."""
    X, y = split_xy(df)
    return cross_val_predict(make_model(model, seed), X, y, cv=_folds(len(df), seed, folds))


def find_bargains(df: pd.DataFrame, predicted, threshold: float = DEFAULT_THRESHOLD,
                  min_saving: float = 0.0) -> pd.DataFrame:
    """Listings whose rent is at least ``threshold`` (e.g. 15 %) below the prediction.

    Adds ``fair_rent``, ``saving`` (yuan per month) and ``discount`` (share of the fair
    rent), largest discount first. A bargain on paper can still be a bait listing or
    have a hidden flaw: check it before you get excited.
    """
    if not 0 < threshold < 1:
        raise ValueError("threshold must be between 0 and 1")
    predicted = np.asarray(predicted, dtype=float)
    if len(predicted) != len(df):
        raise ValueError("one prediction per listing is needed")
    out = df.copy()
    out["fair_rent"] = np.round(predicted, 0)
    out["saving"] = np.round(predicted - out["rent"].to_numpy(dtype=float), 0)
    out["discount"] = np.round(1.0 - out["rent"].to_numpy(dtype=float) / predicted, 4)
    cheap = (out["rent"] <= (1.0 - threshold) * predicted) & (out["saving"] >= min_saving)
    return out[cheap].sort_values(["discount", "listing_id"], ascending=[False, True],
                                  kind="stable").reset_index(drop=True)


def district_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per district: listings, median rent, median yuan per ㎡, median area."""
    grouped = df.groupby("district")
    table = pd.DataFrame({
        "listings": grouped.size(),
        "median_rent": grouped["rent"].median(),
        "median_rent_per_m2": grouped["rent_per_m2"].median().round(1),
        "median_area_m2": grouped["area_m2"].median().round(1),
    })
    return table.sort_values("median_rent_per_m2", ascending=False).reset_index()
