"""Outputs: CSV tables, the rank trajectory chart (PNG) and one HTML report.

Topic titles come from the internet: the HTML report escapes every value.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path

from .i18n import tr
from .synth import write_rows

PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22"]


def write_csv(rows: list[dict], path: str | Path, columns: list[str]) -> Path:
    """UTF-8 with a BOM, so Excel shows the Chinese correctly."""
    return write_rows(rows, path, columns)


def plot_trajectories(paths: dict[str, list[tuple[str, int]]], path: str | Path,
                      list_size: int = 50) -> tuple[Path, dict[str, str]]:
    """Rank over time, one line per topic (rank 1 at the top); a gap = off the list.

    Returns the PNG path and the legend names: the titles themselves when a Chinese
    font is available, otherwise ``T1``, ``T2``, ... (the HTML report lists them).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .fonts import setup_cjk

    chinese = setup_cjk()
    zh = chinese and tr("zh", "en") == "zh"
    names = {title: (title if chinese else f"T{i}") for i, title in enumerate(paths, start=1)}
    stamps = sorted({stamp for points in paths.values() for stamp, _ in points})
    origin = datetime.fromisoformat(stamps[0]) if stamps else None

    def hours(stamp: str) -> float:
        return (datetime.fromisoformat(stamp) - origin).total_seconds() / 3600

    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=100)
    all_times = sorted(stamps)
    step = (hours(all_times[1]) - hours(all_times[0])) if len(all_times) > 1 else 0.5
    for i, (title, points) in enumerate(paths.items()):
        xs, ys = [], []
        for stamp, rank in points:
            x = hours(stamp)
            if xs and x - xs[-1] > step * 1.5:        # left the list: break the line
                xs.append(float("nan"))
                ys.append(float("nan"))
            xs.append(x)
            ys.append(rank)
        ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.6,
                color=PALETTE[i % len(PALETTE)], label=names[title])
    ax.set_ylim(list_size + 0.5, 0.5)                   # rank 1 at the top
    if stamps:
        ticks = [h for h in range(0, int(hours(stamps[-1])) + 1, 3)]
        ax.set_xticks(ticks)
        ax.set_xticklabels([(origin + timedelta(hours=h)).strftime("%H:%M")
                            for h in ticks])
    ax.set_xlabel("时间" if zh else "time")
    ax.set_ylabel("排名（1 = 榜首）" if zh else "rank (1 = top)")
    ax.set_title("热搜排名轨迹：在榜最久的话题" if zh else
                 "Rank trajectories of the topics longest on the list")
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path, names


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if r.get(c) is None else str(r.get(c)))}</td>"
                         for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_html(path: str | Path, title: str, sections: list[tuple[str, object]]) -> Path:
    """``sections``: (heading, content) with content = an HTML-escaped paragraph (str),
    a table ``(rows, columns)`` or an image path relative to the report."""
    parts = [
        "<!doctype html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;font-size:14px;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
        "th{background:#f4f4f4}img{max-width:100%}</style>",
        f"</head><body><h1>{html.escape(title)}</h1>",
    ]
    for heading, content in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(content, tuple):
            parts.append(_table(*content))
        elif isinstance(content, Path):
            parts.append(f'<img src="{html.escape(content.as_posix())}" alt="">')
        else:
            parts.append(f"<p>{html.escape(str(content))}</p>")
    parts.append("</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
