"""Checks for the note on process pools (concepts/process_pool.md).

    python concepts/checks/check_process_pool.py             # every check
    python concepts/checks/check_process_pool.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason``, ``SKIP name: reason``
or ``INCONCLUSIVE name: reason``, and before it, for the timing checks, lines starting
with ``#`` that give what was measured on this machine (run_checks.py shows them with
--verbose). The exit status is 1 when a check fails.

The speed-up is measured, never assumed: the same CPU-bound job runs in a plain loop and
in a ProcessPoolExecutor with one worker per usable core, start-up included. The check
only asserts what is robust: with two cores or more, a job of a few tenths of a second is
faster in the pool. Its controls are the share of a CPU the serial loop got and how many
cores the workers used together; when either shows a busy machine, the result is
INCONCLUSIVE, never FAIL.

Worker processes started with "spawn" or "forkserver" import this file again (as
``__mp_main__``), so everything that starts processes runs from the checks, under the
``if __name__ == "__main__":`` guard, and every function a worker runs is defined at
module level.
"""

import concurrent.futures as cf
import os
import pickle
import sys
import time

from _harness import Budget, Checks, Inconclusive, Skip, expect

check = Checks()
TIMEOUT = 120  # seconds for one pool run; a hang becomes a FAIL, not a freeze


def usable_cores():
    """The cores this process may use: what ProcessPoolExecutor starts by default."""
    if hasattr(os, "process_cpu_count"):  # 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def spin(n):
    """Pure-Python CPU work: count to n."""
    i = 0
    while i < n:
        i += 1
    return i


def spin_cpu(n):
    """spin(n) in a worker; returns the CPU time it took there."""
    cpu0 = time.thread_time()
    spin(n)
    return time.thread_time() - cpu0


def double(x):
    return 2 * x


def append_marker(items):
    items.append("worker")
    return items


def info(text):
    print(f"# {text}", flush=True)


def counts_per_second():
    cpu0 = time.thread_time()
    spin(200_000)
    return 200_000 / max(time.thread_time() - cpu0, 1e-4)


def measure(workers, job_seconds):
    """The same job (4 chunks per worker, about `job_seconds` of CPU in all) in a plain loop
    and in a new pool of `workers` processes. The pool's time includes starting its workers
    (their first, trivial tasks) and shutting them down."""
    chunks = 4 * workers
    n = int(counts_per_second() * job_seconds / chunks)
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    for _ in range(chunks):
        spin(n)
    serial = time.perf_counter() - wall0
    serial_share = (time.thread_time() - cpu0) / serial
    wall0 = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(double, range(workers), timeout=TIMEOUT))
        started = time.perf_counter()
        cpu = list(pool.map(spin_cpu, [n] * chunks, timeout=TIMEOUT))
        job = time.perf_counter() - started
    pooled = time.perf_counter() - wall0
    return {"serial": serial, "pooled": pooled, "startup": started - wall0,
            "serial_share": serial_share, "cores_used": sum(cpu) / job,
            "speedup": serial / pooled}


@check
def pool_speeds_up_cpu_bound_work():
    workers = usable_cores()
    if workers < 2:
        raise Skip("this process may use one core only: a process pool cannot beat a plain "
                   "loop here, it only adds its start-up")
    run = {"startup": 0.0}
    for attempt in Budget(1.5, max_attempts=3):
        # Big enough for start-up to matter little: at least 4 times what it took before.
        job = max(0.3 * 2 ** attempt, 4 * run["startup"])
        run = measure(workers, job)
        clear = run["serial_share"] >= 0.8 and run["cores_used"] >= 1.5
        if run["speedup"] > 1.0 and clear:
            break
        if run["serial_share"] < 0.5:
            break  # under half a CPU even for the plain loop: a longer job will not tell
    info(f"{workers} workers: a job of {run['serial']:.2f} s in a plain loop took "
         f"{run['pooled']:.2f} s in the pool, start-up included: speed-up "
         f"{run['speedup']:.2f}x, efficiency {run['speedup'] / workers:.0%}")
    info(f"starting the {workers} workers took {run['startup'] * 1000:.0f} ms; while they "
         f"computed they used {run['cores_used']:.2f} cores together")
    if run["speedup"] > 1.0 and clear:
        return
    if not clear:
        raise Inconclusive(f"speed-up {run['speedup']:.2f}x, but the plain loop got "
                           f"{run['serial_share']:.0%} of a CPU and the {workers} workers "
                           f"used only {run['cores_used']:.2f} cores together")
    if run["startup"] > run["serial"] / 10:
        raise Inconclusive(f"starting {workers} workers took {run['startup']:.2f} s, too much "
                           f"of the pool's {run['pooled']:.2f} s for this budget")
    raise AssertionError(f"{workers} workers on a CPU-bound job of {run['serial']:.2f} s were "
                         f"not faster than a plain loop: speed-up {run['speedup']:.2f}x")


@check
def tiny_tasks_are_slower_in_a_pool():
    items = range(1000)
    serial = []
    for _ in range(5):
        wall0 = time.perf_counter()
        plain = [double(x) for x in items]
        serial.append(time.perf_counter() - wall0)
    wall0 = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        pooled = list(pool.map(double, items, timeout=TIMEOUT))
    pool_seconds = time.perf_counter() - wall0
    expect(pooled == plain, "the pool computed other results than the loop")
    best = min(serial)
    info(f"doubling 1000 numbers: {best * 1e6:.0f} us in a loop, {pool_seconds * 1000:.1f} ms "
         f"in a pool of 2 ({pool_seconds / max(best, 1e-9):.0f}x slower)")
    expect(pool_seconds > best, f"a pool doubled 1000 numbers in {pool_seconds * 1000:.1f} ms, "
                                f"faster than a loop ({best * 1e6:.0f} us)")


@check
def arguments_and_results_are_pickled_copies():
    items = ["parent"]
    with cf.ProcessPoolExecutor(max_workers=1) as pool:
        back = pool.submit(append_marker, items).result(timeout=TIMEOUT)
        expect(back == ["parent", "worker"], f"the worker returned {back}")
        expect(items == ["parent"], f"the worker changed the parent's list: {items}")
        expect(back is not items, "the result is the parent's own list")
        # A lambda has no importable name, so pickle cannot send it; submit() accepts it and
        # the error comes out of result(): the same error pickle.dumps() gives here.
        func = lambda: 1  # noqa: E731
        try:
            pickle.dumps(func)
        except Exception as exc:  # its type and text differ between versions
            direct = (type(exc), str(exc))
        else:
            raise AssertionError("pickle.dumps() accepted a lambda")
        future = pool.submit(func)
        try:
            future.result(timeout=TIMEOUT)
        except Exception as exc:
            expect((type(exc), str(exc)) == direct,
                   f"sending a lambda failed with {exc!r}, not with pickle's {direct}")
        else:
            raise AssertionError("a lambda was sent to a worker process")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
