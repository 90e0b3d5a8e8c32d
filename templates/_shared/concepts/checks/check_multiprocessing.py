"""Checks for the note on multiprocessing (concepts/multiprocessing.md).

    python concepts/checks/check_multiprocessing.py             # every check
    python concepts/checks/check_multiprocessing.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason`` or
``SKIP name: reason``. The exit status is 1 when a check fails.

Child processes started with "spawn" or "forkserver" import this file again
(as ``__mp_main__``), so everything that starts processes sits under the
``if __name__ == "__main__":`` guard at the bottom, and every function a child
runs is defined at module level (it must be picklable by name).
"""

import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from multiprocessing import shared_memory

from _harness import Budget, Checks, Inconclusive, Skip, expect

check = Checks()
TIMEOUT = 60  # seconds for any single wait on a child; a hang becomes a FAIL, not a freeze

COUNTER = 0  # module-level value; the parent changes it to 7 before starting children


# --- code that runs in child processes (module level, so it can be pickled) ---


def report_and_change(queue):
    """Report what this child sees, then change its own copy of COUNTER."""
    global COUNTER
    seen = COUNTER
    COUNTER += 100
    main_name = sys.modules["__main__"].__name__
    queue.put((os.getpid(), seen, COUNTER, main_name))


def increment(value, n, locked, start, results):
    """`value.value += 1` n times (inside get_lock() when `locked`), after all processes meet
    at `start`; reports when it ran and how much CPU it used."""
    start.wait()
    t0, cpu0 = time.monotonic(), time.process_time()
    if locked:
        for _ in range(n):
            with value.get_lock():
                value.value += 1
    else:
        for _ in range(n):
            value.value += 1
    results.put((t0, time.monotonic(), time.process_time() - cpu0))


def share_back(queue, conn, number, array, mapping, shm_name):
    report_and_change(queue)
    queue.put("sent through a Queue")
    conn.send("sent through a Pipe")
    conn.close()
    with number.get_lock():
        number.value = 42
    with array.get_lock():
        array[0] = 99
    mapping["child"] = "written through a Manager"
    shm = shared_memory.SharedMemory(name=shm_name)
    shm.buf[:5] = b"HELLO"
    shm.close()


# --- helpers -------------------------------------------------------------------

_cache = {}


def once(func):
    """Run an expensive experiment once; several checks assert parts of its result."""

    def wrapper(*args):
        key = (func.__name__, *args)
        if key not in _cache:
            try:
                _cache[key] = ("ok", func(*args))
            except Exception as exc:
                _cache[key] = ("error", exc)
        kind, value = _cache[key]
        if kind == "error":
            raise value
        return value

    return wrapper


def expected_default_method():
    if sys.platform == "win32":
        return "spawn"
    if sys.platform == "darwin":
        return "spawn"  # since 3.8
    # Every other POSIX platform: fork up to 3.13, forkserver from 3.14 (What's New 3.14).
    return "forkserver" if sys.version_info >= (3, 14) else "fork"


def usable_methods():
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "darwin":  # fork is available there but documented as unsafe
        methods = [m for m in methods if m != "fork"]
    return methods


@once
def child_run(method):
    """Start one child with `method`; it reports what it saw and writes through every
    sharing primitive. Returns everything the parent got back."""
    if method not in usable_methods():
        raise Skip(f"start method {method!r} is not used on {sys.platform}")
    ctx = multiprocessing.get_context(method)
    queue = ctx.Queue()
    parent_conn, child_conn = ctx.Pipe()
    number = ctx.Value("i", 0)
    array = ctx.Array("i", [0, 0, 0])
    with multiprocessing.Manager() as manager:
        mapping = manager.dict()
        shm = shared_memory.SharedMemory(create=True, size=16)
        try:
            proc = ctx.Process(target=share_back,
                               args=(queue, child_conn, number, array, mapping, shm.name))
            proc.start()
            try:
                pid, seen, after, main_name = queue.get(timeout=TIMEOUT)
                got_queue = queue.get(timeout=TIMEOUT)
                got_pipe = parent_conn.recv() if parent_conn.poll(TIMEOUT) else None
            finally:
                proc.join(TIMEOUT)
            expect(proc.exitcode == 0, f"the {method} child exited with {proc.exitcode}")
            return {
                "pid": pid,
                "seen": seen,
                "after": after,
                "main_name": main_name,
                "queue": got_queue,
                "pipe": got_pipe,
                "value": number.value,
                "array": list(array),
                "manager": dict(mapping),
                "shared_memory": bytes(shm.buf[:5]),
            }
        finally:
            shm.close()
            shm.unlink()


