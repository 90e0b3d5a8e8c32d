"""Synthetic street-number images with exact character boxes (Tianchi JSON format).

Each image shows 1-4 digits rendered from real font glyphs (the DejaVu, STIX and
Computer Modern fonts that ship inside matplotlib) with a random size, stroke width,
slant, rotation, spacing and colour, on a textured background: a crop of a photo that
ships inside scikit-image, a noise texture or a gradient, sometimes behind a plain
plate. The result is blurred a little and noise is added. Each character is drawn on
its own layer, so its box is known exactly: the bounding box of its pixels that are at
least half covered by ink.

Two *styles* use disjoint fonts and photos:

* ``train`` — the fonts in ``TRAIN_FONTS`` and the photos in ``TRAIN_PHOTOS``;
* ``heldout`` — the fonts in ``HELDOUT_FONTS`` and the photos in ``HELDOUT_PHOTOS``.

A model trained on ``train`` and scored on ``heldout`` is scored on glyph shapes and
backgrounds it has never seen, which is much closer to what happens on real photos
than scoring it on more images of the training style.

Image ``i`` of a data set depends only on ``(seed, i, style)``, so the first 30 images
of a 600-image set are the same as a 30-image set with the same seed.

Annotations use the format of the Tianchi "街景字符编码识别" competition::

    {"000000.png": {"height": [19, 19], "label": [1, 9], "left": [6, 17],
                    "top": [7, 7], "width": [3, 11]}}
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DEFAULT_SEED = 2020
STYLES = ("train", "heldout")

# Font files inside matplotlib (mpl-data/fonts/ttf). Whole families are kept apart:
# the held-out fonts are serif designs the training fonts do not include.
TRAIN_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono-Oblique.ttf", "DejaVuSansMono-BoldOblique.ttf", "STIXGeneral.ttf",
    "STIXGeneralBol.ttf", "STIXGeneralItalic.ttf", "STIXGeneralBolIta.ttf",
    "cmss10.ttf", "cmtt10.ttf",
)
HELDOUT_FONTS = (
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf", "cmr10.ttf", "cmb10.ttf",
)
# Photos inside scikit-image (skimage/data); grey ones get a random tint.
TRAIN_PHOTOS = ("coffee.png", "astronaut.png", "brick.png", "grass.png", "rocket.jpg",
                "motorcycle_left.png", "hubble_deep_field.jpg", "ihc.png")
HELDOUT_PHOTOS = ("chelsea.png", "gravel.png", "camera.png", "coins.png",
                  "clock_motion.png")
# Backgrounds drawn from noise, used for training only.
TEXTURES = ("gradient", "clouds")

INK = 0.5  # a pixel belongs to a character when at least half of it is ink


@dataclass
class Rendered:
    """One synthetic image and its ground truth."""

    image: np.ndarray  # (H, W, 3) uint8
    label: list[int]
    boxes: list[tuple[int, int, int, int]]  # (left, top, width, height) per character
    masks: list[np.ndarray]  # (H, W) bool: the pixels of each character
    font: str = ""
    background: str = ""

    def annotation(self) -> dict:
        """The Tianchi JSON entry of this image (keys in the competition's order)."""
        return {
            "height": [b[3] for b in self.boxes],
            "label": list(self.label),
            "left": [b[0] for b in self.boxes],
            "top": [b[1] for b in self.boxes],
            "width": [b[2] for b in self.boxes],
        }


# ---------------------------------------------------------------- fonts and photos

def matplotlib_font_dir() -> Path:
    """The folder of the TrueType fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def skimage_photo_dir() -> Path:
    """The folder of the sample photos that ship with scikit-image."""
    import skimage.data

    return Path(skimage.data.__file__).parent


@lru_cache(maxsize=256)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def renders_digits(path: str | Path, size: int = 32) -> bool:
    """True if the font draws ten different, non-empty shapes for 0-9.

    Fonts without digits draw the same "missing glyph" box ten times; symbol fonts
    and broken files are rejected too.
    """
    from PIL import Image, ImageDraw

    try:
        font = _font(str(path), size)
        shapes = set()
        for d in "0123456789":
            im = Image.new("L", (2 * size, 2 * size), 0)
            ImageDraw.Draw(im).text((size // 2, size // 4), d, fill=255, font=font)
            arr = np.asarray(im) > 127
            if arr.sum() < 8:
                return False
            rows, cols = np.flatnonzero(arr.any(1)), np.flatnonzero(arr.any(0))
            shapes.add(arr[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].tobytes())
    except Exception:  # unreadable or unsupported font file
        return False
    return len(shapes) == 10


def system_fonts(limit: int = 60) -> dict[str, list[str]]:
    """Fonts installed on this machine, split into "train" and "heldout".

    Found with matplotlib's ``font_manager.findSystemFonts``; matplotlib's own files and
    fonts that do not draw ten distinct digits are skipped. A font of the same family
    as a held-out bundled font (e.g. "DejaVu Serif Condensed") is held out, one of a
    training family trains; of the others every fourth (sorted by file name) is held
    out. The result depends on the machine, so the default data sets do not use it.
    """
    from matplotlib import font_manager

    own = matplotlib_font_dir().resolve()
    heldout_families = ("DejaVu Serif", "cmr10", "cmb10")
    train_families = ("DejaVu Sans", "STIXGeneral", "cmss10", "cmtt10")
    found = {"train": [], "heldout": []}
    others = []
    for path in sorted(set(font_manager.findSystemFonts()))[: 4 * limit]:
        if Path(path).resolve().parent == own or not renders_digits(path):
            continue
        family = _font(path, 32).getname()[0] or ""
        if family.startswith(heldout_families):
            found["heldout"].append(path)
        elif family.startswith(train_families):
            found["train"].append(path)
        else:
            others.append(path)
    for i, path in enumerate(others[:limit]):
        found["heldout" if i % 4 == 3 else "train"].append(path)
    return found


def style_fonts(style: str, extra: dict[str, list[str]] | None = None) -> list[str]:
    """Paths of the fonts of a style (plus `extra[style]`, e.g. from `system_fonts`)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    names = TRAIN_FONTS if style == "train" else HELDOUT_FONTS
    folder = matplotlib_font_dir()
    paths = [str(folder / n) for n in names if (folder / n).is_file()]
    paths += list((extra or {}).get(style, []))
    if not paths:
        raise FileNotFoundError(f"no fonts found for style {style!r} in {folder}")
    return paths


def style_backgrounds(style: str) -> list[str]:
    """Background names of a style: photo file names, plus the textures for training."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    names = TRAIN_PHOTOS if style == "train" else HELDOUT_PHOTOS
    folder = skimage_photo_dir()
    photos = [n for n in names if (folder / n).is_file()]
    return photos + list(TEXTURES) if style == "train" else photos or ["clouds"]


@lru_cache(maxsize=16)
def _photo(name: str) -> np.ndarray:
    from PIL import Image

    with Image.open(skimage_photo_dir() / name) as im:
        return np.asarray(im.convert("RGB"), dtype=np.float64)


# ---------------------------------------------------------------- drawing

def _resize(arr: np.ndarray, width: int, height: int) -> np.ndarray:
    from PIL import Image

    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return np.asarray(im.resize((width, height), Image.Resampling.BILINEAR), np.float64)


def background(rng: np.random.Generator, name: str, height: int, width: int) -> np.ndarray:
    """An (height, width, 3) float RGB background: a photo crop or a texture."""
    if name == "gradient":
        c0, c1 = rng.uniform(0, 255, size=(2, 3))
        t = np.linspace(0.0, 1.0, width)[None, :, None]
        return np.broadcast_to(c0 + (c1 - c0) * t, (height, width, 3)).copy()
    if name == "clouds":  # noise at a few scales, like plaster or stone
        out = np.zeros((height, width))
        for cells, weight in [(3, 1.0), (7, 0.5), (15, 0.25)]:
            grid = rng.uniform(0, 255, size=(cells, cells))
            out += weight * _resize(grid, width, height)
        out /= 1.75
        tint = rng.uniform(0.4, 1.0, size=3)
        return out[:, :, None] * tint + rng.uniform(0, 80)
    photo = _photo(name)
    ph, pw = photo.shape[:2]
    zoom = rng.uniform(0.5, 3.0)  # how many photo pixels per image pixel
    ch = int(min(ph, max(8, height * zoom)))
    cw = int(min(pw, max(8, width * zoom)))
    y0 = int(rng.integers(0, ph - ch + 1))
    x0 = int(rng.integers(0, pw - cw + 1))
    crop = _resize(photo[y0:y0 + ch, x0:x0 + cw], width, height)
    if np.allclose(photo[..., 0], photo[..., 1]):  # a grey photo: tint it
        crop = crop * rng.uniform(0.5, 1.0, size=3)
    return crop


def _shear_rotate(im, shear: float, angle: float):
    """Lean a glyph layer by `shear` (x += shear * height above the baseline) and turn it
    by `angle` degrees around its centre. The layer keeps its size."""
    from PIL import Image

    w, h = im.size
    cx, cy = w / 2, h / 2
    # output -> input: first undo the rotation, then the shear.
    a = np.deg2rad(angle)
    cos, sin = np.cos(a), np.sin(a)
    m = np.array([[cos, -sin], [sin, cos]])  # inverse of a counter-clockwise turn
    s = np.array([[1.0, shear], [0.0, 1.0]])
    inv = s @ m
    offset = np.array([cx, cy]) - inv @ np.array([cx, cy])
    coeffs = (inv[0, 0], inv[0, 1], offset[0], inv[1, 0], inv[1, 1], offset[1])
    return im.transform((w, h), Image.Transform.AFFINE, coeffs,
                        resample=Image.Resampling.BICUBIC)


def glyph_layer(font_path: str, digit: int, size: int, stroke: int, shear: float,
                angle: float) -> np.ndarray:
    """Ink coverage (0..1) of one digit on a square layer of side 2 * size.

    The baseline sits at the same height on every layer, so layers of one image line up.
    """
    from PIL import Image, ImageDraw

    side = 2 * size
    im = Image.new("L", (side, side), 0)
    ImageDraw.Draw(im).text((side // 2, int(side * 0.7)), str(digit), fill=255,
                            font=_font(font_path, size), anchor="ms",
                            stroke_width=stroke, stroke_fill=255)
    return np.asarray(_shear_rotate(im, shear, angle), dtype=np.float64) / 255.0


def _contrasting_colour(rng: np.random.Generator, under: np.ndarray) -> np.ndarray:
    """A random ink colour whose brightness differs clearly from the background."""
    weights = np.array([0.299, 0.587, 0.114])
    level = float(weights @ under)
    for _ in range(100):
        fg = rng.uniform(0, 255, size=3)
        if abs(float(weights @ fg) - level) >= 90:
            return fg
    return np.zeros(3) if level > 127 else np.full(3, 255.0)


def render(rng: np.random.Generator, n_digits: int | None = None,
           fonts: list[str] | None = None, backgrounds: list[str] | None = None,
           style: str = "train") -> Rendered:
    """Draw one image with 1-4 digits (or exactly `n_digits`)."""
    from PIL import Image, ImageFilter

    if n_digits is None:
        n_digits = int(rng.integers(1, 5))
    digits = [int(d) for d in rng.integers(0, 10, size=n_digits)]
    if n_digits > 1 and digits[0] == 0:
        digits[0] = int(rng.integers(1, 10))  # house numbers do not start with 0
    fonts = fonts or style_fonts(style)
    backgrounds = backgrounds or style_backgrounds(style)
    font = fonts[int(rng.integers(len(fonts)))]
    bg_name = backgrounds[int(rng.integers(len(backgrounds)))]

    size = int(rng.integers(22, 41))  # font size in pixels
    stroke = int(rng.choice([0, 0, 0, 1, 1, 2])) if size >= 28 else int(rng.integers(0, 2))
    shear = float(rng.uniform(-0.1, 0.3))
    angle = float(rng.uniform(-6.0, 6.0))
    layers = [glyph_layer(font, d, size, stroke, shear, angle) for d in digits]

    # Place the layers left to right, each cut to its inked columns, with a gap.
    spans = []
    for layer in layers:
        cols = np.flatnonzero((layer >= INK).any(axis=0))
        spans.append((int(cols[0]), int(cols[-1]) + 1))
    gaps = [int(rng.integers(2, max(3, size // 5) + 1)) for _ in range(n_digits - 1)]
    widths = [b - a for a, b in spans]
    line_w = sum(widths) + sum(gaps)
    side = layers[0].shape[0]
    tilt = np.tan(np.deg2rad(angle))  # the baseline of a turned line rises or falls
    xs = np.concatenate([[0], np.cumsum([w + g for w, g in zip(widths, gaps, strict=False)])]
                        ).astype(int)
    centres = xs[:n_digits] + np.array(widths) / 2 - line_w / 2
    dys = [int(round(-tilt * c)) for c in centres]
    pad_y = int(np.ceil(abs(tilt) * line_w / 2)) + 1
    line = np.zeros((n_digits, side + 2 * pad_y, line_w))
    for i, (layer, (a, b)) in enumerate(zip(layers, spans, strict=False)):
        y = pad_y + dys[i]
        line[i, y:y + side, xs[i]:xs[i] + b - a] = layer[:, a:b]
    rows = np.flatnonzero((line > 0.02).any(axis=(0, 2)))
    line = line[:, rows[0]:rows[-1] + 1]

    margin_x, margin_y = (int(v) for v in rng.integers(3, 13, size=2))
    img_h = line.shape[1] + 2 * margin_y
    img_w = line.shape[2] + 2 * margin_x
    alpha = np.zeros((n_digits, img_h, img_w))
    alpha[:, margin_y:margin_y + line.shape[1], margin_x:margin_x + line.shape[2]] = line
    masks = [a >= INK for a in alpha]
    boxes = []
    for m in masks:
        r, c = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
        boxes.append((int(c[0]), int(r[0]), int(c[-1] - c[0] + 1), int(r[-1] - r[0] + 1)))

    canvas = background(rng, bg_name, img_h, img_w)
    canvas = canvas.mean(axis=(0, 1)) + (canvas - canvas.mean(axis=(0, 1))) * rng.uniform(
        0.3, 1.0)  # soften the texture a little, as a plate on a wall would be
    if rng.random() < 0.35:  # a plain plate behind the number
        top, left = int(rng.integers(0, margin_y)), int(rng.integers(0, margin_x))
        bottom = img_h - int(rng.integers(0, margin_y))
        right = img_w - int(rng.integers(0, margin_x))
        canvas[top:bottom, left:right] = rng.uniform(0, 255, size=3)
    ink = np.clip(alpha.sum(axis=0), 0.0, 1.0)[:, :, None]
    under = canvas[np.any(masks, axis=0)].mean(axis=0)
    fg = _contrasting_colour(rng, under)
    canvas = canvas * (1.0 - ink) + fg * ink

    sigma = float(rng.uniform(0.0, 1.3))
    noise = rng.normal(0.0, rng.uniform(2.0, 14.0), size=canvas.shape)
    im = Image.fromarray(np.clip(np.rint(canvas), 0, 255).astype(np.uint8))
    if sigma > 0.3:
        im = im.filter(ImageFilter.GaussianBlur(sigma))
    image = np.clip(np.rint(np.asarray(im, np.float64) + noise), 0, 255).astype(np.uint8)
    return Rendered(image=image, label=digits, boxes=boxes, masks=masks,
                    font=Path(font).name, background=bg_name)


# ---------------------------------------------------------------- data sets

def file_name(index: int) -> str:
    """Tianchi-style file names: 000000.png, 000001.png, ..."""
    return f"{index:06d}.png"


def make_dataset(n: int, seed: int = DEFAULT_SEED, style: str = "train",
                 extra_fonts: dict[str, list[str]] | None = None
                 ) -> list[tuple[str, Rendered]]:
    """`n` images in memory as (file name, Rendered) pairs; deterministic in `seed`.

    `extra_fonts` (e.g. ``system_fonts()``) adds fonts to the styles.
    """
    fonts = style_fonts(style, extra_fonts)
    backgrounds = style_backgrounds(style)
    key = STYLES.index(style)
    return [(file_name(i), render(np.random.default_rng([seed, i, key]), fonts=fonts,
                                  backgrounds=backgrounds))
            for i in range(n)]


def write_dataset(out_dir: str | Path, n: int, seed: int = DEFAULT_SEED,
                  name: str = "mchar_train", style: str = "train",
                  extra_fonts: dict[str, list[str]] | None = None) -> tuple[Path, Path]:
    """Write `out_dir/<name>/*.png` and `out_dir/<name>.json`; return both paths."""
    from PIL import Image

    from .dataset import write_labels

    out_dir = Path(out_dir)
    img_dir = out_dir / name
    img_dir.mkdir(parents=True, exist_ok=True)
    labels = {}
    for fname, item in make_dataset(n, seed, style, extra_fonts):
        Image.fromarray(item.image).save(img_dir / fname)
        labels[fname] = item.annotation()
    json_path = write_labels(labels, out_dir / f"{name}.json")
    return img_dir, json_path
