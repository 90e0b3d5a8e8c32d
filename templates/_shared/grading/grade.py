"""Turn a pytest JUnit XML report into points: python grade.py junit.xml grading.json.

grading.json: {"default_points": 1, "points": {"tests/test_x.py::test_name*": 5}}. Patterns
use `*` for any text; the first matching pattern gives a test its points. A passed test earns
its points; a failed, erroring or expected-to-fail (unfinished exercise) test earns none;
a skipped test does not count. The result is printed as JSON.
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
    tests = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        tid = test_id(case.get("classname", ""), case.get("name", ""))
        worth = next((v for rx, v in patterns if rx.match(tid)), default)
        result = outcome(case)
        tests.append({
            "id": tid,
            "outcome": result,
            "points": worth if result == "pass" else 0,
            "max_points": 0 if result == "skip" else worth,
        })
    return {
        "passed": sum(t["outcome"] == "pass" for t in tests),
        "failed": sum(t["outcome"] in ("fail", "xfail") for t in tests),
        "points": sum(t["points"] for t in tests),
        "max_points": sum(t["max_points"] for t in tests),
        "tests": tests,
    }


if __name__ == "__main__":
    print(json.dumps(grade(sys.argv[1], sys.argv[2]), ensure_ascii=False, indent=2))
