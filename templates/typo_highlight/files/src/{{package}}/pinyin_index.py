"""Homophone index: character -> pinyin (no tones) and pinyin -> common characters.

Only "common" characters are indexed: those that appear in a dictionary word with a
frequency of at least ``min_word_freq``. Rare characters are never good suggestions.
Polyphonic characters (多音字) are filed under every reading pypinyin knows.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from .lexicon import Lexicon, is_han

# Pairs that many speakers mix up (前后鼻音, 平翘舌, n/l). Used by the stretch exercise.
FUZZY_FINALS = [("in", "ing"), ("en", "eng"), ("an", "ang")]
FUZZY_INITIALS = [("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l")]


def _strip_tones(syllable: str) -> str:
    """zhòng -> zhong, lǜ -> lv (ü is written v, as pypinyin's NORMAL style does)."""
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def readings(ch: str) -> list[str]:
    """All toneless readings of one character, e.g. 重 -> ['chong', 'tong', 'zhong'].

    Reads pypinyin's character table directly (much faster than calling ``pinyin()``
    for thousands of characters one by one).
    """
    from pypinyin.pinyin_dict import pinyin_dict

    marked = pinyin_dict.get(ord(ch), "")
    return sorted({_strip_tones(s) for s in marked.split(",") if s})


def _split_initial(syllable: str) -> tuple[str, str]:
    for initial in ("zh", "ch", "sh"):
        if syllable.startswith(initial):
            return initial, syllable[len(initial):]
    if syllable[:1] in "bpmfdtnlgkhjqxrzcsyw":
        return syllable[:1], syllable[1:]
    return "", syllable


def fuzzy_variants(syllable: str) -> set[str]:
    """Near-pinyin spellings of one toneless syllable, without the syllable itself.

    ``ying`` -> {``yin``}; ``zhi`` -> {``zi``}; ``lan`` -> {``nan``, ``lang``, ``nang``}.
    Initial and final swaps combine.
    """
    # >>> SOLUTION
    initial, final = _split_initial(syllable)
    initials = {initial}
    for a, b in FUZZY_INITIALS:
        if initial == a:
            initials.add(b)
        elif initial == b:
            initials.add(a)
    finals = {final}
    for a, b in FUZZY_FINALS:
        if final.endswith(b):
            finals.add(final[: -len(b)] + a)
        elif final.endswith(a):
            finals.add(final[: -len(a)] + b)
    variants = {i + f for i in initials for f in finals}
    variants.discard(syllable)
    return variants
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError("练习（学生）：写出模糊音（前后鼻音、平翘舌、n/l）")
    # <<< STUB


class PinyinIndex:
    """char -> readings, reading -> characters sorted by how common they are."""

    def __init__(self, lexicon: Lexicon, min_word_freq: int = 50) -> None:
        char_freq: dict[str, int] = defaultdict(int)
        for word, count in lexicon.freq.items():
            if count >= min_word_freq or word in lexicon.user_words:
                for ch in word:
                    if is_han(ch):
                        char_freq[ch] += count
        self.char_freq = dict(char_freq)
        self.char_readings: dict[str, list[str]] = {}
        by_reading: dict[str, list[str]] = defaultdict(list)
        for ch in self.char_freq:
            found = readings(ch)
            self.char_readings[ch] = found
            for syllable in found:
                by_reading[syllable].append(ch)
        self.by_reading = {
            syllable: sorted(chars, key=lambda c: (-self.char_freq[c], c))
            for syllable, chars in by_reading.items()
        }

    def include(self, words, lexicon: Lexicon) -> None:
        """Index the characters of ``words`` (user terms) so they can be suggested."""
        for word in words:
            for ch in word:
                if not is_han(ch) or ch in self.char_readings:
                    continue
                self.char_freq[ch] = max(lexicon.get(word), 1)
                self.char_readings[ch] = readings(ch)
                for syllable in self.char_readings[ch]:
                    self.by_reading.setdefault(syllable, []).append(ch)

    def __len__(self) -> int:
        return len(self.char_readings)

    def readings_of(self, ch: str) -> list[str]:
        if ch in self.char_readings:
            return self.char_readings[ch]
        return readings(ch)

    def homophones(self, ch: str, fuzzy: bool = False) -> list[str]:
        """Common characters that share a reading with ``ch`` (most common first).

        With ``fuzzy=True`` near readings count too (see :func:`fuzzy_variants`).
        """
        syllables = set(self.readings_of(ch))
        if fuzzy:
            for syllable in list(syllables):
                syllables |= fuzzy_variants(syllable)
        found = {c for s in syllables for c in self.by_reading.get(s, ())}
        found.discard(ch)
        return sorted(found, key=lambda c: (-self.char_freq.get(c, 0), c))
