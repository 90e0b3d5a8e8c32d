"""Exercise 11: `v.value += 1` on a multiprocessing.Value, which has a lock.

Each line prints "label: value". Predict the values in prediction.txt first.
Both children are started with "spawn" on every platform. As in exercise 07,
barriers force the two processes to read before either writes, so the lost
updates are certain rather than a matter of timing.
"""

import multiprocessing as mp

ROUNDS = 20
INCREMENTS = 2000


class RecordingLock:
    """Stands in for the Value's lock and writes down how it is used."""

    def __init__(self):
        self.events = []

    def acquire(self, *args):
        self.events.append("acquire")
        return True

    def release(self):
        self.events.append("release")


def child(raced, locked, barrier):
    for _ in range(ROUNDS):
        current = raced.value  # a read, under the Value's lock
        barrier.wait()  # both processes have read the same number
        raced.value = current + 1  # a write, under the Value's lock
        barrier.wait()
    for _ in range(INCREMENTS):
        with locked.get_lock():  # one lock around read, add and write
            locked.value += 1


if __name__ == "__main__":
    recorder = RecordingLock()
    number = mp.Value("i", 0, lock=recorder)
    number.value += 1
    print("`v.value += 1` used the Value's lock as:", ", ".join(recorder.events))

    ctx = mp.get_context("spawn")
    raced, locked = ctx.Value("i", 0), ctx.Value("i", 0)
    barrier = ctx.Barrier(2, timeout=60)
    children = [ctx.Process(target=child, args=(raced, locked, barrier)) for _ in range(2)]
    for c in children:
        c.start()
    for c in children:
        c.join(120)

    print(f"2 processes x {ROUNDS} rounds of read, wait, write back + 1:", raced.value)
    print(f"2 processes x {INCREMENTS} increments inside get_lock():", locked.value)
