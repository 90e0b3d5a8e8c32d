"""Stroke-like 32x32 digits drawn from real font glyphs.

The bundled digits (``data.py``) are 8x8 images blown up to 32x32: blurry blobs,
unlike a digit written with a pen. Here every digit is drawn with a TrueType font
that ships with matplotlib (DejaVu, STIX, Computer Modern), with a random stroke
width, slant, rotation and width, and then goes through ``image_to_bits`` - the same
steps as a photo of your own digit (crop to the ink, centre in a square, resize to
32x32, threshold). So training digits and your digits are prepared the same way.

Fonts come in two disjoint groups of families: ``TRAIN_FONTS`` for the training files
and ``HELDOUT_FONTS`` for the test files, so the test error says how well KNN does on
letter shapes it has never seen, not on more copies of the same fonts.
Digit ``j`` of a set depends only on ``(seed, group, j)``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .bitmaps import image_to_bits

DEFAULT_SEED = 777
TRAIN_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono-Oblique.ttf", "DejaVuSansMono-BoldOblique.ttf",
    "cmss10.ttf", "cmtt10.ttf",
)
HELDOUT_FONTS = (
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf", "STIXGeneral.ttf", "STIXGeneralBol.ttf",
    "STIXGeneralItalic.ttf", "STIXGeneralBolIta.ttf", "cmr10.ttf", "cmb10.ttf",
)
GROUPS = {"train": TRAIN_FONTS, "heldout": HELDOUT_FONTS}
SIZE = 56  # glyphs are drawn larger than 32 pixels, then shrunk to 32x32


def font_dir() -> Path:
    """The folder of the TrueType fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_paths(group: str) -> list[str]:
    """The font files of a group ("train" or "heldout") that exist here."""
    if group not in GROUPS:
        raise ValueError(f"unknown font group {group!r}; choose from train, heldout")
    paths = [str(font_dir() / n) for n in GROUPS[group] if (font_dir() / n).is_file()]
    if not paths:
        raise FileNotFoundError(f"none of the {group} fonts found in {font_dir()}")
    return paths


@lru_cache(maxsize=64)
def _font(path: str, size: int = SIZE):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def draw_digit(rng: np.random.Generator, digit: int, font_path: str):
    """A Pillow image (mode "L", white ink on black) of one distorted glyph."""
    from PIL import Image, ImageDraw

    side = 2 * SIZE
    im = Image.new("L", (side, side), 0)
    # extra pen width in pixels at font size 56; bold fonts are thick already
    bold = "Bol" in Path(font_path).name or Path(font_path).name.startswith("cmb")
    stroke = int(rng.integers(0, 2 if bold else 4))
    ImageDraw.Draw(im).text((side // 2, side // 2), str(digit), fill=255,
                            font=_font(font_path), anchor="mm",
                            stroke_width=stroke, stroke_fill=255)
    shear = rng.uniform(-0.15, 0.45)   # handwriting leans right more often than left
    angle = np.deg2rad(rng.uniform(-12, 12))
    stretch = rng.uniform(0.75, 1.25)  # narrower or wider than the font
    cos, sin = np.cos(angle), np.sin(angle)
    # output -> input: undo the turn, then the shear and the horizontal stretch
    inv = np.array([[1 / stretch, shear / stretch], [0.0, 1.0]]) @ np.array(
        [[cos, -sin], [sin, cos]])
    c = np.array([side / 2, side / 2])
    off = c - inv @ c
    return im.transform((side, side), Image.Transform.AFFINE,
                        (inv[0, 0], inv[0, 1], off[0], inv[1, 0], inv[1, 1], off[1]),
                        resample=Image.Resampling.BILINEAR)


def make_font_digits(per_digit: int, group: str = "train", seed: int = DEFAULT_SEED
                     ) -> tuple[np.ndarray, np.ndarray]:
    """``per_digit`` bitmaps of every digit: (bits of shape (n, 32, 32), labels).

    Labels are in file order: all zeros, then all ones, ... Drawn once per run for
    the same arguments, then copied.
    """
    bits, labels = _drawn(per_digit, group, seed)
    return bits.copy(), labels.copy()


@lru_cache(maxsize=8)
def _drawn(per_digit: int, group: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    fonts = font_paths(group)
    key = list(GROUPS).index(group)
    bits, labels = [], []
    for digit in range(10):
        for j in range(per_digit):
            rng = np.random.default_rng([seed, key, digit, j])
            font = fonts[int(rng.integers(len(fonts)))]
            bits.append(image_to_bits(draw_digit(rng, digit, font)))
            labels.append(digit)
    return np.stack(bits), np.array(labels, dtype=np.int64)
