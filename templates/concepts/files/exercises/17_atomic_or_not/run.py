"""Exercise 17: which operations can threads share safely?

Each line prints "label: value". Predict the values in prediction.txt first.
Every result here is a count or a name: nothing depends on timing.
"""

import dis
import queue
import threading

THREADS, ITEMS = 4, 10_000


def in_threads(target):
    workers = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


# 1. One list, four threads appending to it.
shared = []
in_threads(lambda i: [shared.append((i, k)) for k in range(ITEMS)])
print(f"{THREADS} threads x {ITEMS} appends to one list, items in the list:", len(shared))


# 2. How many instructions does `d["k"] += 1` take?
def bump(d):
    d["k"] += 1


ops = [ins.opname for ins in dis.get_instructions(bump)]
store = ops.index("STORE_SUBSCR")
steps = [op for op in ops[:store] if op in ("BINARY_SUBSCR", "BINARY_OP", "INPLACE_ADD")]
print('`d["k"] += 1` reads and adds in instructions separate from the store:', len(steps) >= 2)

# 3. A queue between producers and consumers.
q = queue.Queue()
received = []
STOP = None


def consume():
    while (item := q.get()) is not STOP:
        received.append(item)


consumers = [threading.Thread(target=consume) for _ in range(2)]
for c in consumers:
    c.start()
in_threads(lambda i: [q.put((i, k)) for k in range(ITEMS // 10)])
for _ in consumers:
    q.put(STOP)
for c in consumers:
    c.join()
print(f"items put by {THREADS} producers / taken by 2 consumers:",
      f"{THREADS * (ITEMS // 10)} / {len(received)}")
print("an item taken twice:", len(set(received)) != len(received))

# 4. A bounded queue refuses a third item instead of growing.
small = queue.Queue(maxsize=2)
small.put_nowait("a")
small.put_nowait("b")
try:
    small.put_nowait("c")
    outcome = "accepted"
except queue.Full as exc:
    outcome = type(exc).__name__
print("put_nowait() on a full Queue(maxsize=2):", outcome)
print("# bytecode of bump():", ", ".join(ops))
