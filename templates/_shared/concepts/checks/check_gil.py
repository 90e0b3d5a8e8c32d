"""Checks for the note on the GIL (concepts/gil.md).

    python concepts/checks/check_gil.py             # every check
    python concepts/checks/check_gil.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

How the GIL is observed without fragile timing: a "probe" thread waits at a
gate and then counts in a pure-Python loop. The main thread opens the gate and
immediately runs the code under test. The probe needs the GIL for every count,
so the number of counts it makes while that code runs tells whether the main
thread let go of the GIL. With the switch interval raised to 10 s, the only
way for the probe to run within a second is that the main thread releases the
GIL by itself (a blocking call, or C code that releases it).
Statements about speed are only checked on a CPython with the GIL enabled.
"""

import ast
import dis
import hashlib
import os
import platform
import sys
import sysconfig
import tempfile
import threading
import time

from _harness import Checks, Skip, expect

check = Checks()

IS_CPYTHON = platform.python_implementation() == "CPython"
FREE_THREADED_BUILD = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
LONG_INTERVAL = 10.0  # seconds: longer than any check, so no timeout hand-over happens


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)  # added in 3.13
    return True if probe is None else bool(probe())


def require_gil():
    if not IS_CPYTHON:
        raise Skip(f"{platform.python_implementation()} schedules its threads differently; "
                   "these checks describe CPython")
    if not gil_enabled():
        raise Skip("the GIL is disabled here (free-threaded build): threads run in parallel")


class Probe:
    """A thread that waits at a gate, then counts in pure Python for a short burst."""

    BURST = 50_000

    def __init__(self):
        self.count = 0
        self.ready = threading.Event()
        self.gate = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        self.ready.set()
        self.gate.wait()
        for _ in range(self.BURST):
            self.count += 1


def probe_counts_during(code, interval):
    """How many counts a waiting pure-Python thread makes while `code()` runs."""
    old = sys.getswitchinterval()
    probe = Probe()
    sys.setswitchinterval(interval)
    try:
        probe.thread.start()
        expect(probe.ready.wait(30), "the probe thread did not start")
        probe.gate.set()  # from here on the probe wants the GIL
        before = probe.count
        code()
        after = probe.count
    finally:
        sys.setswitchinterval(old)
    probe.thread.join(30)
    expect(not probe.thread.is_alive(), "the probe thread did not finish")
    return after - before


def pure_python_loop(seconds):
    def loop():
        end = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < end:
            n += 1

    return loop


def releases_gil(code, tries=3):
    """True if the probe made progress while `code` ran (any try is proof enough)."""
    return any(probe_counts_during(code, LONG_INTERVAL) > 0 for _ in range(tries))


# --- checks ------------------------------------------------------------------


@check
def gil_status_is_reported():
    config = sysconfig.get_config_var("Py_GIL_DISABLED")
    if IS_CPYTHON and sys.version_info >= (3, 13):
        expect(hasattr(sys, "_is_gil_enabled"), "3.13+ should have sys._is_gil_enabled()")
        expect(config in (0, 1), f"Py_GIL_DISABLED should be 0 or 1 on 3.13+, got {config!r}")
        if not config:
            expect(sys._is_gil_enabled(), "a default (non free-threaded) build runs without GIL?")
    else:
        expect(not config, f"Py_GIL_DISABLED is {config!r} before 3.13 / outside CPython")
        expect(gil_enabled(), "sys._is_gil_enabled() reports no GIL on a build that has one")


@check
def switch_interval_is_5ms():
    expect(sys.getswitchinterval() == 0.005,
           f"default switch interval is {sys.getswitchinterval()} s, not 0.005 s")
    old = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.001)
        expect(sys.getswitchinterval() == 0.001, "setswitchinterval(0.001) did not take effect")
    finally:
        sys.setswitchinterval(old)


@check
def one_thread_at_a_time():
    require_gil()
    counts = probe_counts_during(pure_python_loop(0.1), LONG_INTERVAL)
    expect(counts == 0, f"another thread ran Python code {counts} times while this one "
                        "held the GIL")


@check
def handover_after_switch_interval():
    require_gil()
    counts = probe_counts_during(pure_python_loop(0.1), 0.005)
    expect(counts > 0, "a waiting thread never ran during a 100 ms pure-Python loop "
                       "with the 5 ms switch interval")


@check
def blocking_call_releases_gil():
    require_gil()
    expect(releases_gil(lambda: time.sleep(0.05)),
           "no other thread ran while this one slept, although no timeout could hand over")


@check
def c_code_may_release_gil():
    require_gil()
    numbers = range(1_000_000)
    held = probe_counts_during(lambda: sum(numbers), LONG_INTERVAL)
    expect(held == 0, f"another thread ran {held} times during sum(), which keeps the GIL")
    data = bytes(16 * 1024 * 1024)
    expect(releases_gil(lambda: hashlib.sha256(data).digest()),
           "no other thread ran while hashlib hashed 16 MiB")


