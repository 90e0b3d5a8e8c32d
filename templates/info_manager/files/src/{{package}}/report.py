"""The HTML statistics report, rendered from ``templates/report.html`` by Jinja2.

Auto-escaping is on: a name such as ``<script>alert(1)</script>`` appears as text in
the page, it never runs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .models import SUBJECTS, Student, format_score, gender_label, label
from .services import class_statistics, overview, rank_by_total, score_distribution

TEMPLATES = Path(__file__).parent / "templates"


def ranking_or_none(students: list[Student]):
    """The ranking, or None while the stretch exercise is not solved yet."""
    try:
        return rank_by_total(students)
    except NotImplementedError:
        return None


def report_context(students: list[Student], lang: str = "zh") -> dict:
    return {
        "lang": lang,
        "t": lambda zh, en: zh if lang == "zh" else en,
        "subjects": SUBJECTS,
        "label": label,
        "gender_label": gender_label,
        "fmt": format_score,
        "overview": overview(students),
        "class_stats": class_statistics(students),
        "distribution": score_distribution(students),
        "ranking": ranking_or_none(students),
    }


def render_report(students: list[Student], lang: str = "zh", chart: str | None = None,
                  top: int = 10) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html"]))
    context = report_context(students, lang)
    return env.get_template("report.html").render(
        chart=chart, top=top, generated=datetime.now().strftime("%Y-%m-%d %H:%M"), **context)


def write_report(students: list[Student], path: str | Path, lang: str = "zh",
                 chart: str | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(students, lang, chart), encoding="utf-8")
    return path
