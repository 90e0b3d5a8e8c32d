"""A way to see whether a thread let go of the GIL, without fragile timing.

A helper thread waits at a gate, then counts in a pure-Python loop: every
step needs the GIL. The main thread opens the gate and at once runs the code
under test. If the helper counted while that code ran, the main thread let go
of the GIL during it.

With the switch interval raised to 10 s, no hand-over can happen because of
time within a fraction of a second, so any progress of the helper means the
main thread released the GIL by itself (a blocking call, or C code that
releases it).
"""

import sys
import threading

LONG = 10.0  # seconds: far longer than any code we test
BURST = 50_000  # the helper's steps; small, so it soon gives the GIL back by exiting


class Helper:
    def __init__(self):
        self.count = 0
        self.ready = threading.Event()
        self.gate = threading.Event()
        self.thread = threading.Thread(target=self._count, daemon=True)

    def _count(self):
        self.ready.set()
        self.gate.wait()
        for _ in range(BURST):
            self.count += 1


def steps_during(code, interval):
    """How many steps a ready pure-Python thread made while `code()` ran."""
    old = sys.getswitchinterval()
    helper = Helper()
    sys.setswitchinterval(interval)
    try:
        helper.thread.start()
        if not helper.ready.wait(30):
            raise RuntimeError("the helper thread did not start")
        helper.gate.set()  # from now on the helper wants the GIL
        before = helper.count
        code()
        after = helper.count
    finally:
        sys.setswitchinterval(old)
    helper.thread.join(30)
    return after - before


def ran_during(code, interval, tries=3):
    """True if the helper made progress while `code()` ran, in any of `tries` runs.

    A False answer means: in every run the helper made no step at all."""
    return any(steps_during(code, interval) > 0 for _ in range(tries))
