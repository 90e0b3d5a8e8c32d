"""Write the results: Gephi CSV files, GEXF, tables and a PNG picture.

=====================  ==========================================================
``nodes.csv``          Gephi node table ``Id,Label,Weight`` (weight = mentions)
``edges.csv``          Gephi edge table ``Source,Target,Weight,Type``
``graph.gexf``         the whole graph for Gephi, with community, centrality,
                       colour, size and position of every node
``characters.csv``     one row per character: mentions, degree, strength,
                       centrality, community
``pairs.csv``          every co-occurring pair, also those below the threshold
``communities.csv``    the members of each community
``talks.csv``          who talks to whom (the stretch exercise)
``graph.png``          the network drawn with matplotlib
=====================  ==========================================================

The two Gephi CSV files are plain UTF-8, which Gephi's import wizard expects. The
other tables are UTF-8 with a byte order mark ("utf-8-sig") so that Excel shows the
Chinese names correctly when the file is double-clicked.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
from matplotlib import colormaps
from matplotlib.figure import Figure

from .fonts import setup_cjk
from .pipeline import Analysis

TEXT = {
    "zh": {
        "title": "人物关系网络（{unit}共现，权重 ≥ {w}）",
        "paragraph": "段落",
        "sentence": "句子",
        "community": "社区 {i}：{members}",
        "more": " 等 {total} 人",
        "empty": "没有权重达到阈值的关系",
    },
    "en": {
        "title": "Character network ({unit} co-occurrence, weight >= {w})",
        "paragraph": "paragraph",
        "sentence": "sentence",
        "community": "community {i}: {members}",
        "more": " +{n} more",
        "empty": "no pair reaches the weight threshold",
        "numbers": "node labels = rank in characters.csv (no Chinese font found)",
    },
}


def _write_csv(path: Path, header: list[str], rows, bom: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_gephi_csv(graph: nx.Graph, out_dir: str | Path) -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` in Gephi's spreadsheet import format."""
    out_dir = Path(out_dir)
    nodes = [(name, name, data["mentions"]) for name, data in graph.nodes(data=True)]
    edges = [(a, b, w, "Undirected") for a, b, w in graph.edges(data="weight")]
    return [
        _write_csv(out_dir / "nodes.csv", ["Id", "Label", "Weight"], nodes, bom=False),
        _write_csv(out_dir / "edges.csv", ["Source", "Target", "Weight", "Type"], edges,
                   bom=False),
    ]


def community_colors(n: int) -> list[tuple[float, float, float]]:
    """``n`` distinct colours (matplotlib's tab10, then tab20)."""
    palette = colormaps["tab10"] if n <= 10 else colormaps["tab20"]
    return [palette(i % palette.N)[:3] for i in range(n)]


def layout(graph: nx.Graph, seed: int) -> dict:
    """Node positions: a force-directed layout where strong ties pull harder."""
    if graph.number_of_nodes() == 0:
        return {}
    return nx.spring_layout(graph, weight="weight", seed=seed, k=1.2 / len(graph) ** 0.5)


