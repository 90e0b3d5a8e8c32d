"""The offline demo data, built at run time from images inside scikit-image.

No photo is stored in this project. scikit-image ships:

* ``skimage.data.astronaut()``: a 512x512 NASA portrait (public domain), used for detection;
* ``skimage.data.lfw_subset()``: 200 tiny 25x25 grey images, the first 100 of them faces
  from the "Labeled Faces in the Wild" set.

Each lfw face plays one "identity" (we know nothing about who is in the pictures and do not
need to). One photo per identity is not enough to train on, so we make *augmented copies*:
slightly rotated, scaled, shifted, brighter or darker, with noise. The plan of all copies
(which face, which role, which changes) is a small CSV, ``data/sample/demo_plan.csv``,
written by ``generate_plan`` with a fixed seed.

Honest caveat: telling apart augmented copies of one photo is far easier than recognising
a real person across days, hairstyles, glasses and lighting. Accuracy here says little
about real-world accuracy.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from .preprocess import FACE_SIZE, normalise_face

DEFAULT_SEED = 7
N_ENROLLED = 10       # lfw faces 0..9 are enrolled people
N_IMPOSTORS = 10      # lfw faces 10..19 are strangers the system must call "unknown"
N_ENROL = 6           # augmented copies per enrolled person used for training
N_PROBE = 3           # copies per enrolled person used for testing
N_IMPOSTOR_PROBE = 2  # copies per stranger
ASTRONAUT = "astronaut"
PLAN_COLUMNS = ["identity", "source", "role", "angle", "scale", "dx", "dy", "brightness",
                "noise_seed"]
# Where the astronaut's face is in skimage.data.astronaut(): (x, y, w, h), checked by eye.
ASTRONAUT_FACE = (175, 66, 95, 95)


def identity_name(index: int) -> str:
    return f"id_{index:02d}"


def generate_plan(seed: int = DEFAULT_SEED) -> list[dict]:
    """Rows describing every augmented copy of the demo. Deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    rows = []

    def add(identity, source, role, count):
        for _ in range(count):
            rows.append({
                "identity": identity,
                "source": source,
                "role": role,
                "angle": round(float(rng.uniform(-6, 6)), 2),
                "scale": round(float(rng.uniform(0.92, 1.08)), 3),
                "dx": round(float(rng.uniform(-2.5, 2.5)), 2),
                "dy": round(float(rng.uniform(-2.5, 2.5)), 2),
                "brightness": round(float(rng.uniform(0.75, 1.25)), 3),
                "noise_seed": int(rng.integers(0, 2**31 - 1)),
            })

    for i in range(N_ENROLLED):
        add(identity_name(i), f"lfw:{i}", "enrol", N_ENROL)
        add(identity_name(i), f"lfw:{i}", "probe", N_PROBE)
    for i in range(N_ENROLLED, N_ENROLLED + N_IMPOSTORS):
        add(identity_name(i), f"lfw:{i}", "impostor", N_IMPOSTOR_PROBE)
    add(ASTRONAUT, ASTRONAUT, "enrol", N_ENROL)
    return rows


def plan_to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PLAN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_plan(path: str | Path, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_to_csv(generate_plan(seed)), encoding="utf-8")
    return path


def source_image(source: str) -> np.ndarray:
    """The original grey face (floats in 0..1) for a plan ``source``."""
    from skimage import data

    from .detect import to_gray_uint8
    from .preprocess import crop

    if source == ASTRONAUT:
        return to_gray_uint8(crop(data.astronaut(), ASTRONAUT_FACE)) / 255.0
    if source.startswith("lfw:"):
        return data.lfw_subset()[int(source[4:])]
    raise ValueError(f"unknown source {source!r}")


def augment(face: np.ndarray, row: dict, size: int = FACE_SIZE) -> np.ndarray:
    """One augmented, preprocessed copy (uint8, size x size) as described by a plan row."""
    from skimage.transform import SimilarityTransform, resize, warp

    # Sensor noise belongs to the original (small) photo, so add it before enlarging.
    noise = np.random.default_rng(int(row["noise_seed"])).normal(0, 0.02, face.shape)
    img = resize(np.clip(face + noise, 0, 1), (size, size), anti_aliasing=True)
    centre = np.array([size / 2, size / 2])
    to_centre = SimilarityTransform(translation=-centre)
    change = SimilarityTransform(scale=float(row["scale"]),
                                 rotation=np.deg2rad(float(row["angle"])))
    back = SimilarityTransform(translation=centre + [float(row["dx"]), float(row["dy"])])
    matrix = back.params @ change.params @ to_centre.params
    img = warp(img, np.linalg.inv(matrix), mode="edge")
    img = np.clip(img * float(row["brightness"]), 0, 1)
    return normalise_face(img, size)


def build_demo_sets(rows: list[dict] | None = None, seed: int = DEFAULT_SEED) -> dict:
    """Faces and names per role: {"enrol": (faces, names), "probe": ..., "impostor": ...}."""
    rows = generate_plan(seed) if rows is None else rows
    cache: dict[str, np.ndarray] = {}
    lfw = None
    sets: dict[str, tuple[list, list]] = {}
    for row in rows:
        src = row["source"]
        if src not in cache:
            if src.startswith("lfw:"):
                if lfw is None:
                    from skimage import data

                    lfw = data.lfw_subset()
                cache[src] = lfw[int(src[4:])]
            else:
                cache[src] = source_image(src)
        faces, names = sets.setdefault(row["role"], ([], []))
        faces.append(augment(cache[src], row))
        names.append(row["identity"])
    return sets


def read_plan(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
