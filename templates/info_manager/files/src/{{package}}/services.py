"""Search, sort, statistics and ranking over a list of students.

These functions take plain lists (``repo.list_all()``), so they work the same for every
repository and are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import SUBJECTS, Student

# Sort keys offered by the menu and the web page.
SORT_KEYS = ("student_id", "name", "class_name", "birth", "total", *SUBJECTS)

# Score bands for the distribution: (label, low, high) with low <= score < high.
BANDS = (
    ("<60", 0.0, 60.0),
    ("60-69", 60.0, 70.0),
    ("70-79", 70.0, 80.0),
    ("80-89", 80.0, 90.0),
    ("90-100", 90.0, 100.01),
)
PASS_MARK = 60.0


def search(students: list[Student], keyword: str = "", class_name: str = "") -> list[Student]:
    """Students whose id or name contains ``keyword`` (case-insensitive), optionally
    restricted to one class (exact match)."""
    keyword = keyword.strip().casefold()
    class_name = class_name.strip()
    found = []
    for s in students:
        if class_name and s.class_name != class_name:
            continue
        if keyword and keyword not in s.student_id and keyword not in s.name.casefold():
            continue
        found.append(s)
    return found


def sort_key(student: Student, key: str):
    if key == "total":
        return student.total
    if key in SUBJECTS:
        return student.scores[key]
    return getattr(student, key)


def sort_students(students: list[Student], key: str = "student_id",
                  descending: bool = False) -> list[Student]:
    """A new sorted list; ties keep id order. ValueError for an unknown key."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; choose from {', '.join(SORT_KEYS)}")
    by_id = sorted(students, key=lambda s: s.student_id)
    return sorted(by_id, key=lambda s: sort_key(s, key), reverse=descending)


@dataclass
class ClassStats:
    class_name: str
    count: int
    averages: dict[str, float]  # subject -> mean score, plus "total"
    pass_rate: float  # share of students with every subject >= PASS_MARK


def class_statistics(students: list[Student]) -> list[ClassStats]:
    """Per-class head count, mean score per subject and of the total, and pass rate."""
    groups: dict[str, list[Student]] = {}
    for s in students:
        groups.setdefault(s.class_name, []).append(s)
    result = []
    for name in sorted(groups):
        members = groups[name]
        n = len(members)
        averages = {sub: round(sum(m.scores[sub] for m in members) / n, 2) for sub in SUBJECTS}
        averages["total"] = round(sum(m.total for m in members) / n, 2)
        passed = sum(all(m.scores[sub] >= PASS_MARK for sub in SUBJECTS) for m in members)
        result.append(ClassStats(name, n, averages, round(passed / n, 4)))
    return result


def score_distribution(students: list[Student], subject: str | None = None) -> dict[str, int]:
    """How many scores fall in each band of BANDS.

    ``subject=None`` counts every subject score of every student (n * len(SUBJECTS)).
    """
    subjects = SUBJECTS if subject is None else (subject,)
    counts = {band: 0 for band, _, _ in BANDS}
    for s in students:
        for sub in subjects:
            value = s.scores[sub]
            for band, low, high in BANDS:
                if low <= value < high:
                    counts[band] += 1
                    break
    return counts


def overview(students: list[Student]) -> dict:
    """Whole-school numbers for the report header."""
    if not students:
        return {"count": 0, "classes": 0, "mean_total": 0.0, "best": None}
    best = max(students, key=lambda s: (s.total, s.student_id))
    return {
        "count": len(students),
        "classes": len({s.class_name for s in students}),
        "mean_total": round(sum(s.total for s in students) / len(students), 2),
        "best": best,
    }


def rank_by_total(students: list[Student]) -> list[tuple[int, Student]]:
    """Stretch exercise: rank students by total score, best first, with ties.

    Equal totals share a rank and the next rank skips ("competition ranking",
    like 1, 2, 2, 4). Within a tie, order by student id. Returns (rank, student) pairs.
    """
    # >>> SOLUTION
    ordered = sorted(students, key=lambda s: (-s.total, s.student_id))
    ranked: list[tuple[int, Student]] = []
    for position, student in enumerate(ordered, start=1):
        if ranked and ranked[-1][1].total == student.total:
            ranked.append((ranked[-1][0], student))
        else:
            ranked.append((position, student))
    return ranked
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按总分排名，同分同名次，下一名次跳过（1,2,2,4）"
    #     " / exercise: rank by total score, ties share a rank and the next one is skipped"
    #     " (1,2,2,4)")
    # <<< STUB
