"""From a character crop to a fixed-length HOG feature vector.

crop (any size, RGB) -> grey -> resize to 24 x 16 -> contrast stretch, glyph made
bright on dark -> HOG (scikit-image): 9 orientations, 4 x 4-pixel cells, 2 x 2-cell blocks.
"""

from __future__ import annotations

import numpy as np

CHAR_SHAPE = (24, 16)  # (rows, cols) of a normalised character
ORIENTATIONS = 9
CELL = (4, 4)
BLOCK = (2, 2)


def feature_length() -> int:
    """Length of one HOG vector: blocks_y * blocks_x * cells per block * orientations."""
    blocks_y = CHAR_SHAPE[0] // CELL[0] - BLOCK[0] + 1
    blocks_x = CHAR_SHAPE[1] // CELL[1] - BLOCK[1] + 1
    return blocks_y * blocks_x * BLOCK[0] * BLOCK[1] * ORIENTATIONS


def normalise_char(crop: np.ndarray) -> np.ndarray:
    """A (24, 16) float image in [0, 1] with a bright glyph on a dark background."""
    from skimage.color import rgb2gray
    from skimage.transform import resize

    grey = rgb2gray(crop) if crop.ndim == 3 else crop.astype(np.float64) / 255.0
    small = resize(grey, CHAR_SHAPE, anti_aliasing=True)
    lo, hi = np.percentile(small, [2, 98])
    small = np.clip((small - lo) / max(hi - lo, 1e-6), 0.0, 1.0)
    # The border is mostly background: if it is brighter than the middle, invert.
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])
    if border.mean() > small.mean():
        small = 1.0 - small
    return small


def hog_features(crop: np.ndarray) -> np.ndarray:
    """HOG vector (length ``feature_length()``) of one character crop."""
    from skimage.feature import hog

    return hog(normalise_char(crop), orientations=ORIENTATIONS, pixels_per_cell=CELL,
               cells_per_block=BLOCK, block_norm="L2-Hys", feature_vector=True)


def char_features(image: np.ndarray, boxes, pad: int = 1) -> np.ndarray:
    """An (n_boxes, feature_length()) array: one row per box of one image."""
    from .dataset import crop_box

    rows = [hog_features(crop_box(image, box, pad)) for box in boxes]
    return np.array(rows).reshape(len(rows), feature_length())
