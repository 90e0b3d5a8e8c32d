"""Find suspicious characters and suggest corrections.

The method, step by step:

1. Split the text into runs of Chinese characters (punctuation, digits and Latin
   letters end a run; offsets always refer to the original text).
2. Segment each run with the most probable path through the dictionary (a unigram
   model, like jieba's default mode). Known multi-character words come out whole.
3. A typo usually breaks a word apart, so it shows up as single characters:
   问提 -> 问 / 提. For every window of 1-4 adjacent tokens, try replacing one
   character with a homophone (by its common readings), a look-alike from the
   confusion list or, optionally, a near pinyin. The window always covers whole
   tokens, so no known word is cut.
4. Noisy channel: a replacement is reported when the window becomes a dictionary word
   whose probability beats the probability of the window as written (the product of
   its tokens) by more than the cost of the mistake it assumes. Every kind of mistake
   has its cost, a "times more likely" factor: ``margin`` for a homophone with the same
   tone (新/心), ``margin * tone_margin`` when the tones differ (慌/谎: 急得 -> 记得 is
   a correct sentence that the word frequencies alone would "fix"), ``shape_margin``
   for a look-alike (己/已), and ``word_margin`` more when one known word is replaced by
   another (报怨 -> 抱怨: both are words, so only a far more common word counts).
5. Inside a known word a character only changes when the result is an idiom of four
   or more characters that the window was not: 迫 / 不急 / 待 -> 迫不及待; doubled
   characters change together (马马乎乎 -> 马马虎虎), also only for idioms.
6. The particles 的/地/得 are grammar, not spelling: they are never changed, and a
   "word" made of the changed character and 的 or 地 alone is no evidence (般的 in
   我们般的, 地位 in 认真地位).
7. Suggestions for one position are ranked by their gain (how far they beat the cost).
8. A list of common wrong words (``data/confusion_words.txt``: 在也 -> 再也, 报怨 ->
   抱怨, 迫不急待 -> 迫不及待, a lone 象 -> 像) catches typos that are themselves words
   or that the unigram model cannot see; its entries win over the findings above.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from .context_lm import CharLM
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
    reason: str  # "homophone", "near-pinyin", "look-alike", "word-list" or "context"
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


IDIOM_MIN_CHARS = 4  # a word this long may replace a character inside a shorter word
# The structural particles: choosing between them is grammar, not spelling, so the model
# never changes them. A "word" made of the changed character and 的 or 地 alone (般的,
# 地位 from 我们班的, 地为) is no evidence either: jieba's dictionary lists such pieces of
# longer phrases. (得 stays: 或得 -> 获得 is a real typo.)
PARTICLES = frozenset("的地得")
NO_EVIDENCE = frozenset("的地")
# 他/她/它 differ in meaning, not in spelling: the context model never changes them.
PRONOUNS = frozenset("他她它")


@dataclass
class _Option:
    gain: float
    word: str
    reason: str
    span: tuple[int, int]
    positions: tuple[int, ...]


class Detector:
    """Typo detector over a lexicon and a homophone index.

    A change is reported when the corrected window is more likely than the original by
    more than the cost of the kind of mistake it assumes (all costs are "times more
    likely", stored as logarithms):

    ``margin``: a homophone with the same tone (新/心); ``tone_margin``: on top of that
    when the tones differ (慌/谎); ``shape_margin``: a look-alike from the confusion list
    (己/已); ``fuzzy_margin``: on top of ``margin`` for a near pinyin (因/应, with
    ``fuzzy``); ``word_margin``: on top of the others when the window is one known word
    and the correction another word (报怨 -> 抱怨: both are words, so only a far more
    common word counts).
    ``min_word_freq``: a suggestion must form a word at least this frequent.
    """

    def __init__(self, lexicon: Lexicon, index: PinyinIndex,
                 confusion: dict[str, set[str]] | None = None, *, margin: float = 6.0,
                 tone_margin: float = 40.0, shape_margin: float = 10.0,
                 fuzzy_margin: float = 10.0, word_margin: float = 1000.0,
                 min_word_freq: int = 20, max_span_chars: int = 4,
                 max_tokens: int = 4, fuzzy: bool = False,
                 word_pairs: dict[str, str] | None = None, lm: CharLM | None = None,
                 context_margin: float = 30.0, context_weight: float = 1.0) -> None:
        self.lexicon = lexicon
        self.lm = lm
        self.log_context_margin = math.log(context_margin)
        self.context_weight = context_weight
        self.index = index
        self.confusion = confusion or {}
        self.word_pairs = word_pairs or {}
        self.log_margin = math.log(margin)
        self.log_tone_margin = math.log(tone_margin)
        self.log_shape_margin = math.log(shape_margin)
        self.log_fuzzy_margin = math.log(fuzzy_margin)
        self.log_word_margin = math.log(word_margin)
        self.min_word_freq = min_word_freq
        self.max_span_chars = max_span_chars
        self.max_tokens = max_tokens
        self.fuzzy = fuzzy
        self._costs: dict[str, dict[str, tuple[str, float]]] = {}

    # -- candidates ---------------------------------------------------------------
    def candidates(self, ch: str) -> list[tuple[str, str]]:
        """(character, reason) pairs that could replace ``ch``."""
        return [(c, reason) for c, (reason, _) in self._candidate_costs(ch).items()]

    def _candidate_costs(self, ch: str) -> dict[str, tuple[str, float]]:
        """character -> (reason, log cost of assuming ``ch`` was written for it)."""
        if ch in self._costs:
            return self._costs[ch]
        found: dict[str, tuple[str, float]] = {}
        if self.fuzzy:
            for c in self.index.homophones(ch, fuzzy=True):
                found[c] = ("near-pinyin", self.log_margin + self.log_fuzzy_margin)
        for c in self.index.homophones(ch):
            cost = self.log_margin
            if not self.index.same_tone(ch, c):
                cost += self.log_tone_margin
            found[c] = ("homophone", cost)
        for c in self.confusion.get(ch, ()):
            if c not in found or found[c][1] > self.log_shape_margin:
                found[c] = ("look-alike", self.log_shape_margin)
        self._costs[ch] = found
        return found

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
            found = self._check_run(run, tokens)
            if self.lm is not None:
                found = self._with_context(run, tokens, found)
            for f in listed + found:
                if f in listed or not any(i in taken for i in range(*f.span)):
                    if not any(i in protected for i in range(run_start + f.start,
                                                              run_start + f.end)):
                        f.start += run_start
                        f.end += run_start
                        f.span = (f.span[0] + run_start, f.span[1] + run_start)
                        findings.append(f)
        return sorted(findings, key=lambda f: f.start)

    def _listed(self, run: str, tokens: list[tuple[int, int]]) -> list[Finding]:
        """Findings from the word list. A wrong word must start and end where tokens of
        the segmentation do: 象 alone, not inside 大象; 必需 but not inside 必需品; 到理
        in 一个/到/理 but not in 说/到/理想."""
        found = []
        bounds = {a for a, _ in tokens} | {b for _, b in tokens}
        for wrong, right in self.word_pairs.items():
            spans, start = [], run.find(wrong)
            while start != -1:
                end = start + len(wrong)
                if start in bounds and end in bounds:
                    spans.append((start, end))
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
        patterns = self.lexicon.patterns(self.min_word_freq, self.max_span_chars)
        options: dict[tuple[int, ...], dict[str, _Option]] = {}
        for first in range(len(tokens)):
            for last in range(first, min(first + self.max_tokens, len(tokens))):
                window = tokens[first:last + 1]
                a, b = window[0][0], window[-1][1]
                if b - a < 2:
                    continue
                if b - a > self.max_span_chars:
                    break
                old = sum(self.lexicon.logp(run[s:e]) for s, e in window)
                piece = run[a:b]
                for pos in range(a, b):
                    if run[pos] in PARTICLES:
                        continue
                    token = next(t for t in window if t[0] <= pos < t[1])
                    rest = {run[i] for i in range(a, b) if i != pos}
                    if rest <= NO_EVIDENCE:
                        continue
                    doubled = pos + 1 < b and run[pos + 1] == run[pos]
                    keys = [((pos,), piece[:pos - a] + "?" + piece[pos - a + 1:])]
                    if doubled:  # 马马乎乎 -> 马马虎虎: both change together
                        keys.append(((pos, pos + 1),
                                     piece[:pos - a] + "??" + piece[pos - a + 2:]))
                    for positions, key in keys:
                        for word in patterns.get(key, ()):
                            if len(positions) > 1 and len(word) < IDIOM_MIN_CHARS:
                                continue  # 饱饱的 is no typo for 薄薄的: idioms only
                            ch = word[pos - a]
                            cost = self._candidate_costs(run[pos]).get(ch)
                            if cost is None:
                                continue
                            reason, penalty = cost
                            if len(window) == 1:  # one known word for another
                                penalty += self.log_word_margin
                            elif token[1] - token[0] > 1 and len(word) < IDIOM_MIN_CHARS:
                                continue  # inside a word: only for idioms (迫/不急/待)
                            gain = self.lexicon.logp(word) - old - penalty
                            if gain <= 0:
                                continue
                            best = options.setdefault(positions, {})
                            if ch not in best or gain > best[ch].gain:
                                best[ch] = _Option(gain, word, reason, (a, b), positions)
        # Best option per position; then keep non-overlapping spans, surest first.
        per_position = []
        for positions, by_char in options.items():
            ranked = sorted(by_char.items(), key=lambda kv: (-kv[1].gain, kv[0]))
            top = ranked[0][1]
            for pos in positions:
                per_position.append(Finding(pos, pos + 1, run[pos], [c for c, _ in ranked],
                                            top.word, round(top.gain, 3), top.reason,
                                            top.span))
        chosen: list[Finding] = []
        for f in sorted(per_position, key=lambda f: (-f.score, f.start)):
            if any(f.start == g.start for g in chosen):
                continue
            if all(f.span[1] <= g.span[0] or g.span[1] <= f.span[0]
                   or (f.span, f.word) == (g.span, g.word) for g in chosen):
                chosen.append(f)
        return chosen

    def _with_context(self, run: str, tokens: list[tuple[int, int]],
                      found: list[Finding]) -> list[Finding]:
        """Check the findings of the word model against the context model, and add the
        changes that only the context shows (再书上 -> 在书上, 渡过 -> 度过).

        A finding of the word model stays when its gain plus ``context_weight`` times
        the gain of the character model (log P(run as corrected) - log P(run as
        written)) is still positive: 记在心里 -> 记载 and 学骑自行车 -> 学期 go.
        A new finding needs the character model to prefer the change by more than the
        cost of the mistake times ``context_margin``; inside a known word the changed
        word must be a dictionary word too (渡过 -> 度过, not 蚂蚁 -> 马蚁). Positions
        covered by a finding of the word model are left to it.
        """
        lm = self.lm
        kept = [f for f in found
                if f.score + self.context_weight * lm.gain(run, f.start, f.suggestion) > 0]
        taken = {i for f in found for i in range(*f.span)}
        token_of = {}
        for s, e in tokens:
            for i in range(s, e):
                token_of[i] = (s, e)
        added = []
        for pos, ch in enumerate(run):
            if pos in taken or ch in PARTICLES or ch in PRONOUNS:
                continue
            s, e = token_of[pos]
            best: tuple[float, str] | None = None
            ranked = []
            for c, (_, penalty) in self._candidate_costs(ch).items():
                if c in PARTICLES or c in PRONOUNS:
                    continue
                word = c
                cost = penalty + self.log_context_margin
                if e - s > 1:
                    word = run[s:pos] + c + run[pos + 1:e]
                    if self.lexicon.get(word) < self.min_word_freq:
                        continue
                gain = lm.gain(run, pos, c) - cost
                if gain > 0:
                    ranked.append((gain, c))
                    if best is None or gain > best[0]:
                        best = (gain, word)
            if best is not None:
                ranked.sort(key=lambda gc: (-gc[0], gc[1]))
                added.append(Finding(pos, pos + 1, ch, [c for _, c in ranked], best[1],
                                     round(best[0], 3), "context", (s, e)))
        return sorted(kept + added, key=lambda f: f.start)

    def correct(self, text: str, findings: list[Finding] | None = None) -> str:
        """``text`` with every finding replaced by its first suggestion."""
        if findings is None:
            findings = self.check(text)
        chars = list(text)
        for f in findings:
            chars[f.start] = f.suggestion
        return "".join(chars)
