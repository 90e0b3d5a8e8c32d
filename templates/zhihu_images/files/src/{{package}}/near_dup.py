"""Stretch exercise: find near-duplicate pictures with an average hash.

Exact duplicates are easy: same bytes, same SHA-1 (see :mod:`.download`). But the same
photo saved at another size or quality has different bytes. An *average hash* looks at
the picture instead:

1. shrink it to 8 x 8 pixels and make it grey (64 numbers from 0 to 255);
2. compute the mean of the 64 values;
3. one bit per pixel: 1 if the pixel is at least the mean, else 0 (row by row, the
   top-left pixel is the highest bit).

Two pictures whose 64-bit hashes differ in only a few bits (Hamming distance) look alike.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

HASH_SIZE = 8
MAX_DISTANCE = 6      # at most this many different bits: a near duplicate


def average_hash(image: Image.Image | str | Path, size: int = HASH_SIZE) -> int:
    """The ``size * size``-bit average hash of a picture (an int)."""
    # >>> SOLUTION
    if not isinstance(image, Image.Image):
        with Image.open(image) as opened:
            return average_hash(opened.copy(), size)
    grey = image.convert("L").resize((size, size), Image.Resampling.BILINEAR)
    pixels = list(grey.tobytes())
    mean = sum(pixels) / len(pixels)
    bits = 0
    for value in pixels:
        bits = (bits << 1) | (1 if value >= mean else 0)
    return bits
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：实现 8x8 灰度平均哈希（见本文件开头的三步）"
    #     " / exercise: 8x8 grey average hash (the three steps at the top of this file)")
    # <<< STUB


def hamming(a: int, b: int) -> int:
    """How many bits differ between two hashes."""
    return bin(a ^ b).count("1")


def find_near_duplicates(paths: list[str | Path],
                         max_distance: int = MAX_DISTANCE) -> dict[Path, Path]:
    """``{later picture: the earlier picture it nearly duplicates}``.

    The first picture of each group is kept; every later one within ``max_distance``
    bits of a kept picture is reported.
    """
    kept: list[tuple[Path, int]] = []
    duplicates: dict[Path, Path] = {}
    for path in map(Path, paths):
        value = average_hash(path)
        match = next((first for first, h in kept if hamming(h, value) <= max_distance), None)
        if match is None:
            kept.append((path, value))
        else:
            duplicates[path] = match
    return duplicates
