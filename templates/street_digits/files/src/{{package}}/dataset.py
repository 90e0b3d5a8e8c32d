"""Reading and writing data in the Tianchi "街景字符编码识别" format.

A data set is a folder of images plus one JSON file keyed by file name::

    {"000000.png": {"height": [219, 219], "label": [1, 9], "left": [246, 323],
                    "top": [77, 81], "width": [81, 96]}, ...}

Every list has one entry per character, left to right. The real competition files
(``mchar_train.json`` + ``mchar_train/``, ``mchar_val.json`` + ``mchar_val/``) load with
the same function as the synthetic ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

KEYS = ("height", "label", "left", "top", "width")


class DataFormatError(ValueError):
    """The JSON file or the image folder is not in the expected format."""


@dataclass
class Sample:
    """One image of a data set and its character boxes."""

    file_name: str
    path: Path
    label: list[int]
    boxes: list[tuple[int, int, int, int]]  # (left, top, width, height)

    @property
    def code(self) -> str:
        """The house number as a string, e.g. "19"."""
        return "".join(str(d) for d in self.label)

    def load(self) -> np.ndarray:
        return load_image(self.path)


def load_image(path: str | Path) -> np.ndarray:
    """An image file as an (H, W, 3) uint8 RGB array."""
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def _as_int(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataFormatError(f"{where}: expected a number, got {value!r}")
    return int(round(value))


def read_labels(json_path: str | Path) -> dict[str, dict]:
    """Read and check a Tianchi JSON label file (values are rounded to int)."""
    json_path = Path(json_path)
    with open(json_path, encoding="utf-8") as fh:
        try:
            raw = json.load(fh)
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"{json_path}: not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise DataFormatError(f"{json_path}: expected an object keyed by file name")
    labels = {}
    for name, entry in raw.items():
        where = f"{json_path}: {name}"
        if not isinstance(entry, dict):
            raise DataFormatError(f"{where}: expected an object")
        missing = [k for k in KEYS if k not in entry]
        if missing:
            raise DataFormatError(f"{where}: missing key(s) {', '.join(missing)}")
        lists = {}
        for k in KEYS:
            value = entry[k]
            if not isinstance(value, list):  # some converters write a bare number
                value = [value]
            lists[k] = [_as_int(v, f"{where}.{k}") for v in value]
        lengths = {len(v) for v in lists.values()}
        if len(lengths) != 1 or 0 in lengths:
            raise DataFormatError(f"{where}: lists must be non-empty and of equal length")
        if any(not 0 <= d <= 9 for d in lists["label"]):
            raise DataFormatError(f"{where}: labels must be digits 0-9")
        labels[name] = lists
    return labels


def write_labels(labels: dict[str, dict], json_path: str | Path) -> Path:
    """Write labels as compact JSON, keys sorted (the same bytes for the same data)."""
    json_path = Path(json_path)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    ordered = {name: {k: labels[name][k] for k in KEYS} for name in sorted(labels)}
    json_path.write_text(json.dumps(ordered, separators=(", ", ": ")) + "\n", encoding="utf-8")
    return json_path


def load_tianchi(img_dir: str | Path, json_path: str | Path) -> list[Sample]:
    """All samples of a Tianchi-format data set, sorted by file name."""
    img_dir = Path(img_dir)
    if not img_dir.is_dir():
        raise FileNotFoundError(f"image folder {img_dir} not found")
    samples = []
    for name, entry in sorted(read_labels(json_path).items()):
        path = img_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is listed in {json_path} but does not exist")
        boxes = list(zip(entry["left"], entry["top"], entry["width"], entry["height"],
                         strict=True))
        samples.append(Sample(name, path, entry["label"], boxes))
    return samples


def list_images(img_dir: str | Path) -> list[Path]:
    """The .png/.jpg files of a folder, sorted (for test sets without labels)."""
    img_dir = Path(img_dir)
    if not img_dir.is_dir():
        raise FileNotFoundError(f"image folder {img_dir} not found")
    return sorted(p for p in img_dir.iterdir() if p.suffix.lower() in {".png", ".jpg", ".jpeg"})


def crop_box(image: np.ndarray, box: tuple[int, int, int, int], pad: int = 1) -> np.ndarray:
    """The part of `image` inside `box`, grown by `pad` pixels and clipped to the image.

    Real boxes sometimes reach outside the picture; the result is never empty.
    """
    left, top, width, height = box
    h, w = image.shape[:2]
    x0 = min(max(left - pad, 0), w - 1)
    y0 = min(max(top - pad, 0), h - 1)
    x1 = max(min(left + width + pad, w), x0 + 1)
    y1 = max(min(top + height + pad, h), y0 + 1)
    return image[y0:y1, x0:x1]
