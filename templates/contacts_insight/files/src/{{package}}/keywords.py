"""Signature keywords with jieba.

Steps for each signature:

1. ``clean_signature``: remove emoji in all three forms found in WeChat data (Unicode
   emoji, text codes like "[微笑]", and the ``<span class="emoji emoji1f60a"></span>``
   markup of the old web friend list), other HTML tags and entities.
2. ``tokenize``: cut with jieba, keep words of two or more characters that contain a
   Chinese character or a letter and are not stop words.
3. ``keyword_table``: count in how many signatures each word appears (document
   frequency: a friend who writes "旅行" twice still counts once).

Signatures can mention people. ``keyword_table`` therefore drops any word that
contains one of the names given in ``exclude`` (the friends' own names), so a name
never reaches a chart or a CSV through the keyword list.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterable

import pandas as pd

# Function words and filler that say nothing about a person. Extend it for your data,
# or pass extra words to keyword_table(stop_words=...).
STOP_WORDS = frozenset("""
的 了 和 是 就 都 而 及 与 着 或 一个 没有 我们 你们 他们 她们 它们 自己 什么 这个 那个
这样 那样 因为 所以 但是 如果 虽然 然后 还是 只是 不是 就是 可以 已经 一直 一起 一下
一些 一点 这么 那么 怎么 为什么 还有 比较 真的 非常 觉得 知道 时候 现在 今天 明天
每天 永远 不要 不会 不能 没有 我的 你的 他的 她的 ta 吧 呀 啊 呢 哦 嗯 哈 哈哈 哈哈哈
the and for you your are with this that not but all have has was will can
""".split())

_SPAN_EMOJI = re.compile(r'<span\s+class="emoji[^"]*"\s*>\s*</span>', re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,200}>")
_WECHAT_CODE = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,8}\]")
_EMOJI = re.compile(
    "["
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, flags, symbols
    "\u2600-\u27bf"  # misc symbols and dingbats (☕ ✨ ❤)
    "\u2b00-\u2bff"  # arrows and stars (⭐)
    "\ufe0e\ufe0f\u200d"  # variation selectors and the zero-width joiner
    "\U000e0020-\U000e007f"  # tag characters (subdivision flags)
    "]+"
)
_HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")

_jieba = {"module": None}


def get_jieba():
    """Import jieba once, quietly, and load its dictionary (about a second)."""
    if _jieba["module"] is None:
        with warnings.catch_warnings():
            # jieba 0.42.1 (its last release) imports pkg_resources, which newer
            # setuptools versions warn about.
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." chatter
        jieba.initialize()
        _jieba["module"] = jieba
    return _jieba["module"]


@functools.lru_cache(maxsize=8192)
def _cut(text: str) -> tuple[str, ...]:
    """jieba's cut of one cleaned text, cached: many signatures repeat."""
    return tuple(get_jieba().lcut(text))


def clean_signature(text) -> str:
    """Remove emoji (3 styles), HTML tags and entities; collapse white space."""
    if not isinstance(text, str):
        return ""
    text = _SPAN_EMOJI.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _WECHAT_CODE.sub(" ", text)
    text = _EMOJI.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def tokenize(text, stop_words: Iterable[str] = STOP_WORDS) -> list[str]:
    """Meaningful words of one signature, in order (English words in lower case)."""
    cleaned = clean_signature(text)
    if not cleaned:
        return []
    stop = set(stop_words)
    words = []
    for word in _cut(cleaned):
        word = word.strip().lower()
        if len(word) < 2 or word in stop or not _HAS_WORD_CHAR.search(word):
            continue
        words.append(word)
    return words


def keyword_table(
    signatures: Iterable,
    top: int = 30,
    exclude: Iterable[str] = (),
    stop_words: Iterable[str] = STOP_WORDS,
) -> pd.DataFrame:
    """The ``top`` words by the number of signatures they appear in.

    Columns: ``word``, ``friends`` (signatures containing it) and ``share`` (of the
    non-empty signatures). Words containing any name in ``exclude`` are dropped.
    Ties are broken alphabetically so the result is deterministic.
    """
    names = {n.strip().lower() for n in exclude if isinstance(n, str) and len(n.strip()) >= 2}
    counts: Counter[str] = Counter()
    with_text = 0
    for signature in signatures:
        words = set(tokenize(signature, stop_words))
        if clean_signature(signature):
            with_text += 1
        counts.update(w for w in words if not any(name in w for name in names))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    table = pd.DataFrame(ranked, columns=["word", "friends"])
    table["share"] = (table["friends"] / with_text).round(3) if with_text else 0.0
    return table
