"""Per-character classifiers (KNN, LinearSVC), accuracy, and save/load with joblib.

A house number is read by classifying each boxed character on its own and joining
the digits left to right.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .features import char_features, feature_length

MODEL_KINDS = ("knn", "svm")


def make_model(kind: str):
    """An unfitted scikit-learn classifier: "knn" (3 neighbours) or "svm" (LinearSVC)."""
    if kind == "knn":
        from sklearn.neighbors import KNeighborsClassifier

        return KNeighborsClassifier(n_neighbors=3)
    if kind == "svm":
        from sklearn.svm import LinearSVC

        return LinearSVC(C=0.5, dual="auto", max_iter=5000, random_state=0)
    raise ValueError(f"unknown model kind {kind!r}; choose from {', '.join(MODEL_KINDS)}")


def dataset_features(items) -> tuple[np.ndarray, np.ndarray]:
    """Features and digit labels of every character.

    `items` yields (image array, boxes, label list) triples.
    """
    xs, ys = [], []
    for image, boxes, label in items:
        xs.append(char_features(image, boxes))
        ys.extend(label)
    if not xs:
        return np.zeros((0, feature_length())), np.zeros(0, dtype=int)
    return np.vstack(xs), np.array(ys, dtype=int)


def fit(items, kind: str = "knn"):
    X, y = dataset_features(items)
    return make_model(kind).fit(X, y)


def join_digits(digits, lengths: list[int]) -> list[str]:
    """Split a flat sequence of predicted digits into one string per image."""
    codes, start = [], 0
    for n in lengths:
        codes.append("".join(str(int(d)) for d in digits[start: start + n]))
        start += n
    return codes


def predict_codes(model, items) -> list[str]:
    """The predicted house number string of each (image, boxes, ...) item.

    All characters go to the classifier in one call (much faster than one call per image).
    """
    feats, lengths = [], []
    for item in items:
        image, boxes = item[0], item[1]
        lengths.append(len(boxes))
        if len(boxes):
            feats.append(char_features(image, boxes))
    if not feats:
        return ["" for _ in lengths]
    return join_digits(model.predict(np.vstack(feats)), lengths)


def accuracy(true_codes: list[str], pred_codes: list[str]) -> dict[str, float]:
    """Character accuracy (same position, same digit, over all true characters) and
    string accuracy (the whole number right, the competition's score)."""
    if len(true_codes) != len(pred_codes):
        raise ValueError("true and predicted lists differ in length")
    chars = sum(len(t) for t in true_codes)
    pairs = list(zip(true_codes, pred_codes, strict=True))
    right = sum(a == b for t, p in pairs for a, b in zip(t, p, strict=False))
    whole = sum(t == p for t, p in pairs)
    n = max(len(true_codes), 1)
    return {"char_accuracy": right / max(chars, 1), "string_accuracy": whole / n}


def save_model(model, path: str | Path, kind: str) -> Path:
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"kind": kind, "feature_length": feature_length(), "model": model}, path)
    return path


def load_model(path: str | Path):
    """The fitted classifier saved by `save_model` (checks the feature length)."""
    import joblib

    bundle = joblib.load(path)
    if bundle.get("feature_length") != feature_length():
        raise ValueError(f"{path} was trained with other HOG settings; train it again")
    return bundle["model"]
