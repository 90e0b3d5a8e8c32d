"""Exercise 19: what a process pool costs, and what it gains on your machine.

Each line prints "label: value". Predict the values in prediction.txt first.
Lines starting with # are the measurements of this run (the speed-up, its efficiency,
the start-up): they change from run to run and machine to machine, so they are not
compared. The speed-up line is True or False only when this machine could show it:
when the plain loop or the workers hardly got a CPU, it says so instead, and with one
usable core it says that.

Worker processes started with "spawn" or "forkserver" import this file again, so the
code that starts them runs from main(), called only when this file is the script.
"""

import concurrent.futures as cf
import os
import pickle
import time

BUSY = "inconclusive (machine too busy)"


def usable_cores():
    if hasattr(os, "process_cpu_count"):  # 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def spin(n):
    """Pure-Python CPU work: count to n. Returns the CPU time it took."""
    cpu0 = time.thread_time()
    i = 0
    while i < n:
        i += 1
    return time.thread_time() - cpu0


def double(x):
    return 2 * x


def append_marker(items):
    items.append("worker")
    return items


def compare(workers, job_seconds):
    """The same CPU-bound job in a plain loop and in a new pool, start-up included.
    Returns (loop s, pool s, start-up s, CPU share of the loop, cores used by the workers
    while they computed)."""
    chunks = 4 * workers
    n = int(job_seconds / max(spin(200_000), 1e-4) * 200_000 / chunks)
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    for _ in range(chunks):
        spin(n)
    serial = time.perf_counter() - wall0
    share = (time.thread_time() - cpu0) / serial
    wall0 = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(double, range(workers)))  # the workers are up
        started = time.perf_counter()
        cpu = list(pool.map(spin, [n] * chunks))
        job = time.perf_counter() - started
    pooled = time.perf_counter() - wall0
    return serial, pooled, started - wall0, share, sum(cpu) / job


def main():
    workers = usable_cores()

    # 1. A CPU-bound job: a plain loop against a pool with one worker per usable core.
    verdict = "one core only"
    for attempt in range(3):
        serial, pooled, startup, share, cores = compare(workers, 0.3 * 2 ** attempt)
        if workers < 2:
            break
        # The controls: the loop had most of a CPU, the workers 1.5 cores or more, and the
        # start-up was a small part of the job.
        clear = share >= 0.8 and cores >= 1.5 and startup <= serial / 10
        verdict = str(serial / pooled > 1.0) if clear else BUSY
        if verdict == "True" or share < 0.5:
            break  # shown, or the loop got under half a CPU: a longer job will not tell
    print("the CPU-bound job was faster in a pool of all usable cores:", verdict)
    speedup = serial / pooled
    print(f"# {workers} workers: {serial:.2f} s in a loop, {pooled:.2f} s in the pool "
          f"(start-up {startup * 1000:.0f} ms included): speed-up {speedup:.2f}x, "
          f"efficiency {speedup / workers:.0%}; the workers used {cores:.2f} cores")

    # 2. Tiny tasks: each item travels to a worker and back.
    loop0 = time.perf_counter()
    plain = [double(x) for x in range(1000)]
    loop = time.perf_counter() - loop0
    pool0 = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        pooled_items = list(pool.map(double, range(1000)))
    in_pool = time.perf_counter() - pool0
    print("doubling 1000 numbers was faster in a pool of 2 than in a loop:",
          in_pool < loop and pooled_items == plain)
    print(f"# doubling 1000 numbers: {loop * 1e6:.0f} us in a loop, {in_pool * 1000:.1f} ms "
          "in the pool")

    # 3. Arguments and results are pickled copies; a lambda cannot be pickled.
    items = ["parent"]
    func = lambda: 1  # noqa: E731
    try:
        pickle.dumps(func)
        direct = None
    except Exception as exc:  # its type and text differ between versions
        direct = (type(exc), str(exc))
    with cf.ProcessPoolExecutor(max_workers=1) as pool:
        back = pool.submit(append_marker, items).result()
        try:
            pool.submit(func).result()
            sent = None
        except Exception as exc:
            sent = (type(exc), str(exc))
    print("the list the worker returned:", back)
    print("the parent's list after that:", items)
    print("sending a lambda to a worker failed with the error of pickle.dumps(lambda):",
          sent is not None and sent == direct)
    if sent:
        print(f"# that error: {sent[0].__name__}: {sent[1]}")


if __name__ == "__main__":
    main()
