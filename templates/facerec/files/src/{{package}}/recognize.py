"""Face recognisers with one interface and an "unknown person" threshold.

Every recogniser is trained with ``fit(faces, names)`` on preprocessed faces (see
``preprocess.normalise_face``) and answers ``predict(face) -> (name, distance)``: the best
matching enrolled name and how far the face is from it (smaller = more alike). When
``threshold`` is set and the distance is larger, the answer is ``UNKNOWN``.

* ``LBPHRecognizer``: OpenCV's Local Binary Pattern Histograms (``cv2.face``, contrib build).
* ``EigenfaceRecognizer``: PCA "eigenfaces" + an SVM classifier (scikit-learn).
* ``LBPHistRecognizer``: LBP histograms + chi-square nearest neighbour written with
  scikit-image only (the stretch exercise).
"""

from __future__ import annotations

import numpy as np

UNKNOWN = "unknown"
MODELS = ["lbph", "eigen", "lbphist"]


class RecognizerUnavailable(RuntimeError):
    """The chosen recogniser cannot run here; the message says how to fix it."""


class _Base:
    name = "base"

    def __init__(self, threshold: float | None = None):
        self.threshold = threshold
        self.names_: list[str] = []

    def _labels(self, names: list[str]) -> np.ndarray:
        self.names_ = sorted(set(names))
        if len(self.names_) < 1 or len(names) < 2:
            raise ValueError("need at least two enrolled face images")
        index = {n: i for i, n in enumerate(self.names_)}
        return np.array([index[n] for n in names], dtype=np.int32)

    def _raw(self, face: np.ndarray) -> tuple[int, float]:
        raise NotImplementedError

    def predict(self, face: np.ndarray) -> tuple[str, float]:
        label, distance = self._raw(face)
        if self.threshold is not None and distance > self.threshold:
            return UNKNOWN, distance
        return self.names_[label], distance

    def predict_many(self, faces) -> list[tuple[str, float]]:
        return [self.predict(f) for f in faces]


class LBPHRecognizer(_Base):
    name = "lbph"

    def __init__(self, threshold: float | None = None, radius: int = 1, neighbors: int = 8,
                 grid: int = 8):
        super().__init__(threshold)
        try:
            import cv2
        except ImportError as exc:
            raise RecognizerUnavailable(
                'OpenCV is missing: pip install "opencv-contrib-python-headless>=4.8,<5" '
                "(or use --model eigen / lbphist)"
            ) from exc
        if not hasattr(cv2, "face"):
            raise RecognizerUnavailable(
                "cv2.face is missing: it comes with the contrib wheel. "
                'pip uninstall opencv-python opencv-python-headless; '
                'pip install "opencv-contrib-python-headless>=4.8,<5" '
                "(or use --model eigen / lbphist)"
            )
        self._model = cv2.face.LBPHFaceRecognizer_create(
            radius=radius, neighbors=neighbors, grid_x=grid, grid_y=grid
        )

    def fit(self, faces, names):
        labels = self._labels(list(names))
        self._model.train([np.ascontiguousarray(f) for f in faces], labels)
        return self

    def _raw(self, face):
        label, distance = self._model.predict(np.ascontiguousarray(face))
        return int(label), float(distance)


class EigenfaceRecognizer(_Base):
    """PCA keeps the directions in which faces vary most ("eigenfaces"); an SVM separates
    the people in that small space. The distance is to the nearest enrolled face of the
    predicted person, measured in the same PCA space."""

    name = "eigen"

    def __init__(self, threshold: float | None = None, n_components: int = 40, seed: int = 0):
        super().__init__(threshold)
        self.n_components = n_components
        self.seed = seed

    def fit(self, faces, names):
        from sklearn.decomposition import PCA
        from sklearn.svm import SVC
        from threadpoolctl import threadpool_limits

        labels = self._labels(list(names))
        x = np.stack([f.ravel() for f in faces]).astype(np.float64) / 255.0
        k = max(1, min(self.n_components, x.shape[0] - 1, x.shape[1]))
        # One BLAS thread: on a small matrix, many threads on a busy machine are far slower.
        with threadpool_limits(limits=1, user_api="blas"):
            self._pca = PCA(n_components=k, random_state=self.seed).fit(x)
        self._train = self._pca.transform(x)
        self._labels_arr = labels
        if len(self.names_) > 1:
            self._svc = SVC(kernel="linear", C=1.0).fit(self._train, labels)
        else:
            self._svc = None
        return self

    def _raw(self, face):
        z = self._pca.transform(face.reshape(1, -1).astype(np.float64) / 255.0)
        label = int(self._svc.predict(z)[0]) if self._svc is not None else 0
        same = self._train[self._labels_arr == label]
        distance = float(np.min(np.linalg.norm(same - z, axis=1)))
        return label, distance


