"""Exercise 18: waiting with threads, executors and asyncio.

Each line prints "label: value". Predict the values in prediction.txt first.
Every answer is a count, an order or a name, found without a clock; lines starting
with # are measurements for your curiosity and are not compared. No network is used:
the reads wait on socket pairs made here.
"""

import asyncio
import concurrent.futures as cf
import socket
import threading
import time

N = 4
TIMEOUT = 30  # seconds; only a machine that is hardly running at all gets near it


# 1. Four blocking socket reads in a pool of four threads. Nothing is written to the
#    sockets until the main thread has counted all four readers waiting, or given up.
waiting = 0
most = 0
lock = threading.Condition()


def read(sock):
    global waiting, most
    with lock:
        waiting += 1
        most = max(most, waiting)
        lock.notify_all()
    data = sock.recv(16)  # blocks until the main thread writes
    with lock:
        waiting -= 1
    return data


pairs = [socket.socketpair() for _ in range(N)]
start = time.perf_counter()
with cf.ThreadPoolExecutor(max_workers=N) as pool:
    futures = [pool.submit(read, inner) for _, inner in pairs]
    with lock:
        lock.wait_for(lambda: waiting == N, TIMEOUT)
    for outer, _ in pairs:
        outer.sendall(b"x")
    cf.wait(futures, TIMEOUT)
for a, b in pairs:
    a.close()
    b.close()
print(f"{N} blocking reads in a pool of {N} threads, most waiting at once:", most)
print(f"# the four reads took {time.perf_counter() - start:.3f} s in all")


# 2. Results of map() and of as_completed() when the last task finishes first.
def gated(i, gates, done):
    gates[i].wait(TIMEOUT)
    done[i].set()
    return i * 10


gates, done = [threading.Event() for _ in range(N)], [threading.Event() for _ in range(N)]
with cf.ThreadPoolExecutor(max_workers=N) as pool:
    results = pool.map(gated, range(N), [gates] * N, [done] * N)
    for i in reversed(range(N)):  # let task 3 finish, then 2, then 1, then 0
        gates[i].set()
        done[i].wait(TIMEOUT)
    print("pool.map() results, tasks finishing last to first:", list(results))

gates, done = [threading.Event() for _ in range(N)], [threading.Event() for _ in range(N)]
order = []
with cf.ThreadPoolExecutor(max_workers=N) as pool:
    futures = [pool.submit(gated, i, gates, done) for i in range(N)]
    finished = cf.as_completed(futures, timeout=TIMEOUT)
    for i in reversed(range(N)):
        gates[i].set()
        order.append(futures.index(next(finished)))
print("as_completed() gave the tasks in the order:", order)


# 3. A task that raises.
def parse(text):
    return int(text)


with cf.ThreadPoolExecutor(max_workers=1) as pool:
    try:
        future = pool.submit(parse, "twelve")
        raised_at_submit = False
    except ValueError:
        raised_at_submit = True
    print("submit() of a task that raises, raised:", raised_at_submit)
    try:
        future.result(timeout=TIMEOUT)
        at_result = "nothing"
    except ValueError as exc:
        at_result = type(exc).__name__
    print("future.result() of that task raised:", at_result)


# 4. What another task can do while a coroutine waits.
async def steps_of_another_task(wait):
    steps = 0
    stop = False

    async def ticker():
        nonlocal steps
        while not stop:
            steps += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = steps
    await wait()
    during = steps - before
    stop = True
    await task
    return during


async def blocking_sleep():
    time.sleep(0.1)  # blocking, although it sits in a coroutine


async def awaited_sleep():
    await asyncio.sleep(0.1)


async def sleep_in_a_thread():
    await asyncio.to_thread(time.sleep, 0.1)


counted = {}
for wait in (blocking_sleep, awaited_sleep, sleep_in_a_thread):
    counted[wait.__name__] = asyncio.run(steps_of_another_task(wait))
print("steps another task took during time.sleep(0.1) in a coroutine:",
      counted["blocking_sleep"])
print("another task took steps during await asyncio.sleep(0.1):", counted["awaited_sleep"] > 0)
print("another task took steps during await asyncio.to_thread(time.sleep, 0.1):",
      counted["sleep_in_a_thread"] > 0)
print(f"# steps: {counted}")