def write_gexf(analysis: Analysis, path: str | Path, positions: dict | None = None) -> Path:
    """The graph as GEXF, with every attribute Gephi can use for colour and size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    positions = positions if positions is not None else layout(analysis.graph, analysis.seed)
    colors = community_colors(max(len(analysis.communities), 1))
    out = nx.Graph()
    max_mentions = max((r.mentions for r in analysis.table), default=1)
    for row in analysis.table:
        r, g, b = (int(255 * c) for c in colors[row.community])
        x, y = positions[row.name]
        out.add_node(
            row.name,
            label=row.name,
            mentions=row.mentions,
            degree=row.degree,
            strength=row.strength,
            betweenness=row.betweenness,
            community=row.community,
            viz={
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "size": round(10 + 40 * row.mentions / max_mentions, 2),
                "position": {"x": round(1000 * float(x), 2), "y": round(1000 * float(y), 2),
                             "z": 0.0},
            },
        )
    for a, b, weight in analysis.graph.edges(data="weight"):
        out.add_edge(a, b, weight=weight)
    nx.write_gexf(out, path)
    return path


def write_tables(analysis: Analysis, out_dir: str | Path) -> list[Path]:
    """``characters.csv``, ``pairs.csv``, ``communities.csv`` and (if done) ``talks.csv``."""
    out_dir = Path(out_dir)
    cooc = analysis.cooc
    rows = [
        (rank, r.name, r.mentions, cooc.appearances[r.name], r.degree, r.strength,
         r.degree_centrality, r.betweenness, r.community)
        for rank, r in enumerate(analysis.table, start=1)
    ]
    # Characters who are mentioned but lost all their edges to the threshold.
    dropped = sorted((n for n in cooc.mentions if n not in analysis.graph),
                     key=lambda n: (-cooc.mentions[n], n))
    rows += [("", n, cooc.mentions[n], cooc.appearances[n], 0, 0, 0.0, 0.0, "")
             for n in dropped]
    paths = [_write_csv(
        out_dir / "characters.csv",
        ["rank", "name", "mentions", "appearances", "degree", "strength",
         "degree_centrality", "betweenness", "community"],
        rows, bom=True,
    )]
    pairs = sorted(cooc.pairs.items(), key=lambda item: (-item[1], item[0]))
    paths.append(_write_csv(
        out_dir / "pairs.csv", ["a", "b", "weight", "kept"],
        [(a, b, w, int(analysis.graph.has_edge(a, b))) for (a, b), w in pairs], bom=True,
    ))
    paths.append(_write_csv(
        out_dir / "communities.csv", ["community", "size", "members"],
        [(i, len(group), "、".join(group)) for i, group in enumerate(analysis.communities)],
        bom=True,
    ))
    if analysis.talks is not None:
        ranked = sorted(analysis.talks.items(), key=lambda item: (-item[1], item[0]))
        paths.append(_write_csv(
            out_dir / "talks.csv", ["speaker", "listener", "count"],
            [(a, b, n) for (a, b), n in ranked], bom=True,
        ))
    return paths


def draw_graph(analysis: Analysis, path: str | Path, lang: str = "zh",
               positions: dict | None = None) -> Path:
    """Draw the network: node size = mentions, colour = community, width = weight.

    Uses ``matplotlib.figure.Figure`` directly (no pyplot), so it never opens a
    window. Without a Chinese font the names cannot be drawn; the nodes are then
    labelled with their rank in ``characters.csv``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chinese = lang == "zh" and setup_cjk()
    names_ok = chinese or setup_cjk(quiet=True)
    text = TEXT["zh" if chinese else "en"]
    graph = analysis.graph
    positions = positions if positions is not None else layout(graph, analysis.seed)

    fig = Figure(figsize=(9, 7.5), dpi=110)
    ax = fig.add_subplot()
    ax.set_axis_off()
    fig.suptitle(text["title"].format(unit=text[analysis.unit], w=analysis.min_weight))
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, text["empty"], ha="center", va="center", transform=ax.transAxes)
        fig.savefig(path)
        return path

    rank = {row.name: i for i, row in enumerate(analysis.table, start=1)}
    community = {row.name: row.community for row in analysis.table}
    colors = community_colors(len(analysis.communities))
    max_weight = max(w for _, _, w in graph.edges(data="weight"))
    for a, b, weight in sorted(graph.edges(data="weight"), key=lambda e: e[2]):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color="0.55", alpha=0.35 + 0.5 * weight / max_weight,
                linewidth=0.6 + 5 * weight / max_weight, zorder=1)
    max_mentions = max(row.mentions for row in analysis.table)
    nodes = list(graph.nodes)
    ax.scatter(
        [positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
        s=[400 + 1800 * graph.nodes[n]["mentions"] / max_mentions for n in nodes],
        c=[colors[community[n]] for n in nodes], edgecolors="white", linewidths=1.5,
        zorder=2,
    )
    for n in nodes:
        x, y = positions[n]
        ax.text(x, y, n if names_ok else str(rank[n]), ha="center", va="center",
                fontsize=10, zorder=3)

    handles = []
    for i, group in enumerate(analysis.communities):
        top = sorted(group, key=rank.__getitem__)[:3]
        shown = top if names_ok else [str(rank[n]) for n in top]
        members = "、".join(shown) if chinese else ", ".join(shown)
        if len(group) > 3:
            members += text["more"].format(n=len(group) - 3, total=len(group))
        handles.append(ax.scatter([], [], s=80, color=colors[i],
                                  label=text["community"].format(i=i, members=members)))
    # Below the network, so the legend never hides a node.
    fig.legend(handles=handles, loc="lower center", fontsize=8, frameon=False,
               ncol=min(3, len(handles)))
    if not names_ok:
        fig.text(0.5, 0.935, TEXT["en"]["numbers"], ha="center", va="bottom", fontsize=8)
    ax.margins(0.1)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.05 + 0.03 * (
        (len(handles) + 2) // 3))
    fig.savefig(path)
    return path


def write_all(analysis: Analysis, out_dir: str | Path, lang: str = "zh") -> list[Path]:
    """Every output file; returns their paths."""
    out_dir = Path(out_dir)
    positions = layout(analysis.graph, analysis.seed)
    paths = write_gephi_csv(analysis.graph, out_dir)
    paths.append(write_gexf(analysis, out_dir / "graph.gexf", positions))
    paths += write_tables(analysis, out_dir)
    paths.append(draw_graph(analysis, out_dir / "graph.png", lang, positions))
    return paths
