"""Show findings: HTML with <mark>, coloured terminal text, JSON.

Every piece of the user's text goes through ``html.escape`` before it is put into HTML,
so a sentence such as ``<script>alert(1)</script>`` is shown, never run.
"""

from __future__ import annotations

import html
import json
import sys

ANSI_MARK = "\033[1;31m"  # bold red
ANSI_HINT = "\033[32m"  # green
ANSI_RESET = "\033[0m"

HTML_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       max-width: 46em; margin: 2em auto; line-height: 1.9; padding: 0 1em; }
mark { background: #ffd6d6; border-bottom: 2px solid #d33; padding: 0 1px; }
mark .fix { color: #080; font-size: 0.8em; margin-left: 2px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 8px; }
"""


def _pieces(text: str, findings):
    """Yield (plain_text, finding_or_None) in order."""
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue  # overlapping findings: keep the first
        if f.start > pos:
            yield text[pos:f.start], None
        yield text[f.start:f.end], f
        pos = f.end
    if pos < len(text):
        yield text[pos:], None


def to_html_fragment(text: str, findings, lang: str = "zh") -> str:
    """The text with ``<mark title="建议：X">`` around each finding; newlines become <br>."""
    label = "建议" if lang == "zh" else "suggestion"
    out = []
    for piece, f in _pieces(text, findings):
        if f is None:
            out.append(html.escape(piece).replace("\n", "<br>\n"))
        else:
            title = html.escape(f"{label}：{'、'.join(f.suggestions[:3])}（{f.word}）")
            out.append(f'<mark title="{title}">{html.escape(piece)}'
                       f'<span class="fix">{html.escape(f.suggestion)}</span></mark>')
    return "".join(out)


def to_html_page(sections, title: str = "错别字检查", lang: str = "zh") -> str:
    """A complete HTML page. ``sections``: list of (heading, text, findings)."""
    body = []
    for heading, text, findings in sections:
        if heading:
            body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(f"<p>{to_html_fragment(text, findings, lang)}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"<style>{HTML_STYLE}</style>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def use_color(stream=None) -> bool:
    """Colour only when writing to a terminal (not to a file or a pipe)."""
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def to_terminal(text: str, findings, color: bool | None = None) -> str:
    """Findings in red with the suggestion in green; ``[错→对]`` brackets without colour."""
    if color is None:
        color = use_color()
    out = []
    for piece, f in _pieces(text, findings):
        if f is None:
            out.append(piece)
        elif color:
            out.append(f"{ANSI_MARK}{piece}{ANSI_RESET}{ANSI_HINT}({f.suggestion}){ANSI_RESET}")
        else:
            out.append(f"[{piece}→{f.suggestion}]")
    return "".join(out)


def to_json(text: str, findings, corrected: str | None = None) -> str:
    data = {"text": text, "findings": [f.to_dict() for f in findings]}
    if corrected is not None:
        data["corrected"] = corrected
    return json.dumps(data, ensure_ascii=False, indent=2)
