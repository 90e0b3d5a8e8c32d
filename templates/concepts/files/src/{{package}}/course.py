"""The course: finding exercises, running their scripts, comparing predictions.

An exercise is a folder ``exercises/NN_slug/`` with

    README.md        what the script does and what to predict
    run.py           the script (plus helper modules it imports)
    prediction.txt   one "label: ?" line per printed line; the learner fills in the values
    exercise.json    title, the note sections it is about, and for every printed line
                     an explanation (zh/en) and the answer of the "sample learner"

Every script prints lines of the form ``label: value``. Lines starting with ``#``
are measurements that change from run to run; they are shown but never compared.
Only the standard library is used, so the course runs on any Python 3.10+.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import sysconfig
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

EXERCISES_DIR = "exercises"
NOTES_DIR = "concepts"
SCRIPT = "run.py"
PREDICTION = "prediction.txt"
METADATA = "exercise.json"
SCRIPT_TIMEOUT = 120  # seconds; every script takes a few seconds at most
UNKNOWN = "?"
TOPICS = ("imports", "circular_imports", "gil", "thread_safety", "convoy", "io_bound",
          "multiprocessing", "process_pool", "memory", "interpreters", "subinterpreters")
# Environment variables that would change how the scripts run: PYTHONSAFEPATH (3.11+)
# keeps the script's folder off sys.path, so its helper modules could not be imported.
DROPPED_ENV = ("PYTHONSAFEPATH", "PYTHONMALLOC", "PYTHONSTARTUP", "PYTHONINSPECT")
_NAME = re.compile(r"^(\d{2})_([a-z0-9_]+)$")


class CourseError(Exception):
    """A problem the learner can fix (wrong folder, unknown exercise, broken file)."""


@dataclass(frozen=True)
class Section:
    """A section of a concept note: ``concepts/<topic>.md``, heading in each language."""

    topic: str
    heading: dict[str, str]

    @property
    def filename(self) -> str:
        return f"{self.topic}.md"


@dataclass(frozen=True)
class Line:
    """One printed line of an exercise: its label and why it prints what it prints."""

    label: str
    why: dict[str, str]
    sample: str
    section: int = 0


@dataclass
class Exercise:
    number: int
    slug: str
    path: Path
    title: dict[str, str]
    sections: list[Section]
    lines: list[Line]
    requires: str | None = None  # None, "cpython" or "gil"
    stretch: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def topic(self) -> str:
        return self.sections[0].topic

    @property
    def labels(self) -> list[str]:
        return [line.label for line in self.lines]

    def line(self, label: str) -> Line | None:
        for line in self.lines:
            if line.label == label:
                return line
        return None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


# --- finding the course ---------------------------------------------------------------


def find_root(start: str | Path | None = None) -> Path:
    """The project folder: the first of `start` (default: the current folder) and its
    parents that has an ``exercises/`` folder, else the source tree this package is in."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / EXERCISES_DIR).is_dir():
            return folder
    source_tree = Path(__file__).resolve().parents[2]  # src/<package>/course.py
    if start is None and (source_tree / EXERCISES_DIR).is_dir():
        return source_tree
    raise CourseError(
        f"no {EXERCISES_DIR}/ folder in {here} or its parents; run the command inside "
        f"the project, or pass --root PROJECT_FOLDER"
    )


