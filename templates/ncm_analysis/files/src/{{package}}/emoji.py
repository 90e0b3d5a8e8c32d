"""Stretch exercise: how do people use expressions in comments?

Comments contain two kinds of expressions:

* the site's own tags, written as text in brackets: ``[大哭]``, ``[爱心]``;
* Unicode emoji: 😭 🌙 ✨.

1. :func:`extract_expressions` returns all of them in the order they appear, each use
   separately: ``"好听[爱心][爱心]😭"`` -> ``["[爱心]", "[爱心]", "😭"]``. Tags are 1-8
   characters between ``[`` and ``]`` without spaces; emoji are characters in the ranges of
   ``EMOJI_RANGES`` (skin tones and the variation selector U+FE0F are not counted).
2. :func:`expression_stats` counts them over a comments table: one row per expression with
   ``kind`` ("tag" or "emoji"), ``uses`` (all uses), ``comments`` (comments using it at least
   once) and ``share`` (= comments / number of comments, 4 decimals); sorted by ``uses``
   descending, then by ``expression``.

Then look at the result: do late-night comments use more [大哭]? Do hot comments use any?
"""

from __future__ import annotations

import re

import pandas as pd

EMOJI_RANGES = [
    (0x1F300, 0x1FAFF),   # pictographs, emoticons, transport, supplemental symbols
    (0x2600, 0x27BF),     # miscellaneous symbols and dingbats (☀ ✨ ❤)
    (0x2B50, 0x2B55),     # ⭐ ⭕
]
STATS_COLUMNS = ["expression", "kind", "uses", "comments", "share"]
_TAG = re.compile(r"\[[^\[\]\s]{1,8}\]")


def is_emoji(char: str) -> bool:
    code = ord(char)
    if 0x1F3FB <= code <= 0x1F3FF:      # skin tone modifiers
        return False
    return any(low <= code <= high for low, high in EMOJI_RANGES)


def extract_expressions(text: str) -> list[str]:
    """Every [tag] and emoji in ``text``, in order of appearance."""
    # >>> SOLUTION
    found: list[tuple[int, str]] = [(m.start(), m.group()) for m in _TAG.finditer(text)]
    inside = {i for m in _TAG.finditer(text) for i in range(m.start(), m.end())}
    found += [(i, ch) for i, ch in enumerate(text) if i not in inside and is_emoji(ch)]
    return [expression for _, expression in sorted(found)]
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：找出 [表情] 标签和 emoji，按出现顺序返回"
    #     " / exercise: find [emoticon] tags and emoji, in the order they appear")
    # <<< STUB


def expression_stats(df: pd.DataFrame) -> pd.DataFrame:
    """One row per expression: kind, uses, comments using it, share of all comments."""
    # >>> SOLUTION
    uses: dict[str, int] = {}
    comments: dict[str, int] = {}
    for text in df["content"].fillna(""):
        found = extract_expressions(str(text))
        for expression in found:
            uses[expression] = uses.get(expression, 0) + 1
        for expression in set(found):
            comments[expression] = comments.get(expression, 0) + 1
    total = max(len(df), 1)
    rows = [{"expression": e, "kind": "tag" if e.startswith("[") else "emoji", "uses": n,
             "comments": comments[e], "share": round(comments[e] / total, 4)}
            for e, n in uses.items()]
    table = pd.DataFrame(rows, columns=STATS_COLUMNS)
    return table.sort_values(["uses", "expression"], ascending=[False, True],
                             ignore_index=True)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：统计每个表情的使用次数、评论数和占比"
    #     " / exercise: count each expression's uses, comments and share")
    # <<< STUB
