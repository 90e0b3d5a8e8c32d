"""How good is the classifier? Error rate, confusion matrix, k sweep, figures.

Figures are drawn with ``matplotlib.figure.Figure`` directly (not ``pyplot``):
saving to PNG then uses the non-interactive Agg renderer and needs no window.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .fonts import setup_cjk
from .knn import KNNClassifier

TEXT = {
    "zh": {
        "cm_title": "混淆矩阵（k={k}，错误率 {err:.2%}）",
        "true": "真实数字",
        "pred": "预测数字",
        "sweep_title": "错误率随 k 的变化",
        "k": "近邻个数 k",
        "error": "测试集错误率",
    },
    "en": {
        "cm_title": "Confusion matrix (k={k}, error rate {err:.2%})",
        "true": "true digit",
        "pred": "predicted digit",
        "sweep_title": "Error rate for each k",
        "k": "number of neighbours k",
        "error": "test error rate",
    },
}


def labels(lang: str) -> dict[str, str]:
    """Chinese labels only when a CJK font is available, otherwise English."""
    if lang == "zh" and setup_cjk():
        return TEXT["zh"]
    return TEXT["en"]


def error_rate(y_true, y_pred) -> float:
    """The share of wrong predictions (the original exercise reports this)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float((y_true != y_pred).mean())


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """counts[t, p] = how many digits t were predicted as p (rows: true digit)."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return counts


def k_sweep(X_train, y_train, X_test, y_test, ks=range(1, 11),
            weights: str = "uniform") -> list[dict]:
    """Error rate on the test set for every k (one row per k)."""
    ks = list(ks)
    model = KNNClassifier(k=max(ks), weights=weights).fit(X_train, y_train)
    distances, indices = model.kneighbors(X_test)  # the slow part: only once
    rows = []
    for k in ks:
        pred = model.vote(distances[:, :k], indices[:, :k])
        rows.append({"k": k, "errors": int((pred != y_test).sum()),
                     "error_rate": round(error_rate(y_test, pred), 6)})
    return rows


def write_confusion_csv(counts: np.ndarray, path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["true\\pred", *range(len(counts))])
        for digit, row in enumerate(counts):
            writer.writerow([digit, *row.tolist()])
    return path


def write_rows_csv(rows: list[dict], path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def plot_confusion(counts: np.ndarray, k: int, err: float, path: str | Path,
                   lang: str = "en") -> Path:
    from matplotlib.figure import Figure

    t = labels(lang)
    fig = Figure(figsize=(6, 5.4), dpi=100)
    ax = fig.add_subplot()
    image = ax.imshow(counts, cmap="Blues")
    fig.colorbar(image, ax=ax)
    n = len(counts)
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel(t["pred"])
    ax.set_ylabel(t["true"])
    ax.set_title(t["cm_title"].format(k=k, err=err))
    limit = counts.max() / 2
    for i in range(n):
        for j in range(n):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if counts[i, j] > limit else "black")
    fig.tight_layout()
    fig.savefig(path)
    return Path(path)


def plot_k_sweep(rows: list[dict], path: str | Path, lang: str = "en") -> Path:
    from matplotlib.figure import Figure

    t = labels(lang)
    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_subplot()
    ks = [r["k"] for r in rows]
    ax.plot(ks, [r["error_rate"] for r in rows], marker="o")
    ax.set_xticks(ks)
    ax.set_xlabel(t["k"])
    ax.set_ylabel(t["error"])
    ax.set_title(t["sweep_title"])
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    return Path(path)
