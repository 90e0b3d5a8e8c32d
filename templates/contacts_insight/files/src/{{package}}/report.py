"""Write the results: CSV summaries, PNG charts and one HTML report.

Nothing written here contains a name: friends appear only as pseudonyms
("好友-3f2a"), places only as normalised province/city names, signatures only as
keyword counts (with names filtered out, see ``keywords.keyword_table``).

Figures are drawn with ``matplotlib.figure.Figure`` directly (not ``pyplot``), so
saving a PNG needs no window and works on servers and in CI.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .analysis import (
    added_per_year,
    city_counts,
    province_counts,
    sex_ratio,
    summary,
    topic_groups,
)
from .anonymize import Anonymizer, anonymise_friends, known_names
from .csvsafe import neutralise_frame
from .fonts import setup_cjk
from .keywords import keyword_table

TEXT = {
    "zh": {
        "title": "好友画像报告",
        "sex_title": "性别比例",
        "prov_title": "好友所在省份",
        "city_title": "好友所在城市（前 {n}）",
        "kw_title": "签名关键词（前 {n}）",
        "topic_title": "签名主题",
        "year_title": "每年新增联系人（vCard REV）",
        "friends": "好友数",
        "year": "年份",
    },
    "en": {
        "title": "Friend insights report",
        "sex_title": "Sex ratio",
        "prov_title": "Friends by province",
        "city_title": "Friends by city (top {n})",
        "kw_title": "Signature keywords (top {n})",
        "topic_title": "Signature topics",
        "year_title": "Contacts added per year (vCard REV)",
        "friends": "Friends",
        "year": "Year",
    },
}
TOPIC_EN = {"工作学习": "work & study", "运动健康": "sport & health",
            "旅行摄影": "travel & photos", "生活心情": "life & mood", "未归类": "no topic"}


def _write_csv(table: pd.DataFrame, path: Path) -> Path:
    # UTF-8 with BOM: Excel then shows the Chinese text correctly. Cities and keywords are
    # typed by the friends themselves: a text cell a spreadsheet would run as a formula
    # (=HYPERLINK(...), -, @ ...) gets a ' in front and shows as text.
    neutralise_frame(table).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def _barh(labels, values, title: str, xlabel: str, path: Path) -> Path:
    height = max(3.0, 0.32 * len(labels) + 1.2)
    fig = Figure(figsize=(7, height), dpi=100)
    ax = fig.add_subplot()
    positions = range(len(labels))
    ax.barh(list(positions), list(values), color="#4C9F70")
    ax.set_yticks(list(positions), labels=list(labels))
    ax.invert_yaxis()  # the largest bar on top
    for pos, value in zip(positions, values, strict=True):
        ax.text(value, pos, f" {value}", va="center", fontsize=8)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    # fixed margins: tight_layout() would cost an extra full draw per figure
    fig.subplots_adjust(left=0.22, right=0.94, top=1 - 0.6 / height, bottom=0.55 / height)
    fig.savefig(path)
    return path


def _pie(labels, values, title: str, path: Path) -> Path:
    fig = Figure(figsize=(7, 5), dpi=100)
    ax = fig.add_subplot()
    pairs = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    ax.pie([v for _, v in pairs], labels=[f"{lab} ({v})" for lab, v in pairs],
           autopct="%1.0f%%", startangle=90, counterclock=False,
           colors=["#5B8FF9", "#F6903D", "#BFBFBF"][: len(pairs)])
    ax.set_title(title)
    ax.set_aspect("equal")
    fig.savefig(path)
    return path


def _table_html(table: pd.DataFrame, limit: int = 40) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for record in table.head(limit).itertuples(index=False):
        cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in record)
        rows.append(f"<tr>{cells}</tr>")
    more = f"<p>… {len(table) - limit} more rows in the CSV.</p>" if len(table) > limit else ""
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{more}"


def _stretch(function, *args):
    """Run a stretch-exercise function; None while it is still a stub."""
    try:
        return function(*args)
    except NotImplementedError:
        return None


def make_report(
    friends: pd.DataFrame,
    out="outputs",
    lang: str = "zh",
    anonymizer: Anonymizer | None = None,
    top: int = 15,
    source: str = "",
) -> dict:
    """Write every output for the prepared friend table; return paths and tables.

    ``friends`` must come from ``analysis.prepare``. Returns a dict with ``files``
    (the paths written), ``summary`` and the tables by name.
    """
    out = Path(out)
    figs = out / "figs"
    figs.mkdir(parents=True, exist_ok=True)
    zh = lang == "zh" and setup_cjk()
    cjk_font = zh or setup_cjk(quiet=True)
    text = TEXT["zh" if zh else "en"]
    anonymizer = anonymizer or Anonymizer(prefix="好友" if lang == "zh" else "friend")

    tables = {
        "sex_ratio": sex_ratio(friends),
        "provinces": province_counts(friends),
        "cities": city_counts(friends),
        "keywords": keyword_table(friends["Signature"], top=max(top, 30),
                                  exclude=known_names(friends)),
        "friends_anonymised": anonymise_friends(friends, anonymizer),
    }
    topics = _stretch(topic_groups, friends["Signature"])
    if topics is not None:
        tables["topics"] = topics
    years = _stretch(added_per_year, friends)
    if years is not None and not years.empty:
        tables["added_per_year"] = years

    files = [_write_csv(table, out / f"{name}.csv") for name, table in tables.items()]

    sexes = tables["sex_ratio"]
    files.append(_pie(sexes["label_zh" if zh else "label_en"], sexes["friends"],
                      text["sex_title"], figs / "sex_ratio.png"))
    prov = tables["provinces"].head(top)
    files.append(_barh(prov["province" if zh else "province_en"], prov["friends"],
                       text["prov_title"], text["friends"], figs / "provinces.png"))
    city = tables["cities"].head(top)
    if not city.empty:
        files.append(_barh(city["city" if zh else "city_en"], city["friends"],
                           text["city_title"].format(n=len(city)), text["friends"],
                           figs / "cities.png"))
    keywords = tables["keywords"].head(top)
    # Keywords are Chinese words: without a CJK font they would be empty boxes.
    if cjk_font and not keywords.empty:
        files.append(_barh(keywords["word"], keywords["friends"],
                           text["kw_title"].format(n=len(keywords)), text["friends"],
                           figs / "keywords.png"))
    if "topics" in tables:
        labels = tables["topics"]["topic"]
        files.append(_barh(labels if zh else [TOPIC_EN.get(t, t) for t in labels],
                           tables["topics"]["friends"], text["topic_title"], text["friends"],
                           figs / "topics.png"))
    if "added_per_year" in tables:
        yearly = tables["added_per_year"]
        fig = Figure(figsize=(7, 3.5), dpi=100)
        ax = fig.add_subplot()
        ax.bar(yearly["year"].astype(str), yearly["friends"], color="#5B8FF9")
        ax.set_title(text["year_title"])
        ax.set_xlabel(text["year"])
        ax.set_ylabel(text["friends"])
        fig.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.16)
        fig.savefig(figs / "added_per_year.png")
        files.append(figs / "added_per_year.png")

    stats = summary(friends)
    files.append(_write_html(out / "report.html", stats, tables, files, lang, source,
                             keywords_drawn=(figs / "keywords.png") in files))
    return {"files": files, "summary": stats, "tables": tables}


def _write_html(path: Path, stats: dict, tables: dict, files: list[Path], lang: str,
                source: str, keywords_drawn: bool) -> Path:
    zh = lang == "zh"
    title = TEXT["zh" if zh else "en"]["title"]
    images = "".join(
        f'<figure><img src="figs/{html.escape(p.name)}" alt="{html.escape(p.stem)}"></figure>'
        for p in files if p.suffix == ".png"
    )
    labels = {
        "friends": ("好友总数", "friends"), "male": ("男", "male"), "female": ("女", "female"),
        "unknown_sex": ("性别未知", "sex unknown"),
        "male_per_female": ("男女比（男/女）", "male per female"),
        "provinces": ("涉及省级地区", "provinces"),
        "unknown_place": ("地区空白", "no region"), "other_place": ("海外/其他", "abroad/other"),
        "with_signature": ("写了签名", "with a signature"),
    }
    facts = "".join(
        f"<tr><th>{html.escape(labels[key][0 if zh else 1])}</th>"
        f"<td>{html.escape(str(value))}</td></tr>"
        for key, value in stats.items()
    )
    sections = []
    headings = {
        "sex_ratio": ("性别", "Sex"), "provinces": ("省份", "Provinces"),
        "cities": ("城市", "Cities"), "keywords": ("签名关键词", "Signature keywords"),
        "topics": ("签名主题（进阶练习 1）", "Signature topics (stretch 1)"),
        "added_per_year": ("每年新增（进阶练习 2）", "Added per year (stretch 2)"),
        "friends_anonymised": ("好友（匿名化，前 40 行）", "Friends (pseudonyms, first 40)"),
    }
    for name, table in tables.items():
        heading = headings[name][0 if zh else 1]
        sections.append(f"<h2>{html.escape(heading)}</h2>{_table_html(table)}")
    note_zh = ("所有名字都已替换为加盐哈希的化名；本次运行的盐没有保存，"
               "化名无法还原成名字，也无法与其他运行对应。")
    note_en = ("Every name is replaced by a salted-hash pseudonym; the salt of a random-salt "
               "run is not stored, so pseudonyms cannot be traced back or linked across runs.")
    font_note = ""
    if not keywords_drawn:
        font_note = ("<p>未找到中文字体，未绘制关键词图（见 keywords.csv）。</p>" if zh else
                     "<p>No CJK font found: the keyword chart was skipped (see keywords.csv).</p>")
    source_line = ""
    if source:
        source_line = f"<p>{'数据来源' if zh else 'Source'}: {html.escape(source)}</p>"
    page = f"""<!DOCTYPE html>
<html lang="{'zh-CN' if zh else 'en'}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; }}
img {{ max-width: 100%; }}
figure {{ display: inline-block; margin: 0.5em; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
{source_line}
<p>{html.escape(note_zh if zh else note_en)}</p>
<table>{facts}</table>
{images}
{font_note}
{''.join(sections)}
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path
