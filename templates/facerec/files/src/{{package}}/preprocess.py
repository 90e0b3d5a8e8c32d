"""Turn a face region into the fixed-size grey image every recogniser expects."""

from __future__ import annotations

import numpy as np

from .detect import Box, to_gray_uint8

FACE_SIZE = 64  # pixels per side after preprocessing


def crop(image: np.ndarray, box: Box, margin: float = 0.0) -> np.ndarray:
    """Cut ``box`` (x, y, w, h) out of ``image``, optionally enlarged by ``margin`` (0.1 = 10%)."""
    x, y, w, h = box
    dx, dy = int(round(w * margin)), int(round(h * margin))
    top, left = max(0, y - dy), max(0, x - dx)
    bottom = min(image.shape[0], y + h + dy)
    right = min(image.shape[1], x + w + dx)
    return image[top:bottom, left:right]


def normalise_face(face: np.ndarray, size: int = FACE_SIZE) -> np.ndarray:
    """Grey, ``size`` x ``size``, histogram-equalised, uint8.

    Equalisation spreads the grey levels over 0..255, so the same face under brighter or
    darker light looks more alike to the recognisers.
    """
    from skimage.exposure import equalize_hist
    from skimage.transform import resize

    gray = to_gray_uint8(face).astype(np.float64) / 255.0
    small = resize(gray, (size, size), anti_aliasing=True)
    equalised = equalize_hist(small)
    return np.clip(np.round(equalised * 255), 0, 255).astype(np.uint8)
