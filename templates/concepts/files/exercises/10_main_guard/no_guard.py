"""Starts a child process WITHOUT the `if __name__ == "__main__":` guard.

run.py runs this file in a subprocess; you may also run it yourself.
"""

import multiprocessing as mp
import os
import sys

# A safety belt for this demonstration only: never let the body run deeper than
# the child (multiprocessing already stops it, this makes sure).
depth = int(os.environ.get("GUARD_DEMO_DEPTH", "0"))
if depth >= 2:
    sys.exit("stopped: the body ran in a grandchild")
os.environ["GUARD_DEMO_DEPTH"] = str(depth + 1)

print("body runs as", __name__, flush=True)


def work():
    print("child ran work()", flush=True)


# No guard: this code also runs when the spawned child imports this file.
process = mp.get_context("spawn").Process(target=work)
process.start()
process.join(60)
print("exit code", process.exitcode, flush=True)
