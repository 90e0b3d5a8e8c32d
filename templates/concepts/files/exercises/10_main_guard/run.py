"""Exercise 10: why `if __name__ == "__main__":` matters for multiprocessing.

Runs no_guard.py and with_guard.py (read both first) in separate Python
processes and reports what happened. Both start their child with "spawn".
Each line prints "label: value". Predict the values in prediction.txt first.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_script(name):
    env = {k: v for k, v in os.environ.items() if k != "GUARD_DEMO_DEPTH"}
    proc = subprocess.run([sys.executable, str(HERE / name)], cwd=HERE, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = proc.stdout.splitlines()
    bodies = [line.split()[-1] for line in lines if line.startswith("body runs as ")]
    codes = [line.split()[-1] for line in lines if line.startswith("exit code ")]
    errors = re.findall(r"^(\w+Error)\b", proc.stderr, flags=re.MULTILINE)
    return {
        "bodies": ", ".join(bodies),
        "work": "child ran work()" in lines,
        "code": codes[0] if codes else "none",
        "error": errors[-1] if errors else "none",
        "stderr": proc.stderr,
    }


without = run_script("no_guard.py")
with_guard = run_script("with_guard.py")

print("without the guard, the body ran as:", without["bodies"])
print("without the guard, the child ran work():", without["work"])
print("without the guard, the child's exit code:", without["code"])
print("without the guard, the child failed with:", without["error"])
print("with the guard, the body ran as:", with_guard["bodies"])
print("with the guard, the child ran work():", with_guard["work"])
print("with the guard, the child's exit code:", with_guard["code"])
if "bootstrapping phase" in without["stderr"]:
    print("# the child's message: An attempt has been made to start a new process before "
          "the current process has finished its bootstrapping phase.")
