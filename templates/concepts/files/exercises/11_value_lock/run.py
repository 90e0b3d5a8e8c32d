"""Exercise 11: `v.value += 1` on a multiprocessing.Value, which has a lock.

Each line prints "label: value". Predict the values in prediction.txt first.
Both children are started with "spawn" on every platform. They run exactly the
code people write, `v.value += 1` in a loop, starting together at a barrier.
Whether an update is lost depends on the two processes really running at the
same time, so the race is tried again with more increments (a few seconds at
most) until one is lost; on a machine too busy to run them side by side the
line says so instead of guessing.
"""

import multiprocessing as mp
import time

START = 20_000  # increments per process in the first try; doubled on each new try
TRIES = 4
LOCKED = 20_000


class RecordingLock:
    """Stands in for the Value's lock and writes down how it is used."""

    def __init__(self):
        self.events = []

    def acquire(self, *args):
        self.events.append("acquire")
        return True

    def release(self):
        self.events.append("release")


def child(value, n, use_get_lock, start):
    start.wait()  # both processes begin together
    if use_get_lock:
        for _ in range(n):
            with value.get_lock():  # one lock around read, add and write
                value.value += 1
    else:
        for _ in range(n):
            value.value += 1  # a locked read, then a locked write


def two_children(ctx, n, use_get_lock):
    value = ctx.Value("i", 0)
    start = ctx.Barrier(2, timeout=60)
    children = [ctx.Process(target=child, args=(value, n, use_get_lock, start))
                for _ in range(2)]
    for c in children:
        c.start()
    for c in children:
        c.join(120)
    return value.value


if __name__ == "__main__":
    recorder = RecordingLock()
    number = mp.Value("i", 0, lock=recorder)
    number.value += 1
    print("`v.value += 1` used the Value's lock as:", ", ".join(recorder.events))

    ctx = mp.get_context("spawn")
    deadline = time.monotonic() + 8
    for attempt in range(TRIES):
        n = START * 2 ** attempt
        got = two_children(ctx, n, use_get_lock=False)
        if got < 2 * n or time.monotonic() > deadline:
            break
    lost = "True" if got < 2 * n else "inconclusive (machine too busy)"
    print("2 processes doing `v.value += 1`, no get_lock(), lost updates:", lost)
    print(f"# that try: 2 x {n} increments gave {got} ({2 * n - got} lost)")

    locked = two_children(ctx, LOCKED, use_get_lock=True)
    print(f"2 processes x {LOCKED} increments inside get_lock():", locked)
