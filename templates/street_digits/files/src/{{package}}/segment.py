"""Finding the characters when no boxes are given (stretch exercise).

The competition gives a box for every character, even in the test set, but a real
camera app has none. `find_boxes` guesses them: Otsu threshold -> the minority side is
ink -> connected components -> drop specks -> merge pieces that overlap horizontally
-> boxes sorted left to right.
"""

from __future__ import annotations

import numpy as np


def find_boxes(image: np.ndarray, min_pixels: int = 12,
               max_chars: int = 6) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) boxes of the characters in `image`, left to right."""
    # >>> SOLUTION
    from skimage.color import rgb2gray
    from skimage.filters import gaussian, threshold_otsu
    from skimage.measure import label, regionprops

    grey = rgb2gray(image) if image.ndim == 3 else image / 255.0
    smooth = gaussian(grey, sigma=0.8)
    ink = smooth > threshold_otsu(smooth)
    if ink.mean() > 0.5:  # characters cover less area than the background
        ink = ~ink
    spans = []
    for region in regionprops(label(ink, connectivity=2)):
        top, left, bottom, right = region.bbox
        if region.area >= min_pixels and bottom - top >= 0.3 * image.shape[0]:
            spans.append([left, top, right, bottom])
    spans.sort()
    merged: list[list[int]] = []
    for span in spans:
        if merged and span[0] < merged[-1][2] - 1:  # overlaps the previous one: same char
            prev = merged[-1]
            merged[-1] = [min(prev[0], span[0]), min(prev[1], span[1]),
                          max(prev[2], span[2]), max(prev[3], span[3])]
        else:
            merged.append(span)
    # Keep the tallest pieces if there are too many.
    if len(merged) > max_chars:
        merged = sorted(sorted(merged, key=lambda s: s[3] - s[1])[-max_chars:])
    return [(int(a), int(b), int(c - a), int(d - b)) for a, b, c, d in merged]
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：用 Otsu 阈值 + 连通域找出从左到右的字符框"
    #     " / exercise: find the character boxes left to right with an Otsu threshold and"
    #     " connected regions")
    # <<< STUB
