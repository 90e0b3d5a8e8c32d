"""The 32x32 text format of the classic KNN exercise, and PNG input.

A digit is a text file of 32 lines, each with 32 characters '0' (paper) or
'1' (ink). The file name carries the label: ``7_45.txt`` is the 46th example
of the digit 7. ``img2vector`` turns one file into a row of 1024 numbers,
``load_dir`` turns a whole folder into a matrix X and a label vector y.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SIZE = 32  # the bitmaps are SIZE x SIZE


class DigitFormatError(ValueError):
    """A file that is not a 32x32 digit, or a file name without a label."""


def label_from_name(name: str) -> int:
    """The digit encoded in a file name: ``"7_45.txt"`` -> 7."""
    stem = Path(name).name.split(".", 1)[0]
    head = stem.split("_", 1)[0]
    if not head.isdigit() or len(head) != 1:
        raise DigitFormatError(f"{name}: expected a name like 7_45.txt (digit _ number)")
    return int(head)


def text_to_bits(text: str, source: str = "<text>") -> np.ndarray:
    """Parse 32 lines of 32 '0'/'1' characters into a 32x32 uint8 array."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) != SIZE or any(len(line) != SIZE for line in lines):
        raise DigitFormatError(f"{source}: expected {SIZE} lines of {SIZE} characters")
    chars = np.frombuffer("".join(lines).encode("ascii", "replace"), dtype=np.uint8)
    if not np.isin(chars, (ord("0"), ord("1"))).all():
        raise DigitFormatError(f"{source}: only the characters 0 and 1 are allowed")
    return (chars - ord("0")).reshape(SIZE, SIZE)


def bits_to_text(bits: np.ndarray) -> str:
    """The file content for a 32x32 array of 0/1 (one '\\n' after every line)."""
    bits = np.asarray(bits)
    if bits.shape != (SIZE, SIZE):
        raise DigitFormatError(f"expected a {SIZE}x{SIZE} array, got {bits.shape}")
    chars = np.full((SIZE, SIZE + 1), ord("\n"), dtype=np.uint8)
    chars[:, :SIZE] = np.where(bits != 0, ord("1"), ord("0"))
    return chars.tobytes().decode("ascii")


def img2vector(path: str | Path) -> np.ndarray:
    """Read one text digit as a vector of 1024 zeros and ones (row by row)."""
    path = Path(path)
    return text_to_bits(path.read_text(encoding="ascii"), str(path)).reshape(-1)


def write_digit(path: str | Path, bits: np.ndarray) -> Path:
    """Write a 32x32 bitmap as a text digit (always '\\n' line ends)."""
    path = Path(path)
    path.write_bytes(bits_to_text(bits).encode("ascii"))
    return path


def _file_order(path: Path) -> tuple:
    """Sort key: 0_2.txt before 0_10.txt (by digit, then by number)."""
    digit, _, number = path.stem.partition("_")
    return (digit, int(number) if number.isdigit() else -1, path.name)


def load_dir(folder: str | Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """All ``*.txt`` digits of a folder: (X of shape (n, 1024), labels y, file names).

    Files are read in a fixed order (digit, then number: 0_0, 0_1, ..., 0_10, ...),
    so the result never depends on the file system.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: folder not found")
    paths = sorted(folder.glob("*.txt"), key=_file_order)
    if not paths:
        raise FileNotFoundError(f"{folder}: no *.txt digit files in it")
    X = np.stack([img2vector(p) for p in paths])
    y = np.array([label_from_name(p.name) for p in paths], dtype=np.int64)
    return X, y, [p.name for p in paths]


PEN_WIDTH = 5.0  # thinnest pen stroke, in pixels of the 32x32 bitmap (see image_to_bits)


def stroke_width(ink: np.ndarray) -> float:
    """The typical width in pixels of the strokes in a bool image.

    A stroke of width w and length L covers about w * L pixels, and one erosion
    (a pixel stays only if its 4 neighbours are ink too) removes about 2 * L of them,
    so w is about 2 * area / removed. Lines thinner than 2 pixels vanish in one
    erosion and read as 2.
    """
    ink = np.asarray(ink, dtype=bool)
    area = int(ink.sum())
    inner = ink.copy()
    inner[1:] &= ink[:-1]
    inner[:-1] &= ink[1:]
    inner[:, 1:] &= ink[:, :-1]
    inner[:, :-1] &= ink[:, 1:]
    return 2.0 * area / max(area - int(inner.sum()), 1)


def image_to_bits(image, threshold: int = 128, margin: int = 0,
                  pen_width: float = PEN_WIDTH) -> np.ndarray:
    """Turn a picture of one digit (a Pillow image) into a 32x32 bitmap.

    1. grayscale; if the background is light (dark ink on white paper), invert,
       so ink is bright;
    2. crop to the bounding box of the ink;
    3. thicken thin strokes: a digit drawn with a thin pen (or a mouse) would be
       lines one or two pixels wide after shrinking, while the training digits have
       strokes of 5-8 pixels; strokes thinner than ``pen_width`` pixels of the
       32x32 result are widened to that (``pen_width=0`` turns this off);
    4. pad the crop to a square, keeping the digit centred;
    5. resize to 32x32 (the long side fills the square, as in the training
       digits; ``margin`` leaves empty pixels around it);
    6. threshold: ink -> 1, paper -> 0.
    """
    from PIL import Image, ImageOps

    gray = ImageOps.grayscale(image)
    pixels = np.asarray(gray, dtype=np.float64)
    if pixels.mean() > 127:  # light background: make the ink the bright part
        pixels = 255.0 - pixels
    ink = pixels >= threshold
    if not ink.any():
        raise DigitFormatError("no ink found in the image (is it empty?)")
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = pixels[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    inner = SIZE - 2 * margin
    if pen_width > 0:
        # the pen width we want, in pixels of the picture
        want = pen_width * max(crop.shape) / inner
        grow = int(round((want - stroke_width(ink[rows[0]:rows[-1] + 1,
                                                  cols[0]:cols[-1] + 1])) / 2))
        if grow > 0:
            from scipy.ndimage import maximum_filter

            crop = maximum_filter(np.pad(crop, grow), size=2 * grow + 1)
    height, width = crop.shape
    side = max(height, width)
    square = np.zeros((side, side))
    top, left = (side - height) // 2, (side - width) // 2
    square[top:top + height, left:left + width] = crop
    small = Image.fromarray(square.astype(np.uint8)).resize(
        (inner, inner), Image.Resampling.BILINEAR
    )
    bits = np.zeros((SIZE, SIZE), dtype=np.uint8)
    bits[margin:margin + inner, margin:margin + inner] = np.asarray(small) >= threshold // 2
    return bits


def png_to_vector(path: str | Path, threshold: int = 128) -> np.ndarray:
    """Read a PNG (or any picture Pillow opens) of one digit as a 1024-vector."""
    from PIL import Image

    with Image.open(path) as image:
        return image_to_bits(image, threshold=threshold).reshape(-1)
