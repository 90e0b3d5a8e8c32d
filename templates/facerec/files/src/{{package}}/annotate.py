"""Draw boxes and names on a picture and save it as PNG (matplotlib, off-screen)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .fonts import setup_cjk


def annotate(image: np.ndarray, boxes, labels, path: str | Path, title: str = "") -> Path:
    """Save ``image`` with one rectangle and label per box; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    has_cjk = setup_cjk(quiet=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    height, width = image.shape[:2]
    fig = plt.figure(figsize=(width / 100, height / 100), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
    ax.set_axis_off()
    for (x, y, w, h), label in zip(boxes, labels, strict=True):
        known = label != "unknown"
        colour = "lime" if known else "red"
        ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=colour, linewidth=2))
        text = label if has_cjk or label.isascii() else "?"
        ax.text(x, max(0, y - 4), text, color="black", fontsize=10,
                bbox={"facecolor": colour, "alpha": 0.8, "pad": 1, "edgecolor": "none"})
    if title:
        ax.text(4, height - 6, title, color="white", fontsize=9,
                bbox={"facecolor": "black", "alpha": 0.6, "pad": 2, "edgecolor": "none"})
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
