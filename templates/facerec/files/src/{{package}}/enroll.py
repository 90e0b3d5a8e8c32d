"""Enrolment: turn a ``people/<name>/*.png`` folder tree into training faces.

    people/
      xiaoming/  01.png 02.jpg ...
      xiaohong/  01.png ...

Each sub-folder is one person, the folder name is the label. Small images (both sides at
most ``CROP_LIMIT`` pixels) are taken as ready-made face crops; in larger photos the
detector looks for faces and the largest one is used. Photos without a face are skipped
and reported, never guessed.

Only enrol people who agreed to it. ``people/`` is git-ignored: never commit face photos.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .preprocess import crop, normalise_face

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}
CROP_LIMIT = 128


@dataclass
class Enrolment:
    faces: list[np.ndarray] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def people(self) -> list[str]:
        return sorted(set(self.names))


def largest_face(image: np.ndarray, detector) -> np.ndarray | None:
    boxes = detector.detect(image)
    if not boxes:
        return None
    box = max(boxes, key=lambda b: b[2] * b[3])
    return crop(image, box)


def load_people(root: str | Path, detector=None) -> Enrolment:
    """Read every person folder under ``root`` (sorted, so labels are stable)."""
    from skimage.io import imread

    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} does not exist: create {root}/<name>/*.png first")
    result = Enrolment()
    for person in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(person.iterdir()):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            image = imread(path)
            if max(image.shape[:2]) <= CROP_LIMIT:
                face = image
            else:
                if detector is None:
                    from .detect import get_detector

                    detector = get_detector("auto")
                face = largest_face(image, detector)
                if face is None:
                    result.skipped.append(path)
                    continue
            result.faces.append(normalise_face(face))
            result.names.append(person.name)
    if not result.faces:
        raise FileNotFoundError(f"no usable face images under {root}/<name>/")
    return result
