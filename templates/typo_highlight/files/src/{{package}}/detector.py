"""Find suspicious characters and suggest corrections.

The method, step by step:

1. Split the text into runs of Chinese characters (punctuation, digits and Latin
   letters end a run; offsets always refer to the original text).
2. Segment each run with the most probable path through the dictionary (a unigram
   model, like jieba's default mode). Known multi-character words come out whole.
3. Words of two or more characters are trusted: we never change a character inside a
   known word. A typo usually breaks a word apart, so it shows up as single
   characters: 问提 -> 问 / 提. The one exception are idioms and set phrases: in
   迫不急待 the wrong 急 hides inside the word 不急 (迫 / 不急 / 待), so a character
   inside a word may change when the result is a dictionary word of three or more
   characters (迫不及待) that the span was not.
4. For every span of 1-4 adjacent tokens that contains a single-character token,
   replace one of its single characters with a homophone (same main pinyin; optionally
   a near pinyin, or a look-alike character from the confusion list). If the new span
   is a dictionary word that is much more likely than the original span, that is a
   finding. "Much more likely" is ``margin`` times when the two characters have the
   same tone, and ``tone_margin`` times more when they do not: students mostly swap
   characters that sound exactly alike (新/心, 象/像), while 急得 -> 记得 (jí/jì) is a
   correct sentence that a unigram model alone would "fix". The candidate span always
   covers whole tokens, so no known word is cut.
5. Suggestions for one position are ranked by the frequency of the word they form.
6. A hand-made list of wrong words (``data/confusion_words.txt``: 在也 -> 再也, a lone
   象 -> 像) catches typos that are themselves words or that the unigram model cannot
   see; its entries win over the findings above.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from .lexicon import Lexicon, is_han
from .pinyin_index import PinyinIndex


@dataclass
class Finding:
    """One suspicious character: ``text[start:end] == wrong``."""

    start: int
    end: int
    wrong: str
    suggestions: list[str]
    word: str  # the dictionary word the best suggestion forms
    score: float  # log-likelihood gain of the best suggestion (higher = surer)
    reason: str  # "homophone", "near-pinyin", "look-alike" or "word-list"
    span: tuple[int, int] = field(default=(0, 0), repr=False)

    @property
    def suggestion(self) -> str:
        return self.suggestions[0]

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("span")
        data["suggestion"] = self.suggestion
        return data


def han_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of Chinese characters."""
    runs, start = [], None
    for i, ch in enumerate(text):
        if is_han(ch):
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


