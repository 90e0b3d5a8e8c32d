"""The demo essay: sentences drawn from the gold set with a fixed seed.

``data/sample/essay.txt`` is exactly ``make_essay(load_gold(GOLD), seed=DEFAULT_SEED)``;
a test regenerates it and compares. Run ``python -m <package> make-sample`` after you
change the gold set.
"""

from __future__ import annotations

import random
from pathlib import Path

DEFAULT_SEED = 8
SENTENCES_PER_PARAGRAPH = 4


def make_essay(gold, seed: int = DEFAULT_SEED, n_typo: int = 10, n_clean: int = 6) -> str:
    """A few paragraphs: ``n_typo`` sentences with typos and ``n_clean`` without."""
    rng = random.Random(seed)
    with_typos = [g.written for g in gold if g.typos]
    clean = [g.written for g in gold if not g.typos]
    chosen = rng.sample(with_typos, min(n_typo, len(with_typos)))
    chosen += rng.sample(clean, min(n_clean, len(clean)))
    rng.shuffle(chosen)
    sentences = [s if s[-1] in "。！？" else s + "。" for s in chosen]
    paragraphs = [
        "".join(sentences[i:i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_essay(gold, path: Path | str, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(make_essay(gold, seed=seed), encoding="utf-8", newline="\n")
    return path