def load_exercise(path: Path) -> Exercise:
    match = _NAME.match(path.name)
    if not match:
        raise CourseError(f"{path}: an exercise folder is named NN_slug, e.g. 01_from_import")
    meta_path = path / METADATA
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        sections = [Section(s["topic"], {k: v for k, v in s.items() if k != "topic"})
                    for s in meta["sections"]]
        lines = [Line(label=item["label"], why={"zh": item["zh"], "en": item["en"]},
                      sample=str(item["sample"]), section=int(item.get("section", 0)))
                 for item in meta["lines"]]
        exercise = Exercise(
            number=int(match.group(1)), slug=match.group(2), path=path,
            title=dict(meta["title"]), sections=sections, lines=lines,
            requires=meta.get("requires"), stretch=bool(meta.get("stretch", False)),
        )
    except FileNotFoundError:
        raise CourseError(f"{meta_path} is missing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CourseError(f"{meta_path} is not valid: {type(exc).__name__}: {exc}") from None
    if not sections or any(line.section >= len(sections) for line in lines):
        raise CourseError(f"{meta_path}: every line's section must be one of its sections")
    return exercise


def load_exercises(root: Path) -> list[Exercise]:
    folder = root / EXERCISES_DIR
    if not folder.is_dir():
        raise CourseError(f"{folder} does not exist")
    found = [load_exercise(p) for p in sorted(folder.iterdir())
             if p.is_dir() and _NAME.match(p.name)]
    if not found:
        raise CourseError(f"{folder} has no exercise folders (NN_slug)")
    return found


def select(exercises: list[Exercise], key: str) -> Exercise:
    """An exercise by number ("3", "03"), folder name ("03_reload") or slug ("reload")."""
    key = key.strip().rstrip("/\\")
    key = Path(key).name or key
    for ex in exercises:
        if key.isdigit() and int(key) == ex.number:
            return ex
        if key in (ex.name, ex.slug):
            return ex
    known = ", ".join(str(ex.number) for ex in exercises)
    raise CourseError(f"no exercise {key!r}; choose one of {known}")


# --- the interpreter we run on ------------------------------------------------------


def is_cpython() -> bool:
    return platform.python_implementation() == "CPython"


def gil_enabled() -> bool:
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        check = getattr(sys, "_is_gil_enabled", None)
        return bool(check()) if check else False
    return True


def fits(requires: str | None) -> bool:
    """Does this interpreter show what an exercise with `requires` describes?"""
    if requires == "cpython":
        return is_cpython()
    if requires == "gil":
        return is_cpython() and gil_enabled()
    return True


def interpreter_name() -> str:
    name = f"{platform.python_implementation()} {platform.python_version()}"
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        name += " (free-threaded build)"
    return name


# --- running scripts ----------------------------------------------------------------


def parse_lines(text: str) -> list[tuple[str, str]]:
    """``label: value`` pairs of a script's output or a prediction file.

    Blank lines and lines starting with ``#`` are skipped; a line without ": " is
    kept with an empty label so that nothing the script printed is silently lost."""
    pairs = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        label, sep, value = line.partition(": ")
        if not sep and line.endswith(":"):
            label, value = line[:-1], ""
        elif not sep:
            label, value = "", line
        pairs.append((label.strip(), value.strip()))
    return pairs


def info_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@dataclass
class RunResult:
    exercise: Exercise
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    answers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def not_done(self) -> bool:
        """A stretch exercise whose code still raises NotImplementedError."""
        return self.exercise.stretch and "NotImplementedError" in self.stderr

    @property
    def info(self) -> list[str]:
        return info_lines(self.stdout)


def script_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # keep the exercise folders free of __pycache__
    return env


def run_exercise(exercise: Exercise, timeout: float = SCRIPT_TIMEOUT) -> RunResult:
    """Run the exercise's script with this interpreter, in its own folder and process."""
    script = exercise.path / SCRIPT
    if not script.is_file():
        raise CourseError(f"{script} is missing")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, SCRIPT], cwd=exercise.path, env=script_env(),
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
        )
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, out = -1, exc.stdout or b""
        err = (exc.stderr or b"") + f"\ntimed out after {timeout:.0f} s\n".encode()
    stdout = out.decode("utf-8", "replace").replace("\r\n", "\n")
    stderr = err.decode("utf-8", "replace").replace("\r\n", "\n")
    return RunResult(exercise, code, stdout, stderr, time.perf_counter() - start,
                     parse_lines(stdout))


# --- predictions --------------------------------------------------------------------


def normalise(value: str) -> str:
    """Forgiving comparison: case, spaces and the kind of quotes do not matter."""
    return re.sub(r"\s+", "", value).lower().replace('"', "'")