def segment(lexicon: Lexicon, text: str) -> list[tuple[int, int]]:
    """Most probable segmentation of a run of Chinese characters into (start, end)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n  # best[i]: log-probability of text[:i]
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - lexicon.max_len), end):
            piece = text[start:end]
            if end - start > 1 and piece not in lexicon:
                continue
            score = best[start] + lexicon.logp(piece)
            if score > best[end]:
                best[end], back[end] = score, start
    tokens, end = [], n
    while end > 0:
        tokens.append((back[end], end))
        end = back[end]
    return tokens[::-1]


IDIOM_MIN_CHARS = 3  # a word this long may replace a character inside a shorter word


class Detector:
    """Typo detector over a lexicon and a homophone index.

    ``margin``: how many times more likely (as a unigram) the corrected span must be than
    the original span, e.g. 10 means "ten times". ``min_word_freq``: a suggestion must form
    a word at least this frequent. ``fuzzy``: also try near-pinyin characters.
    """

    def __init__(self, lexicon: Lexicon, index: PinyinIndex,
                 confusion: dict[str, set[str]] | None = None, *, margin: float = 10.0,
                 tone_margin: float = 20.0, min_word_freq: int = 20, max_span_chars: int = 4,
                 fuzzy: bool = False, word_pairs: dict[str, str] | None = None) -> None:
        self.lexicon = lexicon
        self.index = index
        self.confusion = confusion or {}
        self.word_pairs = word_pairs or {}
        self.log_margin = math.log(margin)
        self.log_tone_margin = math.log(tone_margin)
        self.min_word_freq = min_word_freq
        self.max_span_chars = max_span_chars
        self.fuzzy = fuzzy

    # -- candidates ---------------------------------------------------------------
    def candidates(self, ch: str) -> list[tuple[str, str]]:
        """(character, reason) pairs that could replace ``ch``."""
        found: dict[str, str] = {}
        for c in self.confusion.get(ch, ()):
            found[c] = "look-alike"
        for c in self.index.homophones(ch):
            found.setdefault(c, "homophone")
        if self.fuzzy:
            for c in self.index.homophones(ch, fuzzy=True):
                found.setdefault(c, "near-pinyin")
        return list(found.items())

    def _span_logp(self, text: str, tokens: list[tuple[int, int]]) -> float:
        return sum(self.lexicon.logp(text[a:b]) for a, b in tokens)

    # -- detection ----------------------------------------------------------------
    def check(self, text: str) -> list[Finding]:
        """All findings in ``text``, sorted by position."""
        protected = self._user_word_positions(text)
        findings: list[Finding] = []
        for run_start, run_end in han_runs(text):
            run = text[run_start:run_end]
            tokens = segment(self.lexicon, run)
            listed = self._listed(run, tokens)
            taken = {i for f in listed for i in range(*f.span)}
            for f in listed + self._check_run(run, tokens):
                if f in listed or not any(i in taken for i in range(*f.span)):
                    if not any(i in protected for i in range(run_start + f.start,
                                                              run_start + f.end)):
                        f.start += run_start
                        f.end += run_start
                        f.span = (f.span[0] + run_start, f.span[1] + run_start)
                        findings.append(f)
        return sorted(findings, key=lambda f: f.start)

    def _listed(self, run: str, tokens: list[tuple[int, int]]) -> list[Finding]:
        """Findings from the word list: a wrong word of one character must be a whole
        token (象 alone, not inside 大象); longer ones match anywhere (在也, 迫不急待)."""
        found = []
        for wrong, right in self.word_pairs.items():
            if len(wrong) == 1:
                spans = [(a, b) for a, b in tokens if run[a:b] == wrong]
            else:
                spans, start = [], run.find(wrong)
                while start != -1:
                    spans.append((start, start + len(wrong)))
                    start = run.find(wrong, start + 1)
            for a, b in spans:
                for i in range(a, b):
                    if run[i] != right[i - a]:
                        found.append(Finding(i, i + 1, run[i], [right[i - a]], right, 99.0,
                                             "word-list", (a, b)))
        return found

    def _user_word_positions(self, text: str) -> set[int]:
        positions: set[int] = set()
        for word in self.lexicon.user_words:
            start = text.find(word)
            while start != -1:
                positions.update(range(start, start + len(word)))
                start = text.find(word, start + 1)
        return positions

    def _check_run(self, run: str, tokens: list[tuple[int, int]]) -> list[Finding]:
        options: dict[int, dict[str, tuple[float, str, str, tuple[int, int]]]] = {}
        for first in range(len(tokens)):
            for last in range(first, min(first + 4, len(tokens))):
                window = tokens[first:last + 1]
                a, b = window[0][0], window[-1][1]
                if b - a < 2 or b - a > self.max_span_chars:
                    continue
                singles = [s for s, e in window if e - s == 1]
                if not singles:
                    continue
                # idioms and set phrases: any character of a span of 3+ characters
                positions = range(a, b) if b - a >= IDIOM_MIN_CHARS else singles
                old_logp = self._span_logp(run, window)
                for pos in positions:
                    inside_word = pos not in singles
                    # a doubled character is doubled in the idiom too: 马马乎乎 -> 马马虎虎
                    twice = pos + 1 < b and run[pos + 1] == run[pos]
                    for ch, reason in self.candidates(run[pos]):
                        new = run[a:pos] + ch + run[pos + 1:b]
                        if twice and self.lexicon.get(new) < self.min_word_freq and b - a >= 4:
                            new = run[a:pos] + ch + ch + run[pos + 2:b]  # idioms only
                        count = self.lexicon.get(new)
                        if count < self.min_word_freq:
                            continue
                        if inside_word and (len(new) < IDIOM_MIN_CHARS or len(window) == 1):
                            continue
                        gain = self.lexicon.logp(new) - old_logp - self.log_margin
                        if reason != "look-alike" and not self.index.same_tone(run[pos], ch):
                            gain -= self.log_tone_margin
                        if gain <= 0:
                            continue
                        both = twice and new[pos + 1 - a] == ch
                        for at in (pos, pos + 1) if both else (pos,):
                            best = options.setdefault(at, {})
                            if ch not in best or gain > best[ch][0]:
                                best[ch] = (gain, new, reason, (a, b))
        # Best option per position; then keep non-overlapping spans, surest first.
        per_position = []
        for pos, by_char in options.items():
            ranked = sorted(by_char.items(),
                            key=lambda kv: (-self.lexicon.get(kv[1][1]), -kv[1][0], kv[0]))
            top_gain = max(v[0] for v in by_char.values())
            _, (_, word, reason, span) = ranked[0]
            per_position.append(Finding(pos, pos + 1, run[pos], [c for c, _ in ranked], word,
                                        round(top_gain, 3), reason, span))
        chosen: list[Finding] = []
        for f in sorted(per_position, key=lambda f: -f.score):
            if all(f.span[1] <= g.span[0] or g.span[1] <= f.span[0]
                   or (f.span, f.word) == (g.span, g.word) for g in chosen):
                chosen.append(f)
        return chosen

    def correct(self, text: str, findings: list[Finding] | None = None) -> str:
        """``text`` with every finding replaced by its first suggestion."""
        if findings is None:
            findings = self.check(text)
        chars = list(text)
        for f in findings:
            chars[f.start] = f.suggestion
        return "".join(chars)
