"""Synthetic street-number images with exact character boxes (Tianchi JSON format).

Each image shows 1-4 digits drawn as seven-segment glyphs (like many house-number
plates) with random sizes, stroke widths, spacing, colours, background gradients and
Gaussian noise. The glyphs are painted with numpy, pixel by pixel, so the box of every
character is known exactly: it is the bounding box of that character's pixels.

Image ``i`` of a data set depends only on ``(seed, i)``, so the first 30 images of a
600-image set are the same as a 30-image set with the same seed.

Annotations use the format of the Tianchi "街景字符编码识别" competition::

    {"000000.png": {"height": [19, 19], "label": [1, 9], "left": [6, 17],
                    "top": [7, 7], "width": [3, 11]}}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_SEED = 2020

# Which of the seven segments light up for each digit:
#   a = top, b = upper right, c = lower right, d = bottom,
#   e = lower left, f = upper left, g = middle.
SEGMENTS = {
    0: "abcdef",
    1: "bc",
    2: "abdeg",
    3: "abcdg",
    4: "bcfg",
    5: "acdfg",
    6: "acdefg",
    7: "abc",
    8: "abcdefg",
    9: "abcdfg",
}


@dataclass
class Rendered:
    """One synthetic image and its ground truth."""

    image: np.ndarray  # (H, W, 3) uint8
    label: list[int]
    boxes: list[tuple[int, int, int, int]]  # (left, top, width, height) per character
    masks: list[np.ndarray]  # (H, W) bool: the pixels of each character

    def annotation(self) -> dict:
        """The Tianchi JSON entry of this image (keys in the competition's order)."""
        return {
            "height": [b[3] for b in self.boxes],
            "label": list(self.label),
            "left": [b[0] for b in self.boxes],
            "top": [b[1] for b in self.boxes],
            "width": [b[2] for b in self.boxes],
        }


def glyph_mask(digit: int, width: int, height: int, stroke: int,
               slant: float = 0.0) -> np.ndarray:
    """A bool array with the seven-segment shape of `digit`.

    `slant` > 0 leans the glyph to the right (italic): row r moves right by
    ``round(slant * (height - 1 - r))`` pixels, so the array is wider than `width`.
    """
    m = np.zeros((height, width), dtype=bool)
    t = stroke
    mid = (height - t) // 2  # top row of the middle bar
    for seg in SEGMENTS[digit]:
        if seg == "a":
            m[:t, :] = True
        elif seg == "b":
            m[: mid + t, width - t:] = True
        elif seg == "c":
            m[mid:, width - t:] = True
        elif seg == "d":
            m[height - t:, :] = True
        elif seg == "e":
            m[mid:, :t] = True
        elif seg == "f":
            m[: mid + t, :t] = True
        elif seg == "g":
            m[mid: mid + t, :] = True
    if slant == 0.0:
        return m
    shifts = [round(abs(slant) * (height - 1 - r)) for r in range(height)]
    if slant < 0:
        shifts = shifts[::-1]
    out = np.zeros((height, width + max(shifts)), dtype=bool)
    for r, dx in enumerate(shifts):
        out[r, dx: dx + width] = m[r]
    return out


def _colours(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Background and foreground colours with a clear difference in brightness."""
    weights = np.array([0.299, 0.587, 0.114])
    while True:
        bg = rng.integers(0, 256, size=3)
        fg = rng.integers(0, 256, size=3)
        if abs(float(weights @ bg) - float(weights @ fg)) >= 90:
            return bg.astype(np.float64), fg.astype(np.float64)


def render(rng: np.random.Generator, n_digits: int | None = None) -> Rendered:
    """Draw one image with 1-4 digits (or exactly `n_digits`)."""
    if n_digits is None:
        n_digits = int(rng.integers(1, 5))
    digits = [int(d) for d in rng.integers(0, 10, size=n_digits)]
    if n_digits > 1 and digits[0] == 0:
        digits[0] = int(rng.integers(1, 10))  # house numbers do not start with 0

    height = int(rng.integers(16, 29))
    stroke = max(2, round(height * rng.uniform(0.12, 0.2)))
    width = max(stroke * 2 + 3, round(height * rng.uniform(0.5, 0.65)))
    gap = int(rng.integers(2, 6))
    margin_x, margin_y = (int(v) for v in rng.integers(3, 11, size=2))

    slant = float(rng.uniform(-0.1, 0.3))
    glyphs = [glyph_mask(d, width, height, stroke, slant) for d in digits]
    gw = glyphs[0].shape[1]
    img_w = 2 * margin_x + n_digits * gw + (n_digits - 1) * gap
    img_h = 2 * margin_y + height
    jitter = [int(v) for v in rng.integers(-2, 3, size=n_digits)]

    masks, boxes = [], []
    x = margin_x
    for glyph, dy in zip(glyphs, jitter, strict=False):
        full = np.zeros((img_h, img_w), dtype=bool)
        top = min(max(margin_y + dy, 0), img_h - height)
        full[top: top + height, x: x + gw] = glyph
        rows = np.flatnonzero(full.any(axis=1))
        cols = np.flatnonzero(full.any(axis=0))
        boxes.append((int(cols[0]), int(rows[0]),
                      int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)))
        masks.append(full)
        x += gw + gap

    bg, fg = _colours(rng)
    # Background: a soft horizontal brightness gradient.
    ramp = np.linspace(-1.0, 1.0, img_w)[None, :, None] * rng.uniform(0, 20)
    canvas = np.broadcast_to(bg, (img_h, img_w, 3)) + ramp
    ink = np.any(masks, axis=0)[:, :, None]
    canvas = np.where(ink, fg, canvas)
    if rng.random() < 0.5:  # slightly out of focus: average each pixel with its neighbours
        padded = np.pad(canvas, ((1, 1), (1, 1), (0, 0)), mode="edge")
        canvas = sum(padded[dy: dy + img_h, dx: dx + img_w]
                     for dy in range(3) for dx in range(3)) / 9.0
    canvas = canvas + rng.normal(0.0, rng.uniform(4.0, 30.0), size=canvas.shape)
    image = np.clip(np.rint(canvas), 0, 255).astype(np.uint8)
    return Rendered(image=image, label=digits, boxes=boxes, masks=masks)


def file_name(index: int) -> str:
    """Tianchi-style file names: 000000.png, 000001.png, ..."""
    return f"{index:06d}.png"


def make_dataset(n: int, seed: int = DEFAULT_SEED) -> list[tuple[str, Rendered]]:
    """`n` images in memory as (file name, Rendered) pairs; deterministic in `seed`."""
    return [(file_name(i), render(np.random.default_rng([seed, i]))) for i in range(n)]


def write_dataset(out_dir: str | Path, n: int, seed: int = DEFAULT_SEED,
                  name: str = "mchar_train") -> tuple[Path, Path]:
    """Write `out_dir/<name>/*.png` and `out_dir/<name>.json`; return both paths."""
    from PIL import Image

    from .dataset import write_labels

    out_dir = Path(out_dir)
    img_dir = out_dir / name
    img_dir.mkdir(parents=True, exist_ok=True)
    labels = {}
    for fname, item in make_dataset(n, seed):
        Image.fromarray(item.image).save(img_dir / fname)
        labels[fname] = item.annotation()
    json_path = write_labels(labels, out_dir / f"{name}.json")
    return img_dir, json_path