def is_filled(value: str | None) -> bool:
    return value is not None and value.strip() not in ("", UNKNOWN)


def read_prediction(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return {label: value for label, value in parse_lines(path.read_text(encoding="utf-8"))
            if label}


@dataclass
class Verdict:
    label: str
    actual: str
    predicted: str | None  # None: not predicted (missing, empty or "?")

    @property
    def correct(self) -> bool:
        return self.predicted is not None and normalise(self.predicted) == normalise(self.actual)


def compare(prediction: dict[str, str], answers: list[tuple[str, str]]) -> list[Verdict]:
    """One verdict per printed line; a prediction is matched to its line by label."""
    by_label = {normalise(label): value for label, value in prediction.items()}
    verdicts = []
    for label, actual in answers:
        predicted = prediction.get(label, by_label.get(normalise(label)))
        verdicts.append(Verdict(label, actual, predicted if is_filled(predicted) else None))
    return verdicts


PREDICTION_HEADER = {
    "zh": [
        "# 练习 {number:02d} 的预测：把每个 ? 换成你认为 run.py 会打印的值，然后运行",
        "#     python -m {package} check {number}",
        "# 以 # 开头的行不参与比较。",
    ],
    "en": [
        "# Your prediction for exercise {number:02d}: replace each ? with the value you "
        "expect run.py to print, then run",
        "#     python -m {package} check {number}",
        "# Lines starting with # are not compared.",
    ],
}

SAMPLE_HEADER = [
    "# 示例学习者的预测（相信流行的说法）/ A sample learner's prediction (believes the",
    "# popular explanations). Compare: check {number} --prediction <this file>",
]


def prediction_text(exercise: Exercise, lang: str, package: str,
                    values: dict[str, str] | None = None) -> str:
    """A prediction file: the header, then one "label: value" line per printed line."""
    header = PREDICTION_HEADER.get(lang, PREDICTION_HEADER["en"])
    lines = [h.format(number=exercise.number, package=package) for h in header]
    lines.append("")
    values = values or {}
    lines += [f"{label}: {values.get(label) or UNKNOWN}" for label in exercise.labels]
    return "\n".join(lines) + "\n"


def sample_text(exercise: Exercise) -> str:
    lines = [h.format(number=exercise.number) for h in SAMPLE_HEADER]
    lines.append("")
    lines += [f"{line.label}: {line.sample}" for line in exercise.lines]
    return "\n".join(lines) + "\n"


def write_samples(exercises: list[Exercise], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for ex in exercises:
        path = folder / f"{ex.name}.txt"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(sample_text(ex))
        paths.append(path)
    return paths


# --- pointers into the notes --------------------------------------------------------


def anchor(heading: str) -> str:
    """The anchor GitHub (and most Markdown viewers) give a heading: lower case, spaces
    to hyphens, punctuation dropped, letters of every script kept."""
    kept = "".join(ch for ch in heading.strip().lower()
                   if ch in " -_" or unicodedata.category(ch)[0] in "LMN")
    return kept.replace(" ", "-")


def headings(note: Path) -> list[tuple[int, str]]:
    """(line number, text) of the ``##`` headings of a note, outside code blocks."""
    found, in_code = [], False
    for number, line in enumerate(note.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("## "):
            found.append((number, line[3:].strip()))
    return found


@dataclass
class NoteRef:
    path: Path
    heading: str
    line: int | None  # None: the note or the heading was not found

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def describe(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root).as_posix()
        except ValueError:
            shown = str(self.path)
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}  ## {self.heading}"


def note_ref(root: Path, section: Section, lang: str) -> NoteRef:
    """Where a section is in this project's notes (written in `lang`)."""
    path = root / NOTES_DIR / section.filename
    heading = section.heading.get(lang) or section.heading["en"]
    line = None
    if path.is_file():
        line = next((n for n, text in headings(path) if text == heading), None)
    return NoteRef(path, heading, line)
