"""The word list: jieba's dictionary with frequencies, plus the user's own words.

jieba ships ``dict.txt`` (one ``word freq tag`` per line, about 350,000 words). We read
the file directly instead of calling ``jieba.initialize()``: we only need the
frequencies, and reading them is faster than building jieba's prefix dictionary.
The parsed table can be cached on disk (pickle) so a second run starts quickly.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass, field
from pathlib import Path

CACHE_VERSION = 1
# Frequency given to a user word that is not in jieba's dictionary (or is rarer there):
# high enough that segmentation keeps it whole.
USER_WORD_FREQ = 5000


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (the characters we check)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def jieba_dict_path() -> Path:
    """Path of the dictionary file inside the installed jieba package."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: pip install jieba")
    return Path(spec.origin).parent / "dict.txt"


def read_freq_file(path: Path, min_freq: int = 1) -> dict[str, int]:
    """Read ``word freq [tag]`` lines; keep words made only of Chinese characters."""
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, count = parts[0], int(parts[1])
            if count >= min_freq and all(is_han(ch) for ch in word):
                freq[word] = max(count, freq.get(word, 0))
    return freq


def read_word_list(path: Path | str | None) -> list[str]:
    """One word per line; blank lines and lines starting with ``#`` are ignored."""
    return [line.split()[0] for line in read_word_list_lines(path)]


def read_confusion(path: Path | str | None) -> dict[str, set[str]]:
    """Hand-made look-alike pairs (形近字), one pair per line: ``己 已``. Symmetric."""
    table: dict[str, set[str]] = {}
    for line in read_word_list_lines(path):
        chars = line.split()
        for a in chars:
            for b in chars:
                if a != b:
                    table.setdefault(a, set()).add(b)
    return table


def read_word_pairs(path: Path | str | None) -> dict[str, str]:
    """Wrong words and their corrections, one pair per line: ``在也 再也``.

    Both words must have the same length (one character replaced by another).
    """
    pairs: dict[str, str] = {}
    for number, line in enumerate(read_word_list_lines(path), start=1):
        parts = line.split()
        if len(parts) < 2 or len(parts[0]) != len(parts[1]) or parts[0] == parts[1]:
            raise ValueError(f"{path}: line {number}: need 'wrong right' of the same length")
        pairs[parts[0]] = parts[1]
    return pairs


def read_word_list_lines(path: Path | str | None) -> list[str]:
    """Stripped lines of a UTF-8 text file without blanks and ``#`` comments."""
    if path is None or not Path(path).is_file():
        return []
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass
class Lexicon:
    """Word -> frequency, with the numbers the segmenter needs."""

    freq: dict[str, int]
    user_words: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._patterns: dict[tuple[int, int], dict[str, list[str]]] = {}
        self._refresh()

    def _refresh(self) -> None:
        self.total = sum(self.freq.values()) or 1
        self.log_total = math.log(self.total)
        self.max_len = max((len(w) for w in self.freq), default=1)

    def __contains__(self, word: str) -> bool:
        return word in self.freq

    def get(self, word: str) -> int:
        return self.freq.get(word, 0)

    def logp(self, word: str) -> float:
        """log P(word) as a unigram; unknown strings count as frequency 1."""
        return math.log(self.freq.get(word, 0) or 1) - self.log_total

    def patterns(self, min_freq: int, max_len: int) -> dict[str, list[str]]:
        """Words of 2..``max_len`` characters (at least ``min_freq``) by their shape with
        one character replaced by ``?``: ``问?`` -> [问题, 问答, ...]. A doubled character
        also gives a key with ``??`` (``马马??`` -> 马马虎虎). Built once, then cached."""
        key = (min_freq, max_len)
        if key not in self._patterns:
            table: dict[str, list[str]] = {}
            for word, count in self.freq.items():
                if 2 <= len(word) <= max_len and (count >= min_freq or word in self.user_words):
                    for shape in _shapes(word):
                        table.setdefault(shape, []).append(word)
            self._patterns[key] = table
        return self._patterns[key]

    def add_user_words(self, words) -> None:
        """Words the user says are correct: kept whole and never flagged."""
        added = [w for w in words if w]
        for word in added:
            self.freq[word] = max(self.freq.get(word, 0), USER_WORD_FREQ)
            self.user_words.add(word)
        for (_, max_len), table in self._patterns.items():
            for word in added:
                if 2 <= len(word) <= max_len:
                    _add_patterns(table, word)
        self._refresh()

    def with_user_words(self, words) -> Lexicon:
        """A copy with ``words`` added (the original is left unchanged)."""
        copy = Lexicon(dict(self.freq), set(self.user_words))
        # share the pattern tables: copy the dicts, never change the shared lists
        copy._patterns = {key: dict(table) for key, table in self._patterns.items()}
        copy.add_user_words(words)
        return copy


def _shapes(word: str) -> set[str]:
    """``问题`` -> {``?题``, ``问?``}; a doubled character also as ``??``."""
    keys = {word[:i] + "?" + word[i + 1:] for i in range(len(word))}
    keys |= {word[:i] + "??" + word[i + 2:] for i in range(len(word) - 1)
             if word[i] == word[i + 1]}
    return keys


def _add_patterns(table: dict[str, list[str]], word: str) -> None:
    """Add one word; the lists may be shared with another table, so make new ones."""
    for key in _shapes(word):
        if word not in table.get(key, ()):
            table[key] = [*table.get(key, ()), word]


def load_lexicon(min_freq: int = 5, cache_dir: Path | str | None = None,
                 dict_path: Path | None = None) -> Lexicon:
    """jieba's dictionary as a :class:`Lexicon` (cached as a pickle in ``cache_dir``)."""
    path = dict_path or jieba_dict_path()
    cache = None
    if cache_dir is not None:
        stat = path.stat()
        cache = Path(cache_dir) / f"lexicon-v{CACHE_VERSION}-{min_freq}-{stat.st_size}.pickle"
        if cache.is_file():
            with open(cache, "rb") as fh:
                return Lexicon(pickle.load(fh))
    freq = read_freq_file(path, min_freq=min_freq)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as fh:
            pickle.dump(freq, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return Lexicon(freq)
