"""Checks for the note on thread safety (concepts/thread_safety.md).

    python concepts/checks/check_thread_safety.py             # every check
    python concepts/checks/check_thread_safety.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Nothing here depends on timing: the results are counts, which must be exact.
"""

import dis
import platform
import queue
import sys
import threading
import time

from _harness import Checks, Skip, expect

check = Checks()
THREADS, ITEMS = 4, 10_000


def in_threads(target, n=THREADS):
    errors = []

    def run(i):
        try:
            target(i)
        except Exception as exc:  # reported in the checking thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    expect(not errors, f"a thread failed: {errors[:1]}")


@check
def list_append_from_threads_loses_nothing():
    items = []
    in_threads(lambda i: [items.append((i, k)) for k in range(ITEMS)])
    expect(len(items) == THREADS * ITEMS, f"{THREADS * ITEMS - len(items)} appends were lost")
    expect(len(set(items)) == THREADS * ITEMS, "an item was appended twice")


@check
def dict_setitem_from_threads_loses_nothing():
    table = {}

    def fill(i):
        for k in range(ITEMS):
            table[(i, k)] = k

    in_threads(fill)
    expect(len(table) == THREADS * ITEMS, f"{THREADS * ITEMS - len(table)} keys are missing")


@check
def augmented_item_assignment_is_several_steps():
    if platform.python_implementation() != "CPython":
        raise Skip("bytecode is a CPython detail")

    def bump(d):
        d["k"] += 1

    ops = [i.opname for i in dis.get_instructions(bump)]
    expect("STORE_SUBSCR" in ops, f"no separate store instruction: {ops}")
    # The read (BINARY_SUBSCR; BINARY_OP from 3.14) and the add (INPLACE_ADD on 3.10,
    # BINARY_OP later) are instructions of their own, before the store.
    steps = [op for op in ops[:ops.index("STORE_SUBSCR")]
             if op in ("BINARY_SUBSCR", "BINARY_OP", "INPLACE_ADD")]
    expect(len(steps) >= 2,
           f"`d['k'] += 1` should read, add and store in separate instructions: {ops}")


@check
def queue_delivers_each_item_exactly_once():
    q = queue.Queue()
    got = []
    done = object()

    def produce(i):
        for k in range(ITEMS // 4):
            q.put((i, k))

    def consume():
        while True:
            item = q.get()
            if item is done:
                q.task_done()
                return
            got.append(item)
            q.task_done()

    consumers = [threading.Thread(target=consume) for _ in range(2)]
    for c in consumers:
        c.start()
    in_threads(produce)
    for _ in consumers:
        q.put(done)
    q.join()  # returns once every put item has been marked done
    for c in consumers:
        c.join(60)
    expected = THREADS * (ITEMS // 4)
    expect(len(got) == expected and len(set(got)) == expected,
           f"{len(got)} items received ({len(set(got))} distinct), {expected} sent")


@check
def queue_get_waits_and_bounded_put_refuses():
    q = queue.Queue(maxsize=2)
    start = time.perf_counter()
    try:
        q.get(timeout=0.05)
        expect(False, "get() on an empty queue returned something")
    except queue.Empty:
        waited = time.perf_counter() - start
    # A lower bound only: a busy machine can make the wait longer, never shorter.
    expect(waited >= 0.045, f"get(timeout=0.05) gave up after {waited:.3f} s")
    q.put_nowait(1)
    q.put_nowait(2)
    try:
        q.put_nowait(3)
        expect(False, "a third item went into a queue of maxsize 2")
    except queue.Full:
        pass


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
