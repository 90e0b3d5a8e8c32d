"""Turn a pytest JUnit XML report into points: python grade.py junit.xml grading.json.

With --markdown it prints a summary table for a CI job page instead of the JSON.

grading.json: {"default_points": 1, "points": {"tests/test_x.py::test_name*": 5}}. Patterns
use `*` for any text; the first matching pattern gives a test its points.

When `pystart grade` writes it, grading.json also lists the assignment's tests ("expected",
from a run of the teacher's solution) and which of them are exercises ("exercises"). Then the
maximum is fixed: every expected test counts, a missing or skipped one earns nothing, and
tests the report holds beyond them are listed as "unexpected" and earn nothing. Without
"expected", the tests in the report count and a skipped test does not.

A passed test earns its points; a failed, erroring or expected-to-fail (unfinished exercise)
test earns none. Exercises are tests marked `stretch` (recorded in the report by the
pystart_grading plugin); base tests are the others. The result is printed as JSON.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def test_id(classname: str, name: str) -> str:
    """pytest's node id from JUnit names: tests.test_x[.TestClass] + name."""
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = "/".join(parts[:cut]) + ".py"
        if Path(path).is_file():
            return "::".join([path, *parts[cut:], name])
    return "::".join([classname, name])


def pattern_regex(pattern: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


def message(case: ET.Element) -> str:
    """The first line of a failure's message, short enough for feedback."""
    for child in case:
        if child.tag in ("failure", "error"):
            text = (child.get("message") or child.text or "").strip()
            return text.splitlines()[0][:200] if text else ""
    return ""


def outcome(case: ET.Element) -> str:
    for child in case:
        if child.tag in ("failure", "error"):
            return "fail"
        if child.tag == "skipped":
            return "xfail" if child.get("type") == "pytest.xfail" else "skip"
    return "pass"


def grade(junit: str, grading: str) -> dict:
    rules = json.loads(Path(grading).read_text(encoding="utf-8"))
    default = int(rules.get("default_points", 1))
    patterns = [(pattern_regex(p), int(v)) for p, v in rules.get("points", {}).items()]
    expected = rules.get("expected")
    exercises = set(rules["exercises"]) if "exercises" in rules else None

    seen = {}
    unexpected = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        tid = test_id(case.get("classname", ""), case.get("name", ""))
        if expected is not None and tid not in set(expected):
            # Skipped here as in the teacher's run (a network test, say): nothing to report.
            if outcome(case) != "skip":
                unexpected.append(tid)
            continue
        if tid in seen:
            continue
        marked = any(
            p.get("name") == "pystart_exercise" and p.get("value") == "1"
            for p in case.iter("property")
        )
        seen[tid] = (
            outcome(case),
            tid in exercises if exercises is not None else marked,
            message(case),
        )

    tests = []
    for tid in expected if expected is not None else seen:
        worth = next((v for rx, v in patterns if rx.match(tid)), default)
        result, exercise, why = seen.get(
            tid, ("missing", exercises is not None and tid in exercises, "")
        )
        counts = expected is not None or result != "skip"
        test = {
            "id": tid,
            "outcome": result,
            "exercise": exercise,
            "points": worth if result == "pass" else 0,
            "max_points": worth if counts else 0,
        }
        if why:
            test["message"] = why
        tests.append(test)

    def total(key: str, exercise=None) -> int:
        return sum(t[key] for t in tests if exercise is None or t["exercise"] == exercise)

    return {
        "passed": sum(t["outcome"] == "pass" for t in tests),
        "failed": sum(t["outcome"] != "pass" and t["max_points"] > 0 for t in tests),
        "missing": sum(t["outcome"] == "missing" for t in tests),
        "points": total("points"),
        "max_points": total("max_points"),
        "base_points": total("points", False),
        "base_max": total("max_points", False),
        "exercise_points": total("points", True),
        "exercise_max": total("max_points", True),
        "tests": tests,
        "unexpected": unexpected,
    }


def markdown(result: dict) -> str:
    """A short Markdown summary for a CI job page."""
    lines = [
        f"## Grade: {result['points']} / {result['max_points']} points",
        "",
        f"Base tests {result['base_points']}/{result['base_max']}, "
        f"exercises {result['exercise_points']}/{result['exercise_max']}; "
        f"{result['passed']} passed, {result['failed']} not passed.",
        "",
        "| test | outcome | points |",
        "| --- | --- | --- |",
    ]
    for t in result["tests"]:
        name = t["id"].replace("|", "\\|")
        lines.append(f"| `{name}` | {t['outcome']} | {t['points']}/{t['max_points']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    args = sys.argv[1:]
    as_markdown = "--markdown" in args
    args = [a for a in args if a != "--markdown"]
    result = grade(args[0], args[1])
    if as_markdown:
        print(markdown(result), end="")
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
