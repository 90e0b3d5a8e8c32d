"""Checks for the note on the convoy effect (concepts/convoy.md).

    python concepts/checks/check_convoy.py             # every check
    python concepts/checks/check_convoy.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason``, ``SKIP name: reason``
or ``INCONCLUSIVE name: reason``. The exit status is 1 when a check fails.

An "I/O" thread naps 1 ms twenty times and records how late each nap ends. The
control is the same thread with nothing else running; the experiment adds a
pure-Python thread that spins without ever blocking. When even the control is
late (a busy machine), a missing delay proves nothing: INCONCLUSIVE, not FAIL.
"""

import platform
import statistics
import sys
import threading
import time

from _harness import Budget, Checks, Inconclusive, Skip, expect

check = Checks()
NAP = 0.001


def require_gil():
    if platform.python_implementation() != "CPython":
        raise Skip(f"{platform.python_implementation()} schedules its threads differently")
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None and not probe():
        raise Skip("the GIL is disabled here (free-threaded build): no convoy")


def nap_delay(naps=20):
    """Median lateness of a 1 ms nap, measured in a fresh thread (seconds)."""
    out = []

    def naps_in_thread():
        late = []
        for _ in range(naps):
            start = time.perf_counter()
            time.sleep(NAP)
            late.append(time.perf_counter() - start - NAP)
        out.append(statistics.median(late))

    t = threading.Thread(target=naps_in_thread)
    t.start()
    t.join(60)
    return out[0]


def nap_delay_beside_a_spinner(interval):
    """The same, while another thread spins in pure Python, with `interval` as the switch
    interval. Returns (median lateness, share of a CPU the spinner got meanwhile): a convoy
    needs a spinner that really runs, so a low share makes the run say nothing."""
    stop, running = threading.Event(), threading.Event()
    used = []

    def spin():
        n = 0
        while not running.is_set():
            n += 1
            if n == 1000:
                cpu0 = time.thread_time()
                running.set()
        while not stop.is_set():
            n += 1
        used.append(time.thread_time() - cpu0)

    old = sys.getswitchinterval()
    spinner = threading.Thread(target=spin)
    sys.setswitchinterval(interval)
    try:
        spinner.start()
        expect(running.wait(30), "the spinning thread did not start")
        wall0 = time.perf_counter()
        delay = nap_delay()
        stop.set()
        spinner.join(30)
        return delay, used[0] / (time.perf_counter() - wall0)
    finally:
        stop.set()
        spinner.join(30)
        sys.setswitchinterval(old)


_runs = {}
SPINNER_BUSY = 0.75  # below this share of a CPU the spinner was often not there to wait for


def measure():
    """Control and experiment, repeated until the convoy shows or the budget is spent."""
    if not _runs:
        for _ in Budget(3.0, max_attempts=4):
            alone = nap_delay()
            beside, share = nap_delay_beside_a_spinner(0.005)
            if beside >= 0.002 and alone < 0.001:
                break
        _runs.update(alone=alone, beside=beside, share=share)
    return _runs


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


@check
def io_thread_waits_for_a_cpu_thread():
    require_gil()
    run = measure()
    if run["beside"] >= 0.002 and run["alone"] < 0.001:
        return
    if run["alone"] >= 0.001:
        raise Inconclusive(f"even alone a 1 ms nap ended {ms(run['alone'])} late")
    if run["share"] < SPINNER_BUSY or run["beside"] >= 0.001:
        raise Inconclusive(f"beside the spinner a nap ended {ms(run['beside'])} late and the "
                           f"spinning thread got {run['share']:.0%} of a CPU: not clear either way")
    raise AssertionError(f"beside a spinning thread a 1 ms nap ended only {ms(run['beside'])} "
                         f"late (alone: {ms(run['alone'])}); expected about the 5 ms switch "
                         "interval")


@check
def shorter_switch_interval_shortens_the_wait():
    require_gil()
    run = measure()
    if not (run["beside"] >= 0.002 and run["alone"] < 0.001):
        raise Inconclusive("the convoy itself did not show in this run")
    for _ in Budget(2.0, max_attempts=3):
        short, share = nap_delay_beside_a_spinner(0.0005)
        if short < run["beside"] / 2:
            return
    alone = nap_delay()
    if alone >= 0.001 or share < SPINNER_BUSY:
        raise Inconclusive(f"alone a 1 ms nap now ends {ms(alone)} late and the spinner got "
                           f"{share:.0%} of a CPU")
    raise AssertionError(f"with a 0.5 ms switch interval the nap was still {ms(short)} late "
                         f"(5 ms interval: {ms(run['beside'])})")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
