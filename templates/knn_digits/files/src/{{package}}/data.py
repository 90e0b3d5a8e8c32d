"""Build the classic 32x32 text digits from scikit-learn's bundled digits.

The original exercise uses about 2,000 training and 900 test text files derived
from the UCI "Optical Recognition of Handwritten Digits" data. scikit-learn ships
1,797 digits of the same source inside its wheel (``load_digits``), as 8x8
images with grey levels 0..16. We enlarge each one to 32x32 with bilinear
interpolation and keep the pixels at least half dark: no download, and the
result is the same on every machine.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from .bitmaps import SIZE, write_digit

DEFAULT_SEED = 777
TEST_FRACTION = 1 / 3
TRAIN_DIR, TEST_DIR = "trainingDigits", "testDigits"


def upscale(image8: np.ndarray, size: int = SIZE) -> np.ndarray:
    """Bilinear interpolation of a small square image to ``size`` x ``size``."""
    image8 = np.asarray(image8, dtype=np.float64)
    n = image8.shape[0]
    # centre of each output pixel, in input pixel coordinates
    pos = np.clip((np.arange(size) + 0.5) * n / size - 0.5, 0, n - 1)
    low = np.floor(pos).astype(int)
    high = np.minimum(low + 1, n - 1)
    frac = pos - low
    rows = image8[low] * (1 - frac)[:, None] + image8[high] * frac[:, None]
    return rows[:, low] * (1 - frac)[None, :] + rows[:, high] * frac[None, :]


def to_bits(image8: np.ndarray, threshold: float = 8.0) -> np.ndarray:
    """One 8x8 digit (0..16) -> a 32x32 bitmap of 0/1."""
    return (upscale(image8) >= threshold).astype(np.uint8)


def read_bundled_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 8x8 digits (grey levels 0..16) and their labels.

    This reads ``digits.csv.gz``, the file inside the scikit-learn package that
    ``sklearn.datasets.load_digits`` reads, without importing scikit-learn (which
    takes seconds). If the file is not where we expect it, ask ``load_digits``.
    """
    spec = importlib.util.find_spec("sklearn")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            table = np.loadtxt(path, delimiter=",")
            return table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.images, digits.target.astype(np.int64)


@lru_cache(maxsize=1)
def _converted() -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_bundled_digits()
    return np.stack([to_bits(img) for img in images]), labels


def load_bitmaps() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits as 32x32 bitmaps (shape (n, 32, 32)) and their labels."""
    bits, labels = _converted()  # converted once per run, then copied
    return bits.copy(), labels.copy()


def split_indices(labels: np.ndarray, seed: int = DEFAULT_SEED,
                  test_fraction: float = TEST_FRACTION) -> tuple[np.ndarray, np.ndarray]:
    """A stratified, seeded split: (train indices, test indices), each sorted.

    Each digit contributes the same share of its examples to the test set.
    """
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in np.unique(labels):
        idx = np.flatnonzero(labels == digit)
        idx = idx[rng.permutation(len(idx))]
        n_test = int(round(len(idx) * test_fraction))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def make_split(seed: int = DEFAULT_SEED):
    """(X_train, y_train, X_test, y_test) as 1024-vectors, in file order."""
    bits, labels = load_bitmaps()
    train, test = split_indices(labels, seed)
    # the order of the files: all zeros first (0_0, 0_1, ...), then all ones, ...
    train = train[np.argsort(labels[train], kind="stable")]
    test = test[np.argsort(labels[test], kind="stable")]
    flat = bits.reshape(len(bits), -1)
    return flat[train], labels[train], flat[test], labels[test]


def _write_set(folder: Path, bits: np.ndarray, labels: np.ndarray,
               per_digit: int | None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for digit in range(10):
        chosen = bits[labels == digit]
        if per_digit is not None:
            chosen = chosen[:per_digit]
        for number, image in enumerate(chosen):
            written.append(write_digit(folder / f"{digit}_{number}.txt", image))
    return written


FONT_PER_DIGIT_TRAIN, FONT_PER_DIGIT_TEST = 200, 50
SOURCES = ("bundled", "fonts")


def font_split(seed: int = DEFAULT_SEED, per_digit_train: int | None = None,
               per_digit_test: int | None = None):
    """Font digits as (bits_train, y_train, bits_test, y_test).

    Training digits use the training fonts, test digits the held-out font families
    (see ``glyphs.py``); 200 and 50 per digit unless told otherwise.
    """
    from .glyphs import make_font_digits

    train = make_font_digits(per_digit_train or FONT_PER_DIGIT_TRAIN, "train", seed)
    test = make_font_digits(per_digit_test or FONT_PER_DIGIT_TEST, "heldout", seed)
    return (*train, *test)


def training_set(source: str = "both", seed: int = DEFAULT_SEED):
    """(X, y) to train on, as 1024-vectors: the training part of the bundled digits
    ("bundled"), the training-font digits ("fonts"), or both together ("both")."""
    parts = []
    if source in ("bundled", "both"):
        X, y, _, _ = make_split(seed)
        parts.append((X, y))
    if source in ("fonts", "both"):
        bits, y, _, _ = font_split(seed, per_digit_test=1)
        parts.append((bits.reshape(len(bits), -1), y))
    if not parts:
        raise ValueError(f"unknown source {source!r}; choose from bundled, fonts, both")
    return np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def write_dataset(out: str | Path, seed: int = DEFAULT_SEED,
                  per_digit_train: int | None = None,
                  per_digit_test: int | None = None,
                  source: str = "bundled") -> dict[str, int]:
    """Write ``out/trainingDigits/*.txt`` and ``out/testDigits/*.txt``.

    File names follow the original exercise: ``<digit>_<number>.txt``.
    ``per_digit_*`` keeps only the first files of each digit (the committed
    sample in ``data/sample`` is such a prefix of the full set).
    ``source="fonts"`` writes font digits instead: training fonts in
    trainingDigits/, held-out font families in testDigits/.
    Returns the number of files written per folder.
    """
    out = Path(out)
    if source == "bundled":
        bits, labels = load_bitmaps()
        train, test = split_indices(labels, seed)
        parts = [(bits[train], labels[train]), (bits[test], labels[test])]
    elif source == "fonts":
        b_train, y_train, b_test, y_test = font_split(seed, per_digit_train, per_digit_test)
        parts = [(b_train, y_train), (b_test, y_test)]
    else:
        raise ValueError(f"unknown source {source!r}; choose from {', '.join(SOURCES)}")
    counts = {}
    for name, (b, y), limit in [(TRAIN_DIR, parts[0], per_digit_train),
                                (TEST_DIR, parts[1], per_digit_test)]:
        folder = out / name
        if folder.is_dir():  # a fresh folder: no stale files from another seed or size
            for old in folder.glob("*.txt"):
                old.unlink()
        counts[name] = len(_write_set(folder, b, y, limit))
    return counts
