"""Exercise 08: which work do threads speed up?

Each line prints "label: value". Predict the values in prediction.txt first.
Lines starting with # are measurements for your curiosity: they change from run
to run, so they are not part of the prediction.
"""

import threading
import time


def in_threads(target, args, n):
    threads = [threading.Thread(target=target, args=args) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def spin(n):
    """CPU-bound pure Python: needs the GIL for every step."""
    i = 0
    while i < n:
        i += 1


# I/O-bound: a sleeping thread waits without the GIL, like one waiting for the network.
start = time.perf_counter()
in_threads(time.sleep, (0.2,), 4)
sleep_wall = time.perf_counter() - start

# CPU-bound: how many cores did two spinning threads use? (CPU time / wall time)
cpu0, wall0 = time.process_time(), time.perf_counter()
in_threads(spin, (500_000,), 2)
cores = (time.process_time() - cpu0) / (time.perf_counter() - wall0)

# The same CPU-bound work, one call after the other, for comparison.
start = time.perf_counter()
spin(500_000)
spin(500_000)
sequential = time.perf_counter() - start

print("4 threads that each sleep 0.2 s all finish within 0.6 s:", sleep_wall < 0.6)
print("2 CPU-bound pure-Python threads use more than 1.3 cores:", cores > 1.3)
print(f"# 4 sleeping threads took {sleep_wall:.2f} s in total")
print(f"# 2 spinning threads used {cores:.2f} cores")
print(f"# the same spinning one after the other: {sequential:.2f} s")
