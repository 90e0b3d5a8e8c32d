"""The relation network: build it, measure it, find its communities.

Nodes are characters, an edge joins two characters who co-occur, and its
``weight`` is the co-occurrence count. Weak edges (one chance meeting) mostly add
noise, so edges below ``min_weight`` are dropped, and characters left without any
edge are removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .cooccur import Cooccurrence

DEFAULT_MIN_WEIGHT = 3
DEFAULT_SEED = 2024  # Louvain and the layout are random: a fixed seed makes them repeatable


def build_graph(cooc: Cooccurrence, min_weight: int = DEFAULT_MIN_WEIGHT) -> nx.Graph:
    """An undirected weighted graph of the pairs with ``weight >= min_weight``.

    Node attributes: ``mentions`` and ``appearances`` (see :class:`Cooccurrence`).
    Nodes are added from the most to the least mentioned, so the graph (and every
    result computed from it) does not depend on dictionary or set order.
    """
    graph = nx.Graph()
    for name in sorted(cooc.mentions, key=lambda n: (-cooc.mentions[n], n)):
        graph.add_node(name, mentions=cooc.mentions[name], appearances=cooc.appearances[name])
    for (a, b), weight in sorted(cooc.pairs.items()):
        if weight >= min_weight:
            graph.add_edge(a, b, weight=weight)
    graph.remove_nodes_from(list(nx.isolates(graph)))
    return graph


def detect_communities(
    graph: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0
) -> list[list[str]]:
    """Louvain communities (groups that meet each other more than the rest).

    The algorithm visits nodes in random order, so it takes a ``seed``. The result
    is sorted so that community 0 holds the most mentioned character, and each
    community lists its members from the most to the least mentioned.
    ``resolution`` > 1 gives more, smaller communities; < 1 fewer, larger ones.
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    order = {name: i for i, name in enumerate(graph.nodes)}  # most mentioned first
    groups = [sorted(group, key=order.__getitem__) for group in found]
    return sorted(groups, key=lambda group: order[group[0]])


def modularity(graph: nx.Graph, communities: list[list[str]]) -> float:
    """How much denser the communities are inside than chance would give (-0.5..1)."""
    if graph.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(graph, communities, weight="weight")


@dataclass
class Centrality:
    name: str
    mentions: int
    degree: int                 # number of other characters linked to
    strength: int               # sum of the edge weights (weighted degree)
    degree_centrality: float    # degree / (n - 1)
    betweenness: float          # share of shortest paths that pass through the character
    community: int


def centrality_table(graph: nx.Graph, communities: list[list[str]]) -> list[Centrality]:
    """One row per character, sorted by strength (then mentions, then name).

    For betweenness a strong tie should be a *short* distance, so each edge gets
    ``distance = 1 / weight``.
    """
    member_of = {name: i for i, group in enumerate(communities) for name in group}
    distances = nx.Graph()
    distances.add_nodes_from(graph)
    distances.add_weighted_edges_from(
        ((a, b, 1.0 / w) for a, b, w in graph.edges(data="weight")), weight="distance"
    )
    between = nx.betweenness_centrality(distances, weight="distance", normalized=True)
    degree_c = nx.degree_centrality(graph) if len(graph) > 1 else dict.fromkeys(graph, 0.0)
    rows = [
        Centrality(
            name=name,
            mentions=int(graph.nodes[name]["mentions"]),
            degree=int(graph.degree(name)),
            strength=int(graph.degree(name, weight="weight")),
            degree_centrality=round(degree_c[name], 4),
            betweenness=round(between[name], 4),
            community=member_of.get(name, -1),
        )
        for name in graph.nodes
    ]
    return sorted(rows, key=lambda r: (-r.strength, -r.mentions, r.name))