def separate_memory(method):
    got = child_run(method)
    expect(got["pid"] != os.getpid(), "the child has the parent's process id")
    expect(got["after"] == got["seen"] + 100, "the child could not change its own COUNTER")
    expect(COUNTER == 7, f"the parent's COUNTER changed to {COUNTER}")
    if method == "fork":
        expect(got["seen"] == 7, f"a forked child should start with the parent's 7, "
                                 f"saw {got['seen']}")
        expect(got["main_name"] == "__main__", f"forked child runs main as {got['main_name']!r}")
    else:
        expect(got["seen"] == 0, f"a {method} child should re-import the module "
                                 f"(COUNTER = 0), saw {got['seen']}")
        expect(got["main_name"] == "__mp_main__",
               f"the main module was imported as {got['main_name']!r}, not '__mp_main__'")


EXPECTED_SHARING = {
    "queue": "sent through a Queue",
    "pipe": "sent through a Pipe",
    "value": 42,
    "array": [99, 0, 0],
    "manager": {"child": "written through a Manager"},
    "shared_memory": b"HELLO",
}


def sharing(method):
    got = child_run(method)
    wrong = {k: got[k] for k, v in EXPECTED_SHARING.items() if got[k] != v}
    expect(not wrong, f"the parent did not receive the child's data: {wrong}")


NO_GUARD_SCRIPT = """
import multiprocessing
import os
import sys

# Safety belt for this demonstration only: never let the body run in a grandchild.
depth = int(os.environ.get("CONCEPTS_NO_GUARD_DEPTH", "0"))
if depth >= 2:
    sys.exit("too deep")
os.environ["CONCEPTS_NO_GUARD_DEPTH"] = str(depth + 1)

print("body runs as", __name__, flush=True)


def work():
    print("child ran work()", flush=True)


# No `if __name__ == "__main__":` guard around the code below.
for method in METHODS:
    p = multiprocessing.get_context(method).Process(target=work)
    p.start()
    p.join(30)
    print(method, "exit code", p.exitcode, flush=True)
"""


_no_guard = {}


