"""Run the concept checks: every claim in the concept notes, tested on this interpreter.

    python concepts/run_checks.py                    # all topics
    python concepts/run_checks.py gil memory         # only some topics
    python concepts/run_checks.py --verbose          # also show each script's run time and
                                                     # what the timing checks measured

Each checks/check_<topic>.py runs in its own process with this same interpreter
(sys.executable). One line is printed per claim (PASS, FAIL, SKIP or
INCONCLUSIVE with the reason), then a summary line "N passed, M failed, K
skipped" (plus ", I inconclusive" when a timing check could not decide because
the machine was too busy). The exit status is 1 if any claim failed or a script
crashed or timed out, 2 on a usage error; INCONCLUSIVE alone keeps it 0.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

TOPICS = ("imports", "circular_imports", "gil", "thread_safety", "convoy", "io_bound",
          "multiprocessing", "process_pool", "memory", "interpreters", "subinterpreters")
CHECKS_DIR = Path(__file__).resolve().parent / "checks"
SCRIPT_TIMEOUT = 300  # seconds per script: a few seconds normally, much more on a starved machine
STATUSES = ("PASS", "FAIL", "SKIP", "INCONCLUSIVE")


def result_lines(label, stdout, counts, measured=False):
    """Pick the PASS/FAIL/SKIP/INCONCLUSIVE lines out of a script's output, counting them;
    with `measured`, also the "# ..." lines in which a check reports what it measured."""
    lines = []
    for raw in stdout.decode("utf-8", "replace").splitlines():
        if measured and raw.startswith("# "):
            lines.append(f"# {label}: {raw[2:]}")
            continue
        status, _, rest = raw.partition(" ")
        if status in STATUSES and rest:
            counts[status] += 1
            lines.append(f"{status} {label}::{rest}")
    return lines


def run_script(topic, measured=False):
    """Run one check script; return (lines to print, counts, seconds)."""
    script = CHECKS_DIR / f"check_{topic}.py"
    label = script.name
    counts = dict.fromkeys(STATUSES, 0)
    if not script.is_file():
        counts["FAIL"] += 1
        return [f"FAIL {label}: script not found at {script}"], counts, 0.0
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(script)], cwd=str(CHECKS_DIR), env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=SCRIPT_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        lines = result_lines(label, exc.stdout or b"", counts)
        counts["FAIL"] += 1
        lines.append(f"FAIL {label}: timed out after {SCRIPT_TIMEOUT} s")
        return lines, counts, time.perf_counter() - start
    elapsed = time.perf_counter() - start
    lines = result_lines(label, proc.stdout, counts, measured)
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0 and counts["FAIL"] == 0:
        # A crash (or an exit code that no FAIL line explains) is a failure of its own.
        tail = " | ".join(stderr.strip().splitlines()[-3:]) or "no error output"
        counts["FAIL"] += 1
        lines.append(f"FAIL {label}: exited with code {proc.returncode}: {tail}")
    elif proc.returncode == 0 and not any(counts.values()):
        counts["FAIL"] += 1
        lines.append(f"FAIL {label}: printed no result lines")
    return lines, counts, elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the concept checks.")
    parser.add_argument("topics", nargs="*", metavar="topic",
                        help=f"topics to run (default: all): {', '.join(TOPICS)}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print how long each script took and what the timing "
                             "checks measured")
    args = parser.parse_args(argv)
    unknown = [t for t in args.topics if t not in TOPICS]
    if unknown:
        parser.error(f"unknown topic(s) {', '.join(unknown)}; choose from {', '.join(TOPICS)}")
    topics = [t for t in TOPICS if t in args.topics] if args.topics else list(TOPICS)

    totals = dict.fromkeys(STATUSES, 0)
    for topic in topics:
        lines, counts, elapsed = run_script(topic, args.verbose)
        for line in lines:
            print(line, flush=True)
        if args.verbose:
            print(f"# check_{topic}.py took {elapsed:.2f} s", flush=True)
        for status in STATUSES:
            totals[status] += counts[status]
    summary = f"{totals['PASS']} passed, {totals['FAIL']} failed, {totals['SKIP']} skipped"
    if totals["INCONCLUSIVE"]:
        summary += f", {totals['INCONCLUSIVE']} inconclusive"
    print(summary)
    return 1 if totals["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
