"""Exercise 05: do threads share module globals?

Each line prints "label: value". Predict the values in prediction.txt first.
"""

import sys
import threading

import state
from state import counter

found = {}


def worker():
    for _ in range(3):
        state.bump()
    state.seen_by.append(threading.current_thread().name)
    found["module"] = sys.modules["state"]


thread = threading.Thread(target=worker, name="worker")
thread.start()
thread.join()  # wait until the thread has finished: no sleep, no guessing

print("state.counter, read in the main thread:", state.counter)
print("counter, bound by from-import before the thread ran:", counter)
print("state.seen_by:", state.seen_by)
print("the thread used the same state module object:", found["module"] is state)

try:
    state.bump_without_global()
    outcome = "no error"
except Exception as exc:  # show whatever happens
    outcome = type(exc).__name__
print("calling state.bump_without_global() gives:", outcome)
