"""CSV files, PNG figures and a self-contained HTML report.

Figures use ``matplotlib.figure.Figure`` directly (not ``pyplot``), so saving PNGs needs no
window and works on servers and in CI. Chinese labels need a CJK font (see fonts.py);
without one the labels are English and the keyword chart (Chinese words) is skipped.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .csvsafe import neutralise_frame
from .fonts import setup_cjk

TEXT = {
    "zh": {
        "likes_title": "评论点赞数分布",
        "likes": "点赞数",
        "comments": "评论数",
        "length_title": "评论长度分布",
        "length": "评论长度（字符）",
        "hour_title": "一天中各时段的评论数（北京时间）",
        "hour": "小时",
        "words_title": "高频词（jieba 分词）",
        "count": "出现次数",
        "expr_title": "表情使用次数",
        "uses": "使用次数",
    },
    "en": {
        "likes_title": "Likes per comment",
        "likes": "likes",
        "comments": "comments",
        "length_title": "Comment length",
        "length": "length (characters)",
        "hour_title": "Comments by hour of day (China time, UTC+8)",
        "hour": "hour",
        "words_title": "Most frequent words (jieba)",
        "count": "count",
        "expr_title": "Expression uses",
        "uses": "uses",
    },
}


def labels(lang: str) -> tuple[dict[str, str], bool]:
    """(labels, cjk_ok): Chinese labels only when a CJK font is available."""
    cjk = setup_cjk(quiet=lang != "zh")
    return (TEXT["zh"] if lang == "zh" and cjk else TEXT["en"]), cjk


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """A CSV that Excel opens with the right encoding (UTF-8 with BOM).

    Comments and song titles come from the internet: a text cell a spreadsheet would run
    as a formula (``=HYPERLINK(...)``, ``-``, ``@`` ...) gets a ``'`` in front, so Excel
    and WPS show it as text. Number columns are written as they are.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    neutralise_frame(df).to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return path


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def plot_likes(dist: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(6.5, 4))
    ax = fig.add_subplot()
    ax.bar(dist["likes"], dist["comments"], color="#c20c0c")
    for x, value in enumerate(dist["comments"]):
        ax.text(x, value, str(value), ha="center", va="bottom", fontsize=8)
    ax.set_xlabel(text["likes"])
    ax.set_ylabel(text["comments"])
    ax.set_title(text["likes_title"])
    return _save(fig, path)


def plot_length(df: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(6.5, 4))
    ax = fig.add_subplot()
    top = max(int(df["length"].max()) if len(df) else 1, 1)
    ax.hist(df["length"], bins=range(0, top + 3, 2), color="#4a7ab5")
    ax.set_xlabel(text["length"])
    ax.set_ylabel(text["comments"])
    ax.set_title(text["length_title"])
    return _save(fig, path)


def plot_hours(hours: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(7.5, 4))
    ax = fig.add_subplot()
    ax.bar(hours["hour"], hours["comments"], color="#6a5acd")
    ax.set_xticks(range(0, 24, 2))
    ax.set_xlabel(text["hour"])
    ax.set_ylabel(text["comments"])
    ax.set_title(text["hour_title"])
    return _save(fig, path)


def plot_words(words: pd.DataFrame, path: Path, text: dict, n: int = 15) -> Path:
    top = words.head(n).iloc[::-1]
    fig = Figure(figsize=(6.5, 5))
    ax = fig.add_subplot()
    ax.barh(top["word"], top["count"], color="#2e8b57")
    ax.set_xlabel(text["count"])
    ax.set_title(text["words_title"])
    return _save(fig, path)


def plot_expressions(stats: pd.DataFrame, path: Path, text: dict, cjk: bool,
                     n: int = 12) -> Path:
    top = stats.head(n).iloc[::-1]
    # Most fonts have no emoji glyphs: emoji are shown as their code point, and tags
    # (Chinese text) as "tag #N" (N = row of expressions.csv) when there is no CJK font.
    names = []
    for number, expression in zip(range(len(top), 0, -1), top["expression"], strict=True):
        if not expression.startswith("["):
            names.append(f"U+{ord(expression[0]):04X}")
        else:
            names.append(expression if cjk or expression.isascii() else f"tag #{number}")
    fig = Figure(figsize=(6.5, 4.5))
    ax = fig.add_subplot()
    ax.barh(names, top["uses"], color="#d2691e")
    ax.set_xlabel(text["uses"])
    ax.set_title(text["expr_title"])
    return _save(fig, path)


def make_figures(tables: dict[str, pd.DataFrame], df: pd.DataFrame, out_dir: str | Path,
                 lang: str = "zh") -> list[Path]:
    """PNG figures into ``out_dir/figs``; returns their paths."""
    figs = Path(out_dir) / "figs"
    text, cjk = labels(lang)
    paths = [
        plot_likes(tables["likes_distribution"], figs / "likes_distribution.png", text),
        plot_length(df, figs / "comment_length.png", text),
        plot_hours(tables["hour_activity"], figs / "hour_activity.png", text),
    ]
    if cjk and len(tables["keywords"]):
        paths.append(plot_words(tables["keywords"], figs / "keywords.png", text))
    stats = tables.get("expressions")
    if stats is not None and len(stats):
        paths.append(plot_expressions(stats, figs / "expressions.png", text, cjk))
    return paths


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, border=0, classes="data", na_rep="")


def write_html(path: str | Path, title: str, sections: list[tuple[str, object]]) -> Path:
    """A self-contained page: each section is (heading, DataFrame | text | list of PNGs).

    Every value is HTML-escaped: comment texts are untrusted input.
    """
    path = Path(path)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table.data{border-collapse:collapse;font-size:14px}"
        "table.data td,table.data th{border-bottom:1px solid #ddd;padding:4px 8px;"
        "text-align:left}img{max-width:100%}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for heading, content in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(content, pd.DataFrame):
            parts.append(_table(content))
        elif isinstance(content, list):
            for image in content:
                rel = Path(image).relative_to(path.parent).as_posix()
                parts.append(f'<p><img src="{html.escape(rel)}" alt="{html.escape(rel)}"></p>')
        else:
            parts.append(f"<p>{html.escape(str(content))}</p>")
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
