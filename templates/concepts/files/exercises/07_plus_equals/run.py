"""Exercise 07: is `counter += 1` safe with the GIL?

Each line prints "label: value". Predict the values in prediction.txt first.

A plain `counter += 1` loop rarely loses an update on CPython 3.10-3.13 (an
accident of when the interpreter checks for thread switches), so a quick
experiment proves nothing. Here the number's addition runs Python code, which
lets us pause every thread between its read and its write: the lost updates
are then certain, not a matter of luck.
"""

import dis
import threading
import time


class SlowNumber:
    """An int-like number whose `+` calls `pause()` before returning the sum."""

    def __init__(self, n, pause):
        self.n = n
        self.pause = pause

    def __add__(self, other):
        self.pause()  # we are between the read of counter and the write
        return SlowNumber(self.n + other, self.pause)


counter = None
lock = threading.Lock()


def bump():
    global counter
    counter += 1


def bump_with_lock():
    global counter
    with lock:
        counter += 1


def run_threads(target, threads, rounds, after_each=None):
    def work():
        for _ in range(rounds):
            target()
            if after_each is not None:
                after_each()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


ops = [ins.opname for ins in dis.get_instructions(bump)]
load, store = ops.index("LOAD_GLOBAL"), ops.index("STORE_GLOBAL")
print("bump() reads counter and writes it back in separate instructions:", store > load + 1)

# Every round: all 4 threads read the same value, meet at the barrier inside `+`,
# and all write back value + 1. The second barrier starts the next round together.
read_done = threading.Barrier(4, timeout=30)
write_done = threading.Barrier(4, timeout=30)
counter = SlowNumber(0, pause=read_done.wait)
run_threads(bump, threads=4, rounds=25, after_each=write_done.wait)
print("4 threads x 25 increments, all paused between read and write, no lock:", counter.n)

# time.sleep(0) inside `+` invites a thread switch at the worst moment, every time.
counter = SlowNumber(0, pause=lambda: time.sleep(0))
run_threads(bump_with_lock, threads=4, rounds=200)
print("4 threads x 200 increments, each one inside the lock:", counter.n)

print("# bytecode of bump():", ", ".join(ops))
