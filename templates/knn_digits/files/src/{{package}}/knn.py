"""k-nearest neighbours, written from scratch with numpy.

To classify a digit, find the k training digits closest to it and let them
vote. "Closest" means Euclidean distance between the 1024-vectors; for 0/1
bitmaps the squared distance is simply the number of pixels that differ.

Vectorised distances: instead of a Python loop over every (test, train) pair,
use  |a - b|^2 = |a|^2 + |b|^2 - 2 a.b  for all pairs at once: one matrix
product does the heavy work.

Ties are settled by fixed rules, so the answer never depends on chance:
* two training digits at the same distance: the one that comes first in the
  training set counts as nearer (a stable sort);
* a tied vote: the smallest digit wins (the same rule as scikit-learn).
"""

from __future__ import annotations

import numpy as np


def squared_distances(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """All squared Euclidean distances: result[i, j] = |A[i] - B[j]|^2."""
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    d2 = (A * A).sum(axis=1)[:, None] + (B * B).sum(axis=1)[None, :] - 2.0 * (A @ B.T)
    return np.maximum(d2, 0.0)  # rounding can make a true 0 slightly negative


def vote(neighbour_labels: np.ndarray, weights: np.ndarray | None = None,
         classes: np.ndarray | None = None) -> np.ndarray:
    """The winning label of every row of neighbours (ties: the smallest label).

    ``neighbour_labels`` has shape (n, k): the labels of the k neighbours of n
    queries; ``weights`` (same shape) are their votes, 1 each by default.
    """
    neighbour_labels = np.atleast_2d(neighbour_labels)
    if weights is None:
        weights = np.ones(neighbour_labels.shape)
    if classes is None:
        classes = np.unique(neighbour_labels)  # sorted: argmax picks the smallest on a tie
    columns = np.searchsorted(classes, neighbour_labels)
    totals = np.zeros((len(neighbour_labels), len(classes)))
    rows = np.arange(len(neighbour_labels))[:, None]
    np.add.at(totals, (rows, columns), np.atleast_2d(weights))
    return classes[np.argmax(totals, axis=1)]


def distance_weights(distances: np.ndarray) -> np.ndarray:
    """Vote weights 1 / distance, for each row of neighbour distances.

    A neighbour at distance 0 is an exact copy of the query: in such a row only the
    exact copies vote (weight 1 each) and all the others get weight 0.
    """
    # >>> SOLUTION
    distances = np.atleast_2d(np.asarray(distances, dtype=np.float64))
    exact = distances == 0
    safe = np.where(exact, 1.0, distances)  # no division by zero
    return np.where(exact.any(axis=1, keepdims=True), exact.astype(np.float64), 1.0 / safe)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按 1/距离 加权；距离为 0 时只让完全相同的样本投票"
    #     " / exercise: weight votes by 1/distance; at distance 0 only identical samples vote")
    # <<< STUB


class KNNClassifier:
    """k-nearest-neighbour classifier with a scikit-learn-like interface.

    ``weights="uniform"``: every neighbour has one vote.
    ``weights="distance"``: nearer neighbours count more (see ``distance_weights``).
    """

    def __init__(self, k: int = 3, weights: str = "uniform"):
        if k < 1:
            raise ValueError("k must be at least 1")
        if weights not in ("uniform", "distance"):
            raise ValueError("weights must be 'uniform' or 'distance'")
        self.k = k
        self.weights = weights

    def fit(self, X, y) -> KNNClassifier:
        """KNN does not learn anything: it just remembers the training data."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError("X must be 2-D with one row per label in y")
        if self.k > len(X):
            raise ValueError(f"k={self.k} is larger than the {len(X)} training samples")
        self.X_, self.y_ = X, y
        self.classes_ = np.unique(y)
        return self

    def kneighbors(self, X) -> tuple[np.ndarray, np.ndarray]:
        """(distances, indices) of the k nearest training samples, nearest first."""
        d2 = squared_distances(X, self.X_)
        order = np.argsort(d2, axis=1, kind="stable")[:, : self.k]
        nearest = np.take_along_axis(d2, order, axis=1)
        return np.sqrt(nearest), order

    def vote(self, distances: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """Predictions from the output of ``kneighbors`` (possibly cut to fewer columns)."""
        weights = distance_weights(distances) if self.weights == "distance" else None
        return vote(self.y_[indices], weights, classes=self.classes_)

    def predict(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        return self.vote(*self.kneighbors(X))

    def score(self, X, y) -> float:
        """Accuracy: the share of samples predicted correctly."""
        return float((self.predict(X) == np.asarray(y)).mean())
