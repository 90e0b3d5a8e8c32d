"""Exercise 06: when does a waiting thread get the GIL?

Each line prints "label: value". Predict the values in prediction.txt first.
The helper thread and the way we watch it are in probe.py.
"""

import hashlib
import sys
import time

from probe import LONG, ran_during


def python_loop():
    """Pure Python for 0.1 s: the GIL is needed for every step."""
    end = time.perf_counter() + 0.1
    n = 0
    while time.perf_counter() < end:
        n += 1


numbers = range(1_000_000)
data = bytes(16 * 1024 * 1024)  # 16 MiB of zeros

print("default switch interval (seconds):", sys.getswitchinterval())
print("helper ran while main looped in Python for 0.1 s (interval 10 s):",
      ran_during(python_loop, LONG))
print("helper ran while main looped in Python for 0.1 s (interval 5 ms):",
      ran_during(python_loop, 0.005))
print("helper ran while main slept 0.05 s (interval 10 s):",
      ran_during(lambda: time.sleep(0.05), LONG))
print("helper ran during sum(range(1_000_000)) (interval 10 s):",
      ran_during(lambda: sum(numbers), LONG))
print("helper ran during hashlib.sha256 of 16 MiB (interval 10 s):",
      ran_during(lambda: hashlib.sha256(data).digest(), LONG))