def no_guard_start():
    """Start the guard-less demonstration script in the background (it runs while the other
    checks do); no_guard_run() collects its output."""
    if _no_guard:
        return
    methods = ["spawn"] + (["fork"] if "fork" in usable_methods() else [])
    tmp = tempfile.TemporaryDirectory(prefix="concepts_mp_")
    path = os.path.join(tmp.name, "no_guard.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"METHODS = {methods!r}\n" + NO_GUARD_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "CONCEPTS_NO_GUARD_DEPTH"}
    # -S (no site import) only makes start-up faster; spawn children inherit it.
    proc = subprocess.Popen([sys.executable, "-S", path], cwd=tmp.name, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _no_guard.update(proc=proc, tmp=tmp)


@once
def no_guard_run():
    no_guard_start()
    proc = _no_guard["proc"]
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"the script did not finish within {TIMEOUT} s") from None
    finally:
        _no_guard["tmp"].cleanup()
    return out.splitlines(), err


def increments(ctx, n, locked):
    """Two processes do `v.value += 1` n times each on one Value. Returns (lost updates,
    cores used while they ran: about 2 when they really ran at the same time)."""
    value, results = ctx.Value("i", 0), ctx.Queue()
    start = ctx.Barrier(2, timeout=TIMEOUT)
    procs = [ctx.Process(target=increment, args=(value, n, locked, start, results))
             for _ in range(2)]
    for p in procs:
        p.start()
    try:
        got = [results.get(timeout=TIMEOUT) for _ in procs]
    finally:
        for p in procs:
            p.join(TIMEOUT)
            if p.is_alive():
                p.terminate()
                p.join(5)
    codes = [p.exitcode for p in procs]
    expect(codes == [0, 0], f"child exit codes {codes}")
    wall = max(g[1] for g in got) - min(g[0] for g in got)
    return 2 * n - value.value, sum(g[2] for g in got) / max(wall, 1e-6)


@once
def value_race_run():
    """The unlocked race, with more increments each time, until an update is lost or the
    budget is spent. Returns (n, lost, cores) of the last attempt."""
    ctx = multiprocessing.get_context()
    for attempt in Budget(4.0, max_attempts=4):
        n = 20_000 * 2 ** attempt
        lost, cores = increments(ctx, n, locked=False)
        if lost:
            break
    return n, lost, cores


# --- checks ----------------------------------------------------------------------
# --- checks ----------------------------------------------------------------------


@check
def default_start_method():
    expected = expected_default_method()
    if platform.python_implementation() != "CPython":
        raise Skip(f"no documented default for {platform.python_implementation()}")
    got = multiprocessing.get_start_method()
    expect(got == expected, f"default is {got!r}, expected {expected!r} for "
                            f"{sys.platform} / Python {sys.version_info[0]}.{sys.version_info[1]}")


@check
def separate_memory_default():
    separate_memory(multiprocessing.get_start_method())


@check
def separate_memory_spawn():
    separate_memory("spawn")


@check
def separate_memory_fork():
    separate_memory("fork")


@check
def separate_memory_forkserver():
    separate_memory("forkserver")


@check
def sharing_primitives_forkserver():
    sharing("forkserver")


FORK_WITH_A_THREAD = """
import multiprocessing, os, sys, threading
stop = threading.Event()
helper = threading.Thread(target=stop.wait)
helper.start()
def work():
    pass
if __name__ == "__main__":
    if sys.argv[1] == "multiprocessing":
        p = multiprocessing.get_context("fork").Process(target=work)
        p.start()
        p.join()
    else:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    stop.set()
"""


@check
def fork_warning_hidden_through_multiprocessing():
    if not hasattr(os, "fork") or "fork" not in multiprocessing.get_all_start_methods():
        raise Skip(f"no fork on {sys.platform}")
    if platform.python_implementation() != "CPython":
        raise Skip("the warning is CPython's")
    with tempfile.TemporaryDirectory(prefix="concepts_mp_") as tmp:
        path = os.path.join(tmp, "fork_with_a_thread.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(FORK_WITH_A_THREAD)

        def stderr_of(*args):
            env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
            proc = subprocess.run([sys.executable, "-S", *args], cwd=tmp, env=env,
                                  capture_output=True, text=True, timeout=TIMEOUT)
            expect(proc.returncode == 0, f"the script failed: {proc.stderr[-300:]}")
            return proc.stderr

        direct = stderr_of(path, "os.fork")
        hidden = stderr_of(path, "multiprocessing")
        shown = stderr_of("-W", "default::DeprecationWarning", path, "multiprocessing")
    if sys.version_info < (3, 12):
        expect("DeprecationWarning" not in direct + shown, "a fork warning before 3.12")
        return
    expect("DeprecationWarning" in direct and "multi-threaded" in direct,
           f"os.fork() in __main__ with a thread running did not warn: {direct[-200:]!r}")
    expect("DeprecationWarning" not in hidden,
           "the warning raised inside multiprocessing was shown without -W")
    expect("DeprecationWarning" in shown, "-W default::DeprecationWarning did not show it")


@check
def no_main_guard_fails_with_spawn():
    lines, stderr = no_guard_run()
    expect(lines[:2] == ["body runs as __main__", "body runs as __mp_main__"],
           f"unexpected output {lines!r}")
    expect(lines[2:3] == ["spawn exit code 1"], f"expected the spawn child to fail: {lines!r}")
    expect("bootstrapping phase" in stderr and "RuntimeError" in stderr,
           "the child did not report the bootstrapping RuntimeError")


@check
def no_main_guard_runs_with_fork():
    if "fork" not in usable_methods():
        raise Skip(f"fork is not used on {sys.platform}")
    lines, _ = no_guard_run()
    expect(lines[3:] == ["child ran work()", "fork exit code 0"],
           f"unexpected output {lines!r}")


@check
def value_plus_equals_is_two_locked_steps():
    events = []

    class RecordingLock:
        def acquire(self, *args):
            events.append("acquire")
            return True

        def release(self):
            events.append("release")

    value = multiprocessing.Value("i", 0, lock=RecordingLock())
    events.clear()
    value.value += 1
    expect(events == ["acquire", "release", "acquire", "release"],
           f"`v.value += 1` took the lock as {events}, not read and write separately")


@check
def value_race_loses_updates():
    n, lost, cores = value_race_run()
    if lost:
        return
    if cores < 1.5 or (os.cpu_count() or 1) < 2:
        raise Inconclusive(f"no update lost in 2 x {n} `v.value += 1`, but the two processes "
                           f"used only {cores:.2f} cores, so they hardly ran at the same time")
    raise AssertionError(f"2 processes x {n} `v.value += 1` ran on {cores:.2f} cores at once "
                         "and lost no update")


@check
def get_lock_makes_increment_exact():
    n, lost, _ = value_race_run()
    locked_lost, _ = increments(multiprocessing.get_context(), n, locked=True)
    expect(locked_lost == 0, f"{locked_lost} of 2 x {n} increments inside get_lock() were lost")
    if not lost:
        raise Inconclusive("the control, the same increments without get_lock(), lost nothing "
                           "either, so this run does not show what the lock prevents")


@check
def sharing_primitives_default():
    sharing(multiprocessing.get_start_method())


@check
def sharing_primitives_spawn():
    sharing("spawn")


if __name__ == "__main__":
    COUNTER = 7  # children started with fork see 7; spawn/forkserver children re-import: 0
    selected = sys.argv[1:]
    if not selected or any(name.startswith("no_main_guard") for name in selected):
        no_guard_start()
    sys.exit(check.run(selected))
