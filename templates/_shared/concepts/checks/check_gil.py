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

Never crying wolf: a claim that needs time (a hand-over, an overlap, a race)
is measured against a control in the same run and repeated, each time a little
longer, within a few seconds. When even the control shows that this process
hardly got a CPU (a busy machine), the check ends INCONCLUSIVE, never FAIL.
"""

import ast
import dis
import hashlib
import itertools
import mmap
import multiprocessing
import os
import platform
import sys
import sysconfig
import tempfile
import threading
import time

from _harness import Budget, Checks, Inconclusive, Skip, expect

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


def cpu_share(seconds=0.05):
    """The control for timing checks: the share of one CPU this thread got while it spun
    for `seconds` of wall time (about 1.0 on an idle machine, far less when starved)."""
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    while time.perf_counter() - wall0 < seconds:
        pass
    return (time.thread_time() - cpu0) / (time.perf_counter() - wall0)


BUSY = 0.5  # below this share of a CPU the machine is too busy to tell


def releases_gil(make_code, budget=3.0):
    """True if the probe made progress while the code ran. `make_code(attempt)` returns the
    code of each attempt (longer ones later). One attempt with progress is proof. None: no
    progress, but the machine was too busy for that to mean anything."""
    for attempt in Budget(budget):
        if probe_counts_during(make_code(attempt), LONG_INTERVAL) > 0:
            return True
    return False if cpu_share() >= BUSY else None


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
    share = 1.0
    for attempt in Budget(2.5):
        seconds = 0.1 * 2 ** attempt
        cpu0 = time.thread_time()
        counts = probe_counts_during(pure_python_loop(seconds), 0.005)
        share = (time.thread_time() - cpu0) / seconds
        if counts > 0:
            return
    if share < BUSY:
        raise Inconclusive(f"a waiting thread never ran, but this thread itself got only "
                           f"{share:.0%} of a CPU during the loop")
    raise AssertionError("a waiting thread never ran during pure-Python loops of up to "
                         f"{seconds:.1f} s with the 5 ms switch interval")


def verdict(released, what):
    if released is None:
        raise Inconclusive(f"no other thread ran while {what}, but this process hardly got "
                           "a CPU")
    expect(released, f"no other thread ran while {what}, although no timeout could hand over")


@check
def blocking_call_releases_gil():
    require_gil()
    released = releases_gil(lambda attempt: lambda: time.sleep(0.05 * 2 ** attempt))
    verdict(released, "this one slept")


@check
def c_code_may_release_gil():
    require_gil()
    numbers = range(1_000_000)
    held = probe_counts_during(lambda: sum(numbers), LONG_INTERVAL)
    expect(held == 0, f"another thread ran {held} times during sum(), which keeps the GIL")
    data = bytes(16 * 1024 * 1024)
    verdict(releases_gil(lambda attempt: lambda: [hashlib.sha256(data).digest()
                                                   for _ in range(2 ** attempt)]),
            "hashlib hashed 16 MiB")


@check
def numpy_may_release_gil():
    try:
        import numpy
    except ImportError:
        raise Skip("numpy is not installed in this environment") from None
    require_gil()
    values = numpy.random.default_rng(0).random(500_000)
    verdict(releases_gil(lambda attempt: lambda: [numpy.sort(values)
                                                   for _ in range(2 ** attempt)]),
            "numpy.sort() sorted 500 000 floats")


def sleepers(n, seconds):
    """`n` threads each sleep `seconds`; returns the (start, end) of every sleep."""
    spans = []

    def sleeper():
        start = time.perf_counter()
        time.sleep(seconds)
        spans.append((start, time.perf_counter()))

    threads = [threading.Thread(target=sleeper) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return spans


@check
def io_bound_threads_overlap():
    # Overlap means one instant at which all 4 threads were asleep: the last one fell asleep
    # before the first one woke up. If the threads were slow to start (a busy machine), the
    # sleeps get longer; the control is how much CPU this thread gets.
    for attempt in Budget(3.0, max_attempts=4):
        seconds = 0.2 * 2 ** attempt
        spans = sleepers(4, seconds)
        last_asleep = max(start for start, _ in spans)
        first_awake = min(end for _, end in spans)
        if last_asleep < first_awake:
            return
    if cpu_share() < BUSY:
        raise Inconclusive(f"the 4 sleeps of {seconds:.1f} s did not overlap, but this "
                           "process hardly got a CPU to start the threads")
    raise AssertionError(f"4 threads sleeping {seconds:.1f} s never slept at the same time: "
                         f"the last fell asleep {last_asleep - first_awake:.2f} s after the "
                         "first woke up")


def spin(n):
    i = 0
    while i < n:
        i += 1


def spin_cpu(n):
    """Spin; return the CPU time it took (runs in a thread or in a pool process)."""
    cpu0 = time.thread_time()
    spin(n)
    return time.thread_time() - cpu0


def cores_used_by_threads(n):
    threads = [threading.Thread(target=spin, args=(n,)) for _ in range(2)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (time.process_time() - cpu0) / (time.perf_counter() - wall0)


def cores_used_by_processes(pool, n):
    wall0 = time.perf_counter()
    cpu = sum(pool.map(spin_cpu, [n, n]))
    return cpu / (time.perf_counter() - wall0)


@check
def cpu_threads_vs_processes():
    if not IS_CPYTHON:
        raise Skip(f"{platform.python_implementation()} schedules its threads differently")
    if (os.cpu_count() or 1) < 2:
        raise Skip("one CPU: neither threads nor processes can run two at a time")
    gil = gil_enabled()
    # About 0.04 s of spinning per worker on this machine.
    cpu0 = time.thread_time()
    spin(100_000)
    n = int(100_000 * 0.04 / max(time.thread_time() - cpu0, 1e-4))
    ctx = multiprocessing.get_context()
    with ctx.Pool(2) as pool:
        pool.map(spin, [1, 1])  # both workers are up before anything is timed
        for _ in Budget(0.3, max_attempts=2):
            by_threads = cores_used_by_threads(n)
            by_processes = cores_used_by_processes(pool, n)
            if by_processes >= 1.5:
                break
    if by_processes < 1.5:
        raise Inconclusive(f"two processes used only {by_processes:.2f} cores, so this "
                           "machine could not show two threads at once either")
    if gil:
        expect(by_threads < 1.3, f"two pure-Python threads used {by_threads:.2f} cores "
                                 f"(two processes: {by_processes:.2f})")
    else:
        expect(by_threads >= 1.5, f"without the GIL two threads used only {by_threads:.2f} "
                                  f"cores (two processes: {by_processes:.2f})")


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


class Account:
    """A balance behind a property, as real code has it (say, to validate the setter).
    The property's getter and setter are Python functions: the interpreter may switch
    threads when it enters one, so between the read and the write of `+=`."""

    def __init__(self):
        self._balance = 0

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        self._balance = value


def deposit_race(threads_n, n, lock=None):
    """`threads_n` threads each do `account.balance += 1` n times, with the default switch
    interval. Returns (lost updates, thread switches seen)."""
    account = Account()
    order = []  # which thread did each increment, to count the switches between them
    start = threading.Barrier(threads_n, timeout=30)

    def work():
        me = threading.get_ident()
        note = order.append
        start.wait()
        for _ in range(n):
            if lock is None:
                account.balance += 1
            else:
                with lock:
                    account.balance += 1
            note(me)

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
    return threads_n * n - account.balance, switches


_race = {}


def race_with_control():
    """The unlocked race, repeated with more increments until an update is lost, a clear
    number of thread switches lost none, or the budget is spent. Run once per script."""
    if not _race:
        for attempt in Budget(3.0):
            n = 10_000 * 2 ** attempt
            lost, switches = deposit_race(4, n)
            if lost or switches >= 50:
                break
        _race.update(n=n, lost=lost, switches=switches)
    return _race


@check
def plus_equals_loses_updates():
    if not IS_CPYTHON:
        raise Skip("when threads switch is a CPython detail")
    race = race_with_control()
    if race["lost"]:
        return
    if race["switches"] < 50:
        raise Inconclusive(f"no update lost in 4 x {race['n']} increments, but the threads "
                           f"switched only {race['switches']} times")
    raise AssertionError(f"the threads switched {race['switches']} times and not one of "
                         f"4 x {race['n']} `+=` updates was lost")


@check
def lock_makes_plus_equals_exact():
    if not IS_CPYTHON:
        raise Skip("when threads switch is a CPython detail")
    race = race_with_control()
    lost, _ = deposit_race(4, race["n"], lock=threading.Lock())
    expect(lost == 0, f"{lost} of 4 x {race['n']} increments were lost inside the lock")
    if not race["lost"]:
        raise Inconclusive("the same increments without the lock lost nothing either, so "
                           "this run does not show what the lock prevents")


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


COUNTING_CODE = """
import mmap
with open(PATH, "r+b") as f:
    shared = mmap.mmap(f.fileno(), 16)
