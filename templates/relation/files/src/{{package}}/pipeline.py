"""The whole analysis in one call: text + names -> counts -> graph -> communities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from .cooccur import Cooccurrence, count_cooccurrence
from .graph import (
    DEFAULT_MIN_WEIGHT,
    DEFAULT_SEED,
    Centrality,
    build_graph,
    centrality_table,
    detect_communities,
    modularity,
)
from .names import NameList
from .speech import talk_counts


@dataclass
class Analysis:
    cooc: Cooccurrence
    graph: nx.Graph
    communities: list[list[str]]
    modularity: float
    table: list[Centrality]
    talks: Counter | None  # None while the stretch exercise (speech.talk_counts) is not done
    min_weight: int
    seed: int

    @property
    def unit(self) -> str:
        return self.cooc.unit


def analyze(
    text: str,
    names: NameList,
    unit: str = "paragraph",
    min_weight: int = DEFAULT_MIN_WEIGHT,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
) -> Analysis:
    cooc = count_cooccurrence(text, names, unit)
    graph = build_graph(cooc, min_weight)
    communities = detect_communities(graph, seed=seed, resolution=resolution)
    try:
        talks = talk_counts(text, names)
    except NotImplementedError:
        talks = None
    return Analysis(
        cooc=cooc,
        graph=graph,
        communities=communities,
        modularity=modularity(graph, communities),
        table=centrality_table(graph, communities),
        talks=talks,
        min_weight=min_weight,
        seed=seed,
    )
