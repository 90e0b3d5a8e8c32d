"""Figures and a small HTML report.

Figures use ``matplotlib.figure.Figure`` directly (not ``pyplot``), so saving PNGs
needs no window and works on servers and in CI. Chinese labels need a CJK font
(see fonts.py); without one the labels are English.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .fonts import setup_cjk

TEXT = {
    "zh": {
        "per_m2_title": "各区每平米月租金",
        "per_m2": "元/㎡/月",
        "area_title": "面积分布（按居室）",
        "area": "面积（㎡）",
        "count": "房源数",
        "rooms": "室",
        "fair_title": "合理租金 vs 实际租金",
        "fair": "合理租金（模型，元/月）",
        "rent": "实际租金（元/月）",
        "bargain": "捡漏",
        "other": "其他房源",
        "cv_title": "5 折交叉验证平均绝对误差",
        "mae": "平均绝对误差（元/月）",
    },
    "en": {
        "per_m2_title": "Monthly rent per m² by district",
        "per_m2": "yuan / m² / month",
        "area_title": "Flat size by number of bedrooms",
        "area": "Area (m²)",
        "count": "Listings",
        "rooms": "bedroom(s)",
        "fair_title": "Fair rent vs asking rent",
        "fair": "fair rent (model, yuan/month)",
        "rent": "asking rent (yuan/month)",
        "bargain": "bargain",
        "other": "other listings",
        "cv_title": "5-fold cross-validated mean absolute error",
        "mae": "MAE (yuan / month)",
    },
}

# District names are Chinese: without a CJK font they are shown in pinyin.
DISTRICT_PINYIN = {
    "中心区": "Zhongxin", "东湖区": "Donghu", "高新区": "Gaoxin", "西山区": "Xishan",
    "南湾区": "Nanwan", "北苑区": "Beiyuan", "江北区": "Jiangbei", "新城区": "Xincheng",
}


def labels(lang: str) -> tuple[dict[str, str], bool]:
    """(labels, cjk_ok): Chinese labels only when a CJK font is available."""
    cjk = setup_cjk(quiet=lang != "zh")
    return (TEXT["zh"] if lang == "zh" and cjk else TEXT["en"]), cjk


def _name(district: str, cjk: bool, number: int) -> str:
    """A label the current font can draw: the name, its pinyin, or "D<number>"."""
    if cjk or district.isascii():
        return district
    return DISTRICT_PINYIN.get(district, f"D{number}")


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def plot_per_m2(df: pd.DataFrame, path: Path, text: dict, cjk: bool) -> Path:
    order = df.groupby("district")["rent_per_m2"].median().sort_values(ascending=False).index
    data = [df.loc[df["district"] == d, "rent_per_m2"].dropna().to_numpy() for d in order]
    fig = Figure(figsize=(7, 4.5))
    ax = fig.add_subplot()
    ax.boxplot(data, showfliers=False)
    names = [_name(d, cjk, i) for i, d in enumerate(order, start=1)]
    ax.set_xticks(range(1, len(order) + 1), names, rotation=30)
    ax.set_ylabel(text["per_m2"])
    ax.set_title(text["per_m2_title"])
    return _save(fig, path)


def plot_area(df: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(7, 4.5))
    ax = fig.add_subplot()
    bins = np.arange(10, df["area_m2"].max() + 10, 5)
    for rooms in sorted(df["rooms"].dropna().unique()):
        ax.hist(df.loc[df["rooms"] == rooms, "area_m2"], bins=bins, alpha=0.6,
                label=f"{int(rooms)} {text['rooms']}")
    ax.set_xlabel(text["area"])
    ax.set_ylabel(text["count"])
    ax.set_title(text["area_title"])
    ax.legend()
    return _save(fig, path)


def plot_fair_vs_rent(df: pd.DataFrame, predicted, bargain_ids, path: Path,
                      text: dict) -> Path:
    predicted = np.asarray(predicted, dtype=float)
    is_bargain = df["listing_id"].isin(set(bargain_ids)).to_numpy()
    fig = Figure(figsize=(6, 6))
    ax = fig.add_subplot()
    ax.scatter(predicted[~is_bargain], df["rent"][~is_bargain], s=8, alpha=0.5,
               label=text["other"])
    ax.scatter(predicted[is_bargain], df["rent"][is_bargain], s=18, color="crimson",
               label=text["bargain"])
    top = float(max(predicted.max(), df["rent"].max())) * 1.05
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1)
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel(text["fair"])
    ax.set_ylabel(text["rent"])
    ax.set_title(text["fair_title"])
    ax.legend(loc="upper left")
    return _save(fig, path)


def plot_cv(cv: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    ordered = cv.sort_values("mae", ascending=False)
    ax.barh(ordered["model"], ordered["mae"], xerr=ordered["mae_std"], capsize=4)
    for y, value in enumerate(ordered["mae"]):
        ax.text(value, y, f" {value:.0f}", va="center", fontsize=8)
    ax.set_xlabel(text["mae"])
    ax.set_title(text["cv_title"])
    return _save(fig, path)


def make_figures(df: pd.DataFrame, predicted, bargains: pd.DataFrame, cv: pd.DataFrame,
                 out_dir: str | Path, lang: str = "zh") -> list[Path]:
    figs = Path(out_dir) / "figs"
    text, cjk = labels(lang)
    return [
        plot_per_m2(df, figs / "rent_per_m2_by_district.png", text, cjk),
        plot_area(df, figs / "area_by_rooms.png", text),
        plot_fair_vs_rent(df, predicted, bargains["listing_id"], figs / "fair_vs_rent.png", text),
        plot_cv(cv, figs / "cv_mae.png", text),
    ]


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, border=0, classes="data", na_rep="")


def write_html(path: str | Path, title: str, sections: list[tuple[str, object]]) -> Path:
    """A self-contained page: each section is (heading, DataFrame | text | list of PNGs).

    Every value is HTML-escaped: titles of crawled listings are untrusted text.
    """
    path = Path(path)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table.data{border-collapse:collapse;font-size:14px}"
        "table.data td,table.data th{border-bottom:1px solid #ddd;padding:4px 8px;"
        "text-align:right}img{max-width:100%}</style></head><body>",
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
