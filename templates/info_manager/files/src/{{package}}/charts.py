"""The statistics chart (PNG): per-class subject averages and the score distribution.

matplotlib is imported inside the function so the menu and the web app start quickly.
The chart uses ``matplotlib.figure.Figure`` directly (not pyplot): that needs no GUI
backend and is safe in the threads of a web server.
Chinese labels need a CJK font (``fonts.setup_cjk``); without one the chart falls back
to English labels.
"""

from __future__ import annotations

from pathlib import Path

from .models import SUBJECTS, Student, label
from .services import class_statistics, score_distribution


def make_chart(students: list[Student], path, lang: str = "zh"):
    """Draw the chart into ``path`` (a file name or a binary file object) and return it."""
    from matplotlib.figure import Figure

    from .fonts import setup_cjk

    if lang == "zh" and not setup_cjk():
        lang = "en"
    zh = lang == "zh"
    if isinstance(path, (str, Path)):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)

    stats = class_statistics(students)
    fig = Figure(figsize=(11, 4.2), dpi=100)
    left, right = fig.subplots(1, 2)
    width = 0.8 / len(SUBJECTS)
    for i, subject in enumerate(SUBJECTS):
        xs = [k + (i - (len(SUBJECTS) - 1) / 2) * width for k in range(len(stats))]
        left.bar(xs, [c.averages[subject] for c in stats], width, label=label(subject, lang))
    # Class names are usually Chinese; without a CJK font number them instead.
    names = [c.class_name if zh or c.class_name.isascii() else f"#{k + 1}"
             for k, c in enumerate(stats)]
    left.set_xticks(range(len(stats)), names)
    left.set_ylim(0, 115)  # room for the legend above the bars
    left.set_ylabel("平均分" if zh else "mean score")
    left.set_title("各班各科平均分" if zh else "Mean score by class and subject")
    left.legend(loc="upper center", ncol=len(SUBJECTS), fontsize=8)

    counts = score_distribution(students)
    right.bar(list(counts), list(counts.values()), color="#4c72b0")
    right.set_xlabel("分数段" if zh else "score band")
    right.set_ylabel("人次" if zh else "number of scores")
    right.set_title("成绩分布（全部科目）" if zh else "Score distribution (all subjects)")

    fig.tight_layout()
    fig.savefig(path, format="png")
    return path
