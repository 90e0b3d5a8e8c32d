"""CSV, a temperature band chart per city and one HTML page.

Figures use ``matplotlib.figure.Figure`` directly (not ``pyplot``): no window is
ever opened, so it works on servers and in CI. Chinese labels need a CJK font (see
fonts.py); without one the labels are English and city names are in pinyin.
"""

from __future__ import annotations

import csv
import html
from datetime import date
from pathlib import Path

from .csvsafe import neutralise_row, unneutralise_row
from .fonts import setup_cjk
from .models import COLUMNS, DayForecast

TEXT = {
    "zh": {"title": "{city} 未来 {n} 天气温", "high": "最高温", "low": "最低温",
           "band": "气温范围", "temp": "气温（℃）", "date": "日期", "rain": "降水（mm）",
           "source": "数据来源"},
    "en": {"title": "{city}: temperature, next {n} days", "high": "high", "low": "low",
           "band": "range", "temp": "temperature (°C)", "date": "date",
           "rain": "precipitation (mm)", "source": "source"},
}


def write_csv(rows: list[dict], path: str | Path, columns: list[str] | None = None) -> Path:
    """Rows -> CSV with a UTF-8 BOM (Excel opens it without mojibake); None -> empty.

    Weather and wind texts come from a web page: a text cell a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@`` ...) gets a ``'`` in front and shows as text; numbers
    (a low of -21) are written as they are. :func:`read_csv` takes the ``'`` off again.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or (list(rows[0]) if rows else COLUMNS)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(neutralise_row({k: ("" if v is None else v)
                                            for k, v in row.items()}))
    return path


def read_csv(path: str | Path) -> list[dict]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return [unneutralise_row(row) for row in csv.DictReader(handle)]


def forecast_rows(days: list[DayForecast]) -> list[dict]:
    return [day.as_row() for day in days]


def labels(lang: str) -> tuple[dict[str, str], bool]:
    """(labels, cjk_ok): Chinese labels only when a CJK font is available."""
    cjk = setup_cjk(quiet=lang != "zh")
    return (TEXT["zh"] if lang == "zh" and cjk else TEXT["en"]), cjk


def plot_band(days: list[DayForecast], path: str | Path, city, lang: str = "zh") -> Path:
    """Lows and highs of ``city`` as two lines with the band between them filled.

    A missing high (evening page) leaves a gap in the high line and the band, not a zero.
    """
    from matplotlib.figure import Figure

    text, cjk = labels(lang)
    city_label = city.name if cjk and lang == "zh" else city.english
    x = list(range(len(days)))
    highs = [float("nan") if d.high is None else d.high for d in days]
    lows = [float("nan") if d.low is None else d.low for d in days]
    fig = Figure(figsize=(7.5, 4.0))
    ax = fig.add_subplot()
    ax.fill_between(x, lows, highs, color="#f4a259", alpha=0.25, label=text["band"])
    ax.plot(x, highs, "o-", color="#d1495b", label=text["high"])
    ax.plot(x, lows, "o-", color="#2e86ab", label=text["low"])
    for xi, value in zip(x, highs, strict=True):
        if value == value:   # not NaN
            ax.annotate(f"{value:g}", (xi, value), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=8)
    for xi, value in zip(x, lows, strict=True):
        if value == value:
            ax.annotate(f"{value:g}", (xi, value), textcoords="offset points", xytext=(0, -12),
                        ha="center", fontsize=8)
    ax.margins(y=0.15)              # room for the value labels
    ax.axhline(0, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xticks(x)
    ax.set_xticklabels([_short_date(d.date) for d in days])
    ax.set_xlabel(text["date"])
    ax.set_ylabel(text["temp"])
    ax.set_title(text["title"].format(city=city_label, n=len(days)))
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    # fixed margins instead of tight_layout(): one drawing pass instead of two
    fig.subplots_adjust(left=0.09, right=0.98, top=0.91, bottom=0.14)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    return path


def _short_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}/{day.day}"


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "⚠" if value else ""
    if isinstance(value, float):
        return f"{value:g}"
    return html.escape(str(value))


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>"
        for row in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>"


def write_html(path: str | Path, title: str, sections: list[tuple[str, list, list | None]],
               footer: str = "") -> Path:
    """One page; each section is (heading, rows or image paths, columns or None for images).

    Every text is escaped: city names and weather words come from web pages.
    """
    path = Path(path)
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for heading, content, columns in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if columns is None:
            for image in content:
                rel = Path(image).relative_to(path.parent).as_posix()
                parts.append(f'<img src="{html.escape(rel)}" alt="{html.escape(heading)}">')
        else:
            parts.append(_table(content, columns))
    if footer:
        parts.append(f"<p class=\"footer\">{html.escape(footer)}</p>")
    page = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; margin-bottom: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }}
img {{ max-width: 100%; }}
.footer {{ color: #666; font-size: 0.9em; }}
</style></head>
<body>
{body}
</body></html>
""".format(title=html.escape(title), body="\n".join(parts))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