n = 0
while shared[8] == 0:  # byte 8 is the stop flag
    n += 1
    shared[0:8] = n.to_bytes(8, "little")
shared.close()
"""


def own_gil_interpreter():
    """(create, run, destroy) for a subinterpreter with its own GIL, or None."""
    try:
        from concurrent import interpreters  # 3.14+: own GIL by default
    except ImportError:
        pass
    else:
        return (interpreters.create, lambda interp, code: interp.exec(code),
                lambda interp: interp.close())
    try:
        import _interpreters as low  # 3.13

        create = lambda: low.create("isolated")  # noqa: E731
    except ImportError:
        try:
            import _xxsubinterpreters as low  # 3.12
        except ImportError:
            return None
        create = lambda: low.create(isolated=True)  # noqa: E731
    return create, low.run_string, low.destroy


def read_counter(shared):
    return int.from_bytes(shared[0:8], "little")


def counter_progress_while_holding_gil(run_counter, gated, seconds=0.1):
    """Run `run_counter(path, gate)` in a thread of this interpreter; it counts into a shared
    mmap'd file. Then hold this interpreter's GIL (a pure-Python loop with a 10 s switch
    interval) and return (how far the counter moved meanwhile, how far it moved in the
    second after). A `gated` counter waits for `gate` (set once the long interval is in
    place); an ungated one is waited for until it counts."""
    fd, path = tempfile.mkstemp(prefix="concepts_gil_")
    os.write(fd, bytes(16))
    os.close(fd)
    errors = []
    gate = threading.Event()

    def runner():
        try:
            run_counter(path, gate)
        except Exception as exc:  # reported below
            errors.append(exc)

    with open(path, "r+b") as f:
        shared = mmap.mmap(f.fileno(), 16)
    thread = threading.Thread(target=runner, daemon=True)
    old = sys.getswitchinterval()
    try:
        thread.start()
        if not gated:
            deadline = time.monotonic() + 30
            while not read_counter(shared) and not errors and time.monotonic() < deadline:
                time.sleep(0.001)
            if errors or not read_counter(shared):
                raise Skip(f"the counter did not start: {errors[:1] or 'timed out'}")
        sys.setswitchinterval(LONG_INTERVAL)
        gate.set()
        # From here until `after`, this thread never lets go of this interpreter's GIL.
        before = read_counter(shared)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass
        after = read_counter(shared)
        sys.setswitchinterval(old)
        deadline = time.monotonic() + 30
        while read_counter(shared) == after and not errors and time.monotonic() < deadline:
            time.sleep(0.001)  # lets go of the GIL: the counter must move now
        later = read_counter(shared)
    finally:
        sys.setswitchinterval(old)
        shared[8] = 1
        thread.join(30)
        shared.close()
        os.unlink(path)
    expect(not errors, f"the counter failed: {errors[:1]}")
    return after - before, later - after


@check
def per_interpreter_gil_from_312():
    require_gil()
    if sys.version_info < (3, 12):
        raise Skip("a GIL per interpreter arrived in 3.12 (PEP 684)")
    api = own_gil_interpreter()
    if api is None:
        raise Skip("this interpreter has no subinterpreter module")
    create, run, destroy = api

    def in_subinterpreter(path, gate):
        interp = create()
        try:
            run(interp, f"PATH = {path!r}\n" + COUNTING_CODE)
        finally:
            destroy(interp)

    def in_this_interpreter(path, gate):
        gate.wait()
        exec(f"PATH = {path!r}\n" + COUNTING_CODE, {})

    # The control: a thread of this interpreter counts only once we let go of the GIL.
    during, after = counter_progress_while_holding_gil(in_this_interpreter, gated=True)
    expect(during == 0, f"a thread of this interpreter counted {during} times while we "
                        "held its GIL")
    expect(after > 0, "the control thread never counted, even after we let go of the GIL")
    for attempt in Budget(3.0, max_attempts=4):
        seconds = 0.1 * 2 ** attempt
        during, _ = counter_progress_while_holding_gil(in_subinterpreter, gated=False,
                                                       seconds=seconds)
        if during > 0:
            return
    if cpu_share() < BUSY:
        raise Inconclusive("the subinterpreter's thread made no progress, but this process "
                           "hardly got a CPU")
    raise AssertionError(f"a subinterpreter with its own GIL made no progress while this "
                         f"interpreter held its GIL for {seconds:.1f} s")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
