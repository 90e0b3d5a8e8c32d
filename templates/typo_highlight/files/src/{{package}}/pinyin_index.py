"""Homophone index: character -> pinyin (no tones) and pinyin -> common characters.

Only "common" characters are indexed: those that appear in a dictionary word with a
frequency of at least ``min_word_freq``. Rare characters are never good suggestions.
Polyphonic characters (多音字) are filed under every reading pypinyin knows
(``by_reading``), but homophones are looked up by their *common* readings only
(``common``): 大 is dà, not its rare tài, so 大 and 能 (whose rare reading is tái) are not
homophones. Writing a character for one of its rare readings is not a typo students
make; offering it as a suggestion was the main source of false alarms.

How common a reading is comes from the dictionary itself: pypinyin's phrase table says
how a character reads in the words where it does not take its first reading (长城
cháng, 成长 zhǎng); weighted by the frequencies of those words, and the rest of the
character's words counted for its first reading, every reading gets a share. Readings
with at least ``COMMON_SHARE`` of it are common.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from .lexicon import Lexicon, is_han

# Pairs that many speakers mix up (前后鼻音, 平翘舌, n/l). Used by the stretch exercise.
COMMON_SHARE = 0.1  # a reading used by at least this share of a character's words

FUZZY_FINALS = [("in", "ing"), ("en", "eng"), ("an", "ang")]
FUZZY_INITIALS = [("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l")]


def _strip_tones(syllable: str) -> str:
    """zhòng -> zhong, lǜ -> lv (ü is written v, as pypinyin's NORMAL style does)."""
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def primary_reading(ch: str) -> tuple[str, int]:
    """The main reading of a character, without tone, and its tone (1-4, 5 = neutral):
    大 -> ('da', 4). pypinyin lists the most common reading first; ('', 0) if unknown."""
    from pypinyin.pinyin_dict import pinyin_dict

    marked = pinyin_dict.get(ord(ch), "").split(",")[0]
    if not marked:
        return "", 0
    return _syllable_and_tone(marked)


def _syllable_and_tone(marked: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", marked)
    tone = 5
    for mark, number in (("\u0304", 1), ("\u0301", 2), ("\u030c", 3), ("\u0300", 4)):
        if mark in decomposed:
            tone = number
    return _strip_tones(marked), tone


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
    # raise NotImplementedError(
    #     "练习（学生）：写出模糊音（前后鼻音、平翘舌、n/l）"
    #     " / exercise: write the near-pinyin variants (in/ing, z/zh, n/l)")
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
        self.common = self._common_readings(lexicon, min_word_freq)
        by_common: dict[str, list[str]] = defaultdict(list)
        for ch, found in self.common.items():
            for syllable in {s for s, _ in found}:
                by_common[syllable].append(ch)

        def by_freq(chars):
            return sorted(chars, key=lambda c: (-self.char_freq[c], c))

        self.by_reading = {syllable: by_freq(chars) for syllable, chars in by_reading.items()}
        self.by_common = {syllable: by_freq(chars) for syllable, chars in by_common.items()}

    def _common_readings(self, lexicon: Lexicon, min_word_freq: int
                         ) -> dict[str, set[tuple[str, int]]]:
        """char -> its common (syllable, tone) readings (see the module notes)."""
        from pypinyin.phrases_dict import phrases_dict

        special: dict[str, Counter] = defaultdict(Counter)
        for phrase, marks in phrases_dict.items():
            count = lexicon.get(phrase)
            if count < min_word_freq or len(marks) != len(phrase):
                continue
            for ch, options in zip(phrase, marks, strict=True):
                if ch in self.char_freq and options:
                    special[ch][_syllable_and_tone(options[0])] += count
        common = {}
        for ch, total in self.char_freq.items():
            counts = Counter(special.get(ch, {}))
            first = primary_reading(ch)
            counts[first] += max(total - sum(counts.values()), 0)
            weight = sum(counts.values()) or 1
            common[ch] = {r for r, n in counts.items() if n >= COMMON_SHARE * weight} or {first}
        return common

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
                self.common[ch] = {primary_reading(ch)}
                self.by_common.setdefault(primary_reading(ch)[0], []).append(ch)

    def __len__(self) -> int:
        return len(self.char_readings)

    def readings_of(self, ch: str) -> list[str]:
        if ch in self.char_readings:
            return self.char_readings[ch]
        return readings(ch)

    def common_of(self, ch: str) -> set[tuple[str, int]]:
        """The common (syllable, tone) readings of ``ch``: 长 -> {('chang', 2), ('zhang', 3)}."""
        if ch in self.common:
            return self.common[ch]
        first = primary_reading(ch)
        return {first} if first[0] else set()

    def same_tone(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` share a common reading with its tone (新/心 xīn)."""
        return bool(self.common_of(a) & self.common_of(b))

    def homophones(self, ch: str, fuzzy: bool = False) -> list[str]:
        """Common characters that share a common reading with ``ch``, tones ignored
        (most common first).

        With ``fuzzy=True`` near readings count too (see :func:`fuzzy_variants`).
        """
        syllables = {s for s, _ in self.common_of(ch)}
        if fuzzy:
            for syllable in list(syllables):
                syllables |= fuzzy_variants(syllable)
        found = {c for s in syllables for c in self.by_common.get(s, ())}
        found.discard(ch)
        return sorted(found, key=lambda c: (-self.char_freq.get(c, 0), c))
