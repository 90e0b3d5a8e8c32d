"""Stretch exercise: who talks to whom (a directed network).

Co-occurrence says two characters are *together*, not what they do. One thing a
pattern can catch reliably is speech addressed to someone:

    沈砚秋对陆星遥说：“……”        沈砚秋 -> 陆星遥
    老沈对陆星遥低声说：“……”      (an alias counts for the full name)
    祁三娘对着阿满喊：“……”        祁三娘 -> 阿满

    沈砚秋在宿舍里对阿满说：“……”    沈砚秋 -> 阿满   (where, how or when: 在宿舍里, 笑着)

i.e. SPEAKER, at most eight other characters without a name or punctuation among them
(在宿舍里, 笑着, 第二天一早, ...), 对 / 对着 LISTENER, at most four other characters
(低声, 笑着, ...), then one of the speech verbs in :data:`SPEECH_VERBS`. Because no name
may stand between the speaker and 对, "阿满听见祁三娘对老沈说" gives 祁三娘 -> 沈砚秋.
The counts become a ``networkx.DiGraph``, where A -> B and B -> A are different edges.
"""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx

from .names import NameList, strip_dots

SPEECH_VERBS = "说问喊道嚷叫"
MAX_ADVERBIAL = 8  # characters between the speaker and 对 (在宿舍里, 笑着, 第二天一早)


def speech_pattern(names: NameList) -> re.Pattern:
    """A regular expression with named groups ``speaker`` and ``listener``.

    Longer forms come first in the alternation, so "祁三娘" is tried before its
    alias "三娘" and the full name wins.
    """
    forms = sorted(names.alias_map, key=lambda f: (-len(f), f))
    alternation = "|".join(re.escape(f) for f in forms)
    # one character that is no punctuation and does not start a name
    other = rf"(?:(?!{alternation})[^，。！？：；“”\n])"
    return re.compile(
        rf"(?P<speaker>{alternation}){other}{{0,{MAX_ADVERBIAL}}}?对着?(?P<listener>{alternation})"
        rf"[^，。！？：“”\n]{{0,4}}?[{SPEECH_VERBS}]"
    )


def talk_counts(text: str, names: NameList) -> Counter:
    """Count ``(speaker, listener) -> times``, with full names (aliases merged).

    Someone talking to themself ("老沈对沈砚秋说") is not counted.
    """
    # >>> SOLUTION
    pattern = speech_pattern(names)
    alias_map = names.alias_map
    counts: Counter = Counter()
    for match in pattern.finditer(strip_dots(text)):
        speaker = alias_map[match.group("speaker")]
        listener = alias_map[match.group("listener")]
        if speaker != listener:
            counts[(speaker, listener)] += 1
    return counts
    # <<< SOLUTION
    # >>> STUB
    # text = strip_dots(text)  # 提示：先去掉人名里的间隔号（“沈·砚秋” → “沈砚秋”）
    # raise NotImplementedError(
    #     "练习（学生）：用 speech_pattern 找出“甲对乙说”，统计谁对谁说话"
    #     " / exercise: find \"A said to B\" with speech_pattern and count who speaks to whom")
    # <<< STUB


def talk_graph(counts: Counter) -> nx.DiGraph:
    """A directed graph: an edge speaker -> listener with ``weight`` = times."""
    graph = nx.DiGraph()
    for (speaker, listener), times in sorted(counts.items()):
        graph.add_edge(speaker, listener, weight=times)
    return graph


def top_talks(counts: Counter, n: int = 10) -> list[tuple[str, str, int]]:
    """The ``n`` most frequent (speaker, listener, times), ties in name order."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(a, b, times) for (a, b), times in ranked[:n]]