def lbp_histogram(face: np.ndarray, grid: int = 8, points: int = 8, radius: int = 1) -> np.ndarray:
    """Concatenated, normalised histograms of "uniform" LBP codes over a grid x grid layout.

    LBP compares each pixel with its ``points`` neighbours on a circle of ``radius`` and
    writes the result as a small code; "uniform" codes (method="uniform") take the values
    0 .. points+1. Cutting the face into cells keeps the information *where* a pattern
    appears (eyes, mouth ...).
    """
    # >>> SOLUTION
    from skimage.feature import local_binary_pattern

    codes = local_binary_pattern(face, points, radius, method="uniform")
    n_bins = points + 2
    rows = np.array_split(np.arange(face.shape[0]), grid)
    cols = np.array_split(np.arange(face.shape[1]), grid)
    hists = []
    for r in rows:
        for c in cols:
            cell = codes[r[0]:r[-1] + 1, c[0]:c[-1] + 1]
            # the codes are whole numbers 0 .. n_bins-1: count each one (like np.histogram
            # with one bin per code, only much faster)
            hist = np.bincount(cell.ravel().astype(np.int64), minlength=n_bins)
            hists.append(hist / max(1, cell.size))
    return np.concatenate(hists)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：用 local_binary_pattern 计算分块 LBP 直方图"
    #     " / exercise: compute block LBP histograms with local_binary_pattern")
    # <<< STUB


def chi_square(a: np.ndarray, b: np.ndarray) -> float:
    """Chi-square distance between two histograms: sum((a-b)^2 / (a+b)), 0 when identical."""
    # >>> SOLUTION
    total = a + b
    mask = total > 0
    return float(np.sum((a[mask] - b[mask]) ** 2 / total[mask]))
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：实现卡方距离 sum((a-b)^2/(a+b))，跳过 a+b=0 的项"
    #     " / exercise: chi-square distance sum((a-b)^2/(a+b)), skipping terms where a+b=0")
    # <<< STUB


class LBPHistRecognizer(_Base):
    """The same idea as OpenCV's LBPH, in a few lines of scikit-image (stretch exercise)."""

    name = "lbphist"

    def __init__(self, threshold: float | None = None, grid: int = 8):
        super().__init__(threshold)
        self.grid = grid

    def fit(self, faces, names):
        self._labels_arr = self._labels(list(names))
        self._hists = [lbp_histogram(f, grid=self.grid) for f in faces]
        return self

    def _raw(self, face):
        h = lbp_histogram(face, grid=self.grid)
        distances = [chi_square(h, other) for other in self._hists]
        best = int(np.argmin(distances))
        return int(self._labels_arr[best]), float(distances[best])


def make_recognizer(kind: str, threshold: float | None = None):
    if kind == "lbph":
        return LBPHRecognizer(threshold)
    if kind == "eigen":
        return EigenfaceRecognizer(threshold)
    if kind == "lbphist":
        return LBPHistRecognizer(threshold)
    raise ValueError(f"unknown model {kind!r}; choose one of {MODELS}")


def calibrate_threshold(kind: str, faces, names, quantile: float = 0.95,
                        slack: float = 1.0) -> float:
    """Pick the unknown-face threshold from the enrolled faces alone.

    Every second image of each person is held out, a model is trained on the rest and
    the distances of the held-out (genuine) faces are measured. The threshold is their
    ``quantile`` times ``slack``. A model trained on half the photos is a bit stricter
    than the final one, which leaves some room: most genuine faces pass, while a stranger
    usually lies farther away. With only a few photos per person this is rough; check it on your
    own data and override it with --threshold.
    """
    faces, names = list(faces), list(names)
    seen: dict[str, int] = {}
    train_idx, held_idx = [], []
    for i, n in enumerate(names):
        seen[n] = seen.get(n, 0) + 1
        (held_idx if seen[n] % 2 == 0 else train_idx).append(i)
    if not held_idx:
        raise ValueError("need at least two images of one person to calibrate the threshold")
    model = make_recognizer(kind).fit([faces[i] for i in train_idx], [names[i] for i in train_idx])
    genuine = [model._raw(faces[i])[1] for i in held_idx]
    return float(np.quantile(genuine, quantile) * slack)