@check
def numpy_may_release_gil():
    try:
        import numpy
    except ImportError:
        raise Skip("numpy is not installed in this environment") from None
    require_gil()
    values = numpy.random.default_rng(0).random(500_000)
    expect(releases_gil(lambda: numpy.sort(values)),
           "no other thread ran while numpy.sort() sorted 500 000 floats")


@check
def io_bound_threads_overlap():
    threads = [threading.Thread(target=time.sleep, args=(0.2,)) for _ in range(4)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    expect(elapsed < 0.6, f"4 threads sleeping 0.2 s each took {elapsed:.2f} s "
                          "(0.8 s if they ran one after another)")


def spin(n):
    i = 0
    while i < n:
        i += 1


@check
def cpu_bound_threads_use_one_core():
    require_gil()
    threads = [threading.Thread(target=spin, args=(500_000,)) for _ in range(2)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cores = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    expect(cores < 1.3, f"two pure-Python threads used {cores:.2f} cores (CPU time / wall time)")


def _plus_equals():
    global _total
    _total += 1


_total = 0


@check
def plus_equals_is_not_atomic():
    if not IS_CPYTHON:
        raise Skip("bytecode is a CPython detail")
    ops = [i.opname for i in dis.get_instructions(_plus_equals)]
    expect("LOAD_GLOBAL" in ops and "STORE_GLOBAL" in ops, f"unexpected bytecode {ops}")
    load, store = ops.index("LOAD_GLOBAL"), ops.index("STORE_GLOBAL")
    between = ops[load + 1:store]
    expect(any(op in ("INPLACE_ADD", "BINARY_OP") for op in between),
           f"no separate add instruction between load and store: {between}")


class Counter:
    """An int-like value whose addition runs Python code, so a thread can be paused in
    the middle of `counter += 1` (after the read, before the write)."""

    def __init__(self, n, pause=None):
        self.n = n
        self.pause = pause

    def __add__(self, other):
        if self.pause is not None:
            self.pause()
        return Counter(self.n + other, self.pause)


@check
def plus_equals_loses_updates():
    threads_n, rounds = 4, 25
    read_done = threading.Barrier(threads_n, timeout=30)
    write_done = threading.Barrier(threads_n, timeout=30)
    state = {"counter": Counter(0, pause=read_done.wait)}

    def worker():
        for _ in range(rounds):
            state["counter"] += 1  # read, add (all threads meet here), write
            write_done.wait()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    got = state["counter"].n
    expect(got == rounds, f"expected exactly {rounds} (one update per round survives), got {got}"
                          f" of {threads_n * rounds} increments")


@check
def lock_makes_plus_equals_exact():
    threads_n, rounds = 4, 200
    lock = threading.Lock()
    # time.sleep(0) inside the addition invites a thread switch between read and write.
    state = {"counter": Counter(0, pause=lambda: time.sleep(0))}

    def worker():
        for _ in range(rounds):
            with lock:
                state["counter"] += 1

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    got = state["counter"].n
    expect(got == threads_n * rounds, f"expected {threads_n * rounds}, got {got}")


SUBINTERPRETER_CODE = """
import sys
shared = sys.modules.get("__main__")
with open(OUT, "w") as f:
    f.write(repr((id(sys.modules), "MAIN_ONLY" in vars(shared) if shared else False)))
"""


@check
def subinterpreters_are_isolated():
    run = None
    try:
        from concurrent import interpreters  # public API, 3.14+

        def run(code):
            interp = interpreters.create()
            try:
                interp.exec(code)
            finally:
                interp.close()
    except ImportError:
        for name in ("_interpreters", "_xxsubinterpreters"):  # private, 3.10-3.13
            try:
                low = __import__(name)
            except ImportError:
                continue

            def run(code, low=low):
                iid = low.create()
                try:
                    low.run_string(iid, code)
                finally:
                    low.destroy(iid)
            break
    if run is None:
        raise Skip("this interpreter has no subinterpreter module")
    sys.modules["__main__"].MAIN_ONLY = True
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        try:
            run(f"OUT = {out!r}\n" + SUBINTERPRETER_CODE)
        except Exception as exc:  # an API we could not drive proves nothing either way
            raise Skip(f"could not run code in a subinterpreter: "
                       f"{type(exc).__name__}: {exc}") from None
        if not os.path.exists(out):
            raise Skip("the code run in the subinterpreter reported nothing")
        with open(out, encoding="utf-8") as f:
            modules_id, sees_main_global = ast.literal_eval(f.read())
    expect(modules_id != id(sys.modules), "the subinterpreter shares our sys.modules")
    expect(not sees_main_global, "the subinterpreter sees a global of our __main__")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
