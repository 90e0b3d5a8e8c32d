"""``index.csv`` and ``index.html``: what was found, what was saved, and why not.

Everything in them comes from the internet, so both are written defensively: the HTML
escapes every value, and a CSV cell a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@`` ...) gets a ``'`` in front, which :func:`read_index_csv` takes off again.
"""

from __future__ import annotations

import csv
import html
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from .csvsafe import neutralise_row, unneutralise_row
from .i18n import tr

STATUSES = {
    "saved": ("已保存", "saved"),
    "existing": ("已存在（内容相同）", "already there (same bytes)"),
    "duplicate": ("重复（内容相同）", "duplicate (same bytes)"),
    "near_duplicate": ("近似重复", "near duplicate"),
    "rejected": ("已拒绝", "rejected"),
    "robots": ("robots.txt 不允许", "not allowed by robots.txt"),
    "failed": ("下载失败", "download failed"),
}


@dataclass
class Record:
    url: str
    key: str
    source: str
    status: str = ""
    file: str = ""              # relative to the output folder, e.g. images/0a1b....png
    sha1: str = ""
    bytes: int = 0
    content_type: str = ""
    width: int = 0
    height: int = 0
    near_duplicate_of: str = ""
    note: str = ""


COLUMNS = [f.name for f in fields(Record)]


def write_index_csv(records: list[Record], path: str | Path) -> Path:
    """One row per image URL (UTF-8 with BOM, so Excel shows Chinese correctly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(neutralise_row(asdict(record)))
    return path


def read_index_csv(path: str | Path) -> list[dict]:
    """The rows of ``index.csv`` (or of the ``parse`` command's CSV), as written."""
    with Path(path).open(encoding="utf-8-sig", newline="") as source:
        return [unneutralise_row(row) for row in csv.DictReader(source)]


def _link(url: str) -> str:
    """An escaped link, only for http(s) URLs (never ``javascript:``)."""
    text = html.escape(url)
    if urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{text}" rel="nofollow noreferrer">{text}</a>'
    return text


def write_index_html(records: list[Record], path: str | Path, title: str,
                     sheet: str | None = None) -> Path:
    """A page with the contact sheet and a table of every image; all text is escaped."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for r in records:
        status = tr(*STATUSES.get(r.status, (r.status, r.status)))
        preview = (f'<img src="{html.escape(r.file)}" alt="" loading="lazy">'
                   if r.file and r.status in ("saved", "existing", "near_duplicate") else "")
        size = f"{r.width}×{r.height}" if r.width else ""
        note = html.escape(r.note or r.near_duplicate_of)
        rows.append(
            f"<tr><td>{preview}</td><td>{html.escape(status)}</td><td>{size}</td>"
            f"<td>{r.bytes or ''}</td><td>{html.escape(r.source)}</td>"
            f"<td>{_link(r.url)}</td><td>{note}</td></tr>"
        )
    head = tr("<th>预览</th><th>状态</th><th>尺寸</th><th>字节</th><th>来源</th><th>网址</th>"
              "<th>说明</th>",
              "<th>preview</th><th>status</th><th>size</th><th>bytes</th><th>source</th>"
              "<th>URL</th><th>note</th>")
    sheet_html = (f'<p><img src="{html.escape(sheet)}" alt="contact sheet"></p>'
                  if sheet else "")
    notice = tr("图片版权归原作者所有，仅供本地学习使用，请勿再次发布。",
                "Pictures belong to their authors: keep them local for study, do not republish.")
    page = f"""<!doctype html>
<html lang="{tr('zh', 'en')}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; }}
td img {{ max-width: 120px; max-height: 90px; }}
td:nth-child(6) {{ word-break: break-all; max-width: 420px; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(notice)}</p>
{sheet_html}
<table>
<tr>{head}</tr>
{chr(10).join(rows)}
</table>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")
    return path
