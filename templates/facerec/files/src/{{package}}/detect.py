"""Face detectors.

Two detectors with one interface, ``detector.detect(image) -> list[Box]``:

* ``HaarDetector``: OpenCV's classic Haar cascade (Viola-Jones). Needs OpenCV 4.x:
  OpenCV 5 moved ``CascadeClassifier`` to the legacy contrib code and its wheels ship
  no Haar XML files, so we check and explain instead of crashing with AttributeError.
* ``SkimageDetector``: scikit-image's LBP cascade. Pure scikit-image, always available.

A box is ``(x, y, w, h)`` in pixels: column and row of the top-left corner, width, height.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

Box = tuple[int, int, int, int]

OPENCV_FIX = (
    'pip install "opencv-contrib-python-headless>=4.8,<5" '
    "(or use the pure scikit-image detector: --detector skimage)"
)


class DetectorUnavailable(RuntimeError):
    """The requested detector cannot run here; the message says how to fix it."""


def to_gray_uint8(image: np.ndarray) -> np.ndarray:
    """RGB / RGBA / grey, float or integer -> 2-D uint8 grey image."""
    from skimage.color import rgb2gray, rgba2rgb
    from skimage.util import img_as_ubyte

    img = np.asarray(image)
    if img.ndim == 3 and img.shape[2] == 4:
        img = rgba2rgb(img)
    if img.ndim == 3:
        img = rgb2gray(img)
    if img.dtype != np.uint8:
        if np.issubdtype(img.dtype, np.floating):
            img = np.clip(img, 0.0, 1.0)
        img = img_as_ubyte(img)
    return img


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 = disjoint, 1 = identical)."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union else 0.0


def suppress_overlaps(boxes: list[Box], threshold: float = 0.3) -> list[Box]:
    """Keep the larger box when two boxes overlap by more than ``threshold`` IoU."""
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: b[2] * b[3], reverse=True):
        if all(iou(box, other) <= threshold for other in kept):
            kept.append(box)
    return sorted(kept)


class HaarDetector:
    name = "haar"

    def __init__(self, min_size: int = 30, scale_factor: float = 1.1, min_neighbors: int = 5):
        try:
            import cv2
        except ImportError as exc:
            raise DetectorUnavailable(f"OpenCV is not installed: {OPENCV_FIX}") from exc
        if not hasattr(cv2, "CascadeClassifier"):
            raise DetectorUnavailable(
                f"OpenCV {getattr(cv2, '__version__', '?')} has no cv2.CascadeClassifier "
                f"(OpenCV 5 moved it out of the main package): {OPENCV_FIX}"
            )
        folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
        xml = Path(folder) / "haarcascade_frontalface_default.xml"
        if not folder or not xml.is_file():
            raise DetectorUnavailable(
                f"OpenCV {getattr(cv2, '__version__', '?')} ships no Haar cascade files "
                f"({xml} is missing): {OPENCV_FIX}"
            )
        self._cascade = cv2.CascadeClassifier(str(xml))
        if self._cascade.empty():
            raise DetectorUnavailable(f"could not load {xml}: {OPENCV_FIX}")
        self.min_size = min_size
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors

    def detect(self, image: np.ndarray) -> list[Box]:
        gray = to_gray_uint8(image)
        found = self._cascade.detectMultiScale(
            gray,
            scaleFactor=self.scale_factor,
            minNeighbors=self.min_neighbors,
            minSize=(self.min_size, self.min_size),
        )
        boxes = [tuple(int(v) for v in box) for box in np.asarray(found).reshape(-1, 4)]
        return suppress_overlaps(boxes)


class SkimageDetector:
    name = "skimage"

    def __init__(self, min_size: int = 40, scale_factor: float = 1.2, step_ratio: float = 1.0,
                 min_neighbors: int = 8):
        from skimage import data
        from skimage.feature import Cascade

        self._cascade = Cascade(data.lbp_frontal_face_cascade_filename())
        self.min_size = min_size
        self.scale_factor = scale_factor
        self.step_ratio = step_ratio
        # How many overlapping raw hits a face needs; 4 (skimage's default) also "finds"
        # faces in the astronaut's suit, 8 keeps only the real one.
        self.min_neighbors = min_neighbors

    def detect(self, image: np.ndarray) -> list[Box]:
        gray = to_gray_uint8(image)
        side = min(gray.shape)
        if side < self.min_size:
            return []
        found = self._cascade.detect_multi_scale(
            img=gray.astype(np.float64) / 255.0,
            scale_factor=self.scale_factor,
            step_ratio=self.step_ratio,
            min_size=(self.min_size, self.min_size),
            max_size=(side, side),
            min_neighbor_number=self.min_neighbors,
        )
        boxes = [(int(d["c"]), int(d["r"]), int(d["width"]), int(d["height"])) for d in found]
        return suppress_overlaps(boxes)


DETECTORS = ["auto", "haar", "skimage"]


def get_detector(kind: str = "auto"):
    """``haar``, ``skimage`` or ``auto`` (Haar when OpenCV 4 is usable, else scikit-image)."""
    if kind == "haar":
        return HaarDetector()
    if kind == "skimage":
        return SkimageDetector()
    if kind == "auto":
        try:
            return HaarDetector()
        except DetectorUnavailable:
            return SkimageDetector()
    raise ValueError(f"unknown detector {kind!r}; choose one of {DETECTORS}")
