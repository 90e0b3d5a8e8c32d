"""The offline demo: run every exercise, check a sample learner's predictions, report.

Writes to the output folder:

    exercises/NN_slug.txt   what each script printed
    summary.csv             one row per exercise: status, seconds, lines, sample learner's score
    report.md               every output, and each line the sample learner got wrong,
                            with the explanation and a link to the note section
"""

from __future__ import annotations

import csv
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .course import (
    Exercise,
    RunResult,
    anchor,
    compare,
    fits,
    interpreter_name,
    note_ref,
    read_prediction,
    run_exercise,
)

SAMPLE_DIR = Path("data") / "sample" / "predictions"
CSV_COLUMNS = ["number", "exercise", "topic", "status", "applies", "seconds", "lines",
               "sample_right"]


def status_of(result: RunResult) -> str:
    """ok | not done (a stretch exercise still to write) | n/a (describes another
    interpreter, and failed on this one) | failed"""
    if result.ok:
        return "ok"
    if result.not_done:
        return "not done"
    return "n/a" if not fits(result.exercise.requires) else "failed"


def sample_prediction(root: Path, ex: Exercise) -> dict[str, str]:
    """The sample learner's prediction: the committed file, or the exercise's own data."""
    committed = read_prediction(root / SAMPLE_DIR / f"{ex.name}.txt")
    return committed or {line.label: line.sample for line in ex.lines}


def note_link(root: Path, out: Path, ex: Exercise, index: int, notes_lang: str) -> str:
    section = ex.sections[index]
    ref = note_ref(root, section, notes_lang)
    target = os.path.relpath(ref.path, out.resolve()).replace(os.sep, "/")
    return f"[{section.filename} § {ref.heading}]({target}#{anchor(ref.heading)})"


def report_section(root: Path, out: Path, ex: Exercise, result: RunResult, lang: str,
                   notes_lang: str) -> list[str]:
    zh = lang == "zh"
    lines = [f"## {ex.number:02d} · {ex.title_in(lang)}", ""]
    status = status_of(result)
    if not fits(ex.requires):
        lines += [("这个练习描述的是 CPython（带 GIL）；当前解释器的输出可能不同。" if zh else
                   "This exercise describes CPython (with the GIL); this interpreter may "
                   "print something else."), ""]
    lines += ["```", result.stdout.rstrip() or "(no output)", "```", ""]
    if status != "ok":
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        lines += [("状态" if zh else "Status") + f": **{status}**", "", "```", tail, "```", ""]
        return lines
    verdicts = compare(sample_prediction(root, ex), result.answers)
    wrong = [v for v in verdicts if not v.correct]
    right = len(verdicts) - len(wrong)
    lines.append((f"示例学习者答对 {right}/{len(verdicts)} 行。" if zh else
                  f"The sample learner got {right}/{len(verdicts)} lines right.")
                 + (("下面是错的：" if zh else " Where they went wrong:") if wrong else ""))
    lines.append("")
    for v in wrong:
        line = ex.line(v.label)
        said = v.predicted if v.predicted is not None else "?"
        lines.append(f"- `{v.label}`: **{v.actual}**"
                     + (f"（示例学习者：{said}）" if zh else f" (sample learner: {said})"))
        if line is not None:
            why = line.why.get(lang) or line.why["en"]
            lines.append(f"  {why} {note_link(root, out, ex, line.section, notes_lang)}")
    lines.append("")
    return lines


def run_demo(root: Path, exercises: list[Exercise], out: Path, lang: str, notes_lang: str,
             package: str, jobs: int = 1) -> int:
    """Run the exercises (`jobs` scripts at a time, each in its own process) and report."""
    zh = lang == "zh"
    start = time.perf_counter()
    (out / "exercises").mkdir(parents=True, exist_ok=True)
    print(f"{interpreter_name()}; {len(exercises)} "
          + ("个练习" if zh else "exercises"), flush=True)
    rows, report, failed = [], [], []
    total_right = total_lines = 0
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        # map() starts up to `jobs` scripts at once and yields the results in order.
        for result in pool.map(run_exercise, exercises):
            ex = result.exercise
            status = status_of(result)
            text = result.stdout if result.ok else result.stdout + "\n" + result.stderr
            with open(out / "exercises" / f"{ex.name}.txt", "w", encoding="utf-8",
                      newline="\n") as f:
                f.write(text)
            right = ""
            if result.ok:
                verdicts = compare(sample_prediction(root, ex), result.answers)
                right = sum(v.correct for v in verdicts)
                total_right += right
                total_lines += len(verdicts)
                right = f"{right}/{len(verdicts)}"
            elif status == "failed":
                failed.append(ex.name)
            rows.append({
                "number": ex.number, "exercise": ex.name, "topic": ex.topic, "status": status,
                "applies": "yes" if fits(ex.requires) else "no",
                "seconds": f"{result.seconds:.2f}", "lines": len(result.answers),
                "sample_right": right,
            })
            report += report_section(root, out, ex, result, lang, notes_lang)
            sample = (f"示例学习者 {right}" if zh else f"sample learner {right}") if right else ""
            print(f"  {ex.name:<24} {status:<9} {result.seconds:5.2f} s  {sample}".rstrip(),
                  flush=True)

    with open(out / "summary.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    title = "# 概念小课：演示报告" if zh else "# Concepts course: demo report"
    intro = (f"解释器：{interpreter_name()}。示例学习者相信那些流行的说法"
             f"（预测在 `data/sample/predictions/`）；下面是每个脚本的真实输出，以及他错在哪里。"
             if zh else
             f"Interpreter: {interpreter_name()}. The sample learner believes the popular "
             f"explanations (predictions in `data/sample/predictions/`); below is what every "
             f"script really printed, and where the learner went wrong.")
    with open(out / "report.md", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join([title, "", intro, "", *report]).rstrip() + "\n")

    seconds = time.perf_counter() - start
    if zh:
        print(f"示例学习者共答对 {total_right}/{total_lines} 行。已写入 {out / 'report.md'}、"
              f"{out / 'summary.csv'} 和 {out / 'exercises'}/（{seconds:.1f} 秒）")
        print(f"自己试试：python -m {package} show 1")
    else:
        print(f"The sample learner got {total_right}/{total_lines} lines right. Wrote "
              f"{out / 'report.md'}, {out / 'summary.csv'} and {out / 'exercises'}/ "
              f"({seconds:.1f} s)")
        print(f"Your turn: python -m {package} show 1")
    if failed:
        print(("失败的练习：" if zh else "failed: ") + ", ".join(failed))
        return 1
    return 0
