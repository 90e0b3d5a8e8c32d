"""Put the pieces together: lexicon + user words + homophone index + detector."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context_lm import CharLM, load_char_lm
from .detector import Detector
from .lexicon import (
    Lexicon,
    load_lexicon,
    read_confusion,
    read_word_list,
    read_word_pairs,
)
from .pinyin_index import PinyinIndex

DATA_DIR = Path("data")


@dataclass
class Resources:
    """The slow-to-build parts (a few seconds the first time, then cached): build once,
    reuse."""

    lexicon: Lexicon
    index: PinyinIndex
    lm: CharLM | None = None


def load_resources(cache_dir: Path | str | None = None, min_freq: int = 5, *,
                   context: bool = True, report=None) -> Resources:
    """The dictionary, the homophone index and (``context``) the character language
    model; ``report`` is passed to :func:`load_char_lm`."""
    lexicon = load_lexicon(min_freq=min_freq, cache_dir=cache_dir)
    lm = load_char_lm(cache_dir, report=report) if context else None
    return Resources(lexicon, PinyinIndex(lexicon), lm)


def build_detector(resources: Resources, data_dir: Path | str = DATA_DIR, *,
                   user_words=(), fuzzy: bool = False, **options) -> Detector:
    """A detector with ``data_dir/user_words.txt``, ``data_dir/confusion.txt`` and
    ``data_dir/confusion_words.txt``.

    ``user_words``: more words to accept (and to offer as suggestions).
    """
    data_dir = Path(data_dir)
    words = read_word_list(data_dir / "user_words.txt") + list(user_words)
    lexicon = resources.lexicon.with_user_words(words) if words else resources.lexicon
    resources.index.include(words, lexicon)
    confusion = read_confusion(data_dir / "confusion.txt")
    options.setdefault("word_pairs", read_word_pairs(data_dir / "confusion_words.txt"))
    options.setdefault("lm", resources.lm)
    return Detector(lexicon, resources.index, confusion, fuzzy=fuzzy, **options)
