"""Who appears together with whom: co-occurrence counts.

The text is cut into *units* (windows):

* ``paragraph``: one non-empty line. Most script and novel files put one paragraph
  (or one line of dialogue) on each line.
* ``sentence``: a stretch ending in 。！？!? (closing quotes stay with their sentence)
  or at the end of a line.

Two characters *co-occur* in a unit when both are mentioned in it. A pair counts at
most once per unit, however often the two names are repeated there, so the weight
of a pair is "the number of paragraphs (or sentences) in which both appear".
Paragraphs give more and denser links; sentences give fewer, closer ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from .names import NameList, register, segment

UNITS = ("paragraph", "sentence")

# A sentence: anything up to and including its end marks, plus closing quotes or
# brackets that follow them ("他说：“走吧。”" is one sentence).
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’\"'」』）)]*)?")


def split_units(text: str, unit: str = "paragraph") -> list[str]:
    """Cut ``text`` into paragraphs (non-empty lines) or sentences."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    lines = [line.strip() for line in text.split("\n")]
    if unit == "paragraph":
        return [line for line in lines if line]
    sentences = []
    for line in lines:
        for match in _SENTENCE_RE.finditer(line):
            sentence = match.group().strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The key of an undirected pair: the two names in sorted order."""
    return (a, b) if a <= b else (b, a)


@dataclass
class Cooccurrence:
    """Counts for one text.

    mentions     name -> how many times the name (or an alias) was written
    appearances  name -> in how many units it appears
    pairs        (a, b) with a < b -> in how many units both appear
    """

    unit: str
    n_units: int = 0
    mentions: Counter = field(default_factory=Counter)
    appearances: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)

    def weight(self, a: str, b: str) -> int:
        return self.pairs[pair_key(a, b)]


def names_in(tokens: Iterable[str], alias_map: dict[str, str]) -> list[str]:
    """The full names of the characters among ``tokens``, in order, repeats kept."""
    return [alias_map[token] for token in tokens if token in alias_map]


def count_cooccurrence(
    text: str,
    names: NameList,
    unit: str = "paragraph",
    segmenter: Callable[[str], list[str]] | None = None,
) -> Cooccurrence:
    """Count mentions and co-occurring pairs of the characters in ``names``.

    ``segmenter`` cuts one unit into words; the default is jieba with every name
    and alias registered (:func:`names.segment`).
    """
    if segmenter is None:
        register(names)
        segmenter = segment
    alias_map = names.alias_map
    result = Cooccurrence(unit=unit)
    for piece in split_units(text, unit):
        result.n_units += 1
        found = names_in(segmenter(piece), alias_map)
        result.mentions.update(found)
        present = sorted(set(found))
        result.appearances.update(present)
        result.pairs.update(combinations(present, 2))  # sorted input -> sorted pairs
    return result
