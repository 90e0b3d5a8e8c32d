"""Exercise 09: does a child process see and change the parent's globals?

Each line prints "label: value". Predict the values in prediction.txt first.
The child is started with "spawn" on every platform, so the answers are the
same on Linux, macOS and Windows (see the note for "fork").
"""

import multiprocessing as mp
import os
import sys

COUNTER = 0  # the value at module level
NAMES = []


def child(queue):
    """Runs in the child process: report what it sees, then change its globals."""
    global COUNTER
    seen = COUNTER
    COUNTER += 100
    NAMES.append("child")
    queue.put({
        "pid": os.getpid(),
        "seen": seen,
        "after": COUNTER,
        "names": list(NAMES),
        "main": sys.modules["__main__"].__name__,
    })


if __name__ == "__main__":
    COUNTER = 7  # the parent changes its global before starting the child
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=child, args=(queue,))
    process.start()
    got = queue.get(timeout=60)
    process.join(60)

    print("the child has another process id:", got["pid"] != os.getpid())
    print("COUNTER as the child first saw it:", got["seen"])
    print("COUNTER in the child after it added 100:", got["after"])
    print("NAMES in the child after it appended:", got["names"])
    print("COUNTER in the parent after the child finished:", COUNTER)
    print("NAMES in the parent after the child finished:", NAMES)
    print("the child imported this file as the module named:", got["main"])
    print("# default start method on this platform:", mp.get_start_method())
