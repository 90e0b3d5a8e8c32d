"""Checks for the note on I/O-bound work (concepts/io_bound.md).

    python concepts/checks/check_io_bound.py             # every check
    python concepts/checks/check_io_bound.py NAME ...    # only the named checks

Output: one line per check, ``PASS name``, ``FAIL name: reason``, ``SKIP name: reason``
or ``INCONCLUSIVE name: reason``. The exit status is 1 when a check fails.

No network is used: every wait is on a socket pair or a loopback connection
(127.0.0.1) made by the check itself.

Overlap is proved by counting and ordering, not by wall time: a thread pool
is shown to hold N socket reads at once (no read can end before the check
writes, and it writes only after it has counted N waiting readers), and the
event loop is shown to run (or not run) a ticking task during a call. The one
timing claim, that coroutines waiting on loopback replies wait at the same
time, looks for an instant at which every one of them was waiting, against a
serial control in the same run, and repeats itself with longer waits; when
this process hardly got a CPU, it ends INCONCLUSIVE, never FAIL.
"""

import asyncio
import concurrent.futures as cf
import socket
import sys
import threading
import time

from _harness import Budget, Checks, Inconclusive, expect

check = Checks()
TIMEOUT = 10.0  # seconds for any single wait; a hang becomes a FAIL or INCONCLUSIVE, not a freeze
N = 4


def cpu_share(seconds=0.05):
    """The control for timing: the share of one CPU this thread got while it spun for
    `seconds` of wall time (about 1.0 on an idle machine, far less when starved)."""
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    while time.perf_counter() - wall0 < seconds:
        pass
    return (time.thread_time() - cpu0) / (time.perf_counter() - wall0)


BUSY = 0.5  # below this share of a CPU the machine is too busy to tell


# --- threads: a pool of blocking socket reads -----------------------------------------


class Readers:
    """Counts how many tasks are inside a blocking `recv` at the same moment."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting = 0
        self.most = 0
        self.changed = threading.Condition(self.lock)

    def read(self, sock):
        with self.lock:
            self.waiting += 1
            self.most = max(self.most, self.waiting)
            self.changed.notify_all()
        try:
            return sock.recv(16)  # blocks until the check writes to the other end
        finally:
            with self.lock:
                self.waiting -= 1

    def wait_for(self, n, timeout):
        with self.lock:
            return self.changed.wait_for(lambda: self.waiting >= n, timeout)


def pool_of_reads(max_workers, n=N, timeout=TIMEOUT):
    """`n` tasks each read from their own socket pair in a ThreadPoolExecutor. The check
    writes to a socket only once all `n` readers wait (or, failing that, after `timeout`).
    Returns (did all n wait at once, most waiting at once, the bytes read in order)."""
    pairs = [socket.socketpair() for _ in range(n)]
    readers = Readers()
    try:
        with cf.ThreadPoolExecutor(max_workers=max_workers) as pool:
            futures = [pool.submit(readers.read, inner) for _, inner in pairs]
            all_waiting = readers.wait_for(n, timeout)
            for i, (outer, _) in enumerate(pairs):
                outer.sendall(bytes([i]))
            got = [f.result(timeout=TIMEOUT) for f in futures]
    finally:
        for a, b in pairs:
            a.close()
            b.close()
    return all_waiting, readers.most, got


@check
def thread_pool_overlaps_blocking_reads():
    # The serial control: one worker can only ever hold one read. It waits a short while
    # for a second reader that cannot come, then writes and lets the reads end one by one.
    _, serial_most, serial_got = pool_of_reads(max_workers=1, timeout=0.05)
    expect(serial_most == 1, f"a pool of one thread had {serial_most} reads waiting at once")
    expect(serial_got == [bytes([i]) for i in range(N)], f"serial reads got {serial_got}")
    for _ in Budget(2.0, max_attempts=2):
        all_waiting, most, got = pool_of_reads(max_workers=N)
        if all_waiting:
            expect(got == [bytes([i]) for i in range(N)], f"the reads got {got}")
            return
    if cpu_share() < BUSY:
        raise Inconclusive(f"only {most} of {N} reads were waiting after {TIMEOUT:.0f} s, "
                           "but this process hardly got a CPU to start the threads")
    raise AssertionError(f"a pool of {N} threads never had its {N} blocking reads waiting at "
                         f"once (at most {most})")


def gated(i, gates, finished):
    """Task `i` ends once the check opens its gate; it notes that it finished."""
    expect(gates[i].wait(TIMEOUT), f"the gate of task {i} never opened")
    finished[i].set()
    return i * 10


def open_in_reverse(gates, finished, after_each=None):
    """Let the tasks end one at a time, the last submitted first; returns that order."""
    order = []
    for i in reversed(range(len(gates))):
        gates[i].set()
        expect(finished[i].wait(TIMEOUT), f"task {i} did not finish after its gate opened")
        order.append(i)
        if after_each is not None:
            after_each(i)
    return order


@check
def map_keeps_input_order_as_completed_does_not():
    n = N
    gates, finished = [threading.Event() for _ in range(n)], [threading.Event() for _ in range(n)]
    with cf.ThreadPoolExecutor(max_workers=n) as pool:
        results = pool.map(gated, range(n), [gates] * n, [finished] * n)
        order = open_in_reverse(gates, finished)
        results = list(results)
    expect(order == list(range(n))[::-1], f"the tasks finished in the order {order}")
    expect(results == [i * 10 for i in range(n)],
           f"map() gave {results}, not the results in the order of its inputs")

    # as_completed() hands out each future as soon as it is done: after each gate opens,
    # the next future it yields must be the one task that could finish.
    gates, finished = [threading.Event() for _ in range(n)], [threading.Event() for _ in range(n)]
    yielded = []
    with cf.ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(gated, i, gates, finished) for i in range(n)]
        done = cf.as_completed(futures, timeout=TIMEOUT)
        order = open_in_reverse(gates, finished,
                                lambda i: yielded.append(futures.index(next(done))))
    expect(yielded == order,
           f"as_completed() gave tasks {yielded}, not in the order they finished {order}")


def fail_on(value, bad):
    if value == bad:
        raise ValueError(f"bad input {value}")
    return value


@check
def exception_surfaces_at_result():
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        future = pool.submit(fail_on, 3, 3)  # submit itself does not raise
        cf.wait([future], timeout=TIMEOUT)
        expect(future.done(), "the failing task did not finish")
        error = future.exception()
        expect(isinstance(error, ValueError), f"future.exception() is {error!r}")
        try:
            future.result()
        except ValueError as exc:
            expect(exc is error, "result() raised another exception than the task's")
        else:
            raise AssertionError("result() of a task that raised returned normally")

        got = []
        results = pool.map(fail_on, [1, 2, 3, 4], [3] * 4)  # map itself does not raise
        try:
            for value in results:
                got.append(value)
        except ValueError:
            pass
        else:
            raise AssertionError(f"iterating map() never raised; it gave {got}")
    expect(got == [1, 2], f"before the exception, map() gave {got}, not [1, 2]")


# --- asyncio: one thread, one event loop ----------------------------------------------


async def ticks_during(call):
    """How many times a task that only yields to the loop ran while `call()` was awaited."""
    ticks = 0
    stop = False

    async def ticker():
        nonlocal ticks
        while not stop:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)  # the ticker is running
    before = ticks
    await call()
    during = ticks - before
    stop = True
    await task
    return during


async def sleeps_blocking():
    time.sleep(0.05)  # a blocking call inside a coroutine: nothing else runs meanwhile


async def sleeps_awaiting():
    await asyncio.sleep(0.05)


@check
def blocking_call_stalls_the_event_loop():
    stalled = asyncio.run(ticks_during(sleeps_blocking))
    expect(stalled == 0, f"another task ran {stalled} times during time.sleep() in a coroutine")
    # The control: the same wait as an await gives the loop back to the other task.
    free = asyncio.run(ticks_during(sleeps_awaiting))
    expect(free > 0, "another task never ran while a coroutine awaited asyncio.sleep()")


async def blocking_in_to_thread():
    await asyncio.to_thread(time.sleep, 0.05)


async def blocking_in_executor():
    await asyncio.get_running_loop().run_in_executor(None, time.sleep, 0.05)


@check
def to_thread_keeps_the_loop_running():
    for call in (blocking_in_to_thread, blocking_in_executor):
        ticks = asyncio.run(ticks_during(call))
        expect(ticks > 0, f"another task never ran while {call.__name__} waited for "
                          "time.sleep() in a thread")


async def serve_after(delay):
    """A loopback server that answers each request after `delay` seconds."""

    async def answer(reader, writer):
        request = await reader.readline()
        await asyncio.sleep(delay)
        writer.write(request.upper())
        await writer.drain()
        writer.close()

    return await asyncio.start_server(answer, "127.0.0.1", 0)


async def ask(port, text, spans):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(text.encode() + b"\n")
    await writer.drain()
    start = time.perf_counter()
    reply = await reader.readline()  # the wait: nothing to do until the server answers
    spans.append((start, time.perf_counter()))
    writer.close()
    return reply.decode().strip()


async def loopback_requests(delay, together):
    server = await serve_after(delay)
    port = server.sockets[0].getsockname()[1]
    spans = []
    try:
        texts = [f"request {i}" for i in range(N)]
        if together:
            replies = await asyncio.wait_for(
                asyncio.gather(*(ask(port, t, spans) for t in texts)), TIMEOUT)
        else:
            replies = [await asyncio.wait_for(ask(port, t, spans), TIMEOUT) for t in texts]
    finally:
        server.close()
        await server.wait_closed()
    expect(replies == [t.upper() for t in texts], f"the server answered {replies}")
    last_waiting = max(start for start, _ in spans)
    first_done = min(end for _, end in spans)
    return last_waiting < first_done


@check
def coroutines_wait_together():
    # Overlap is an instant at which all N coroutines were waiting for their reply: the
    # last one started waiting before the first reply came. The serial control (one await
    # after the other) never has one, which shows the test can tell.
    overlap = False
    for attempt in Budget(2.0, max_attempts=3):
        delay = 0.05 * 2 ** attempt
        serial = asyncio.run(loopback_requests(delay, together=False))
        expect(not serial, "requests awaited one after the other were waiting at once")
        overlap = asyncio.run(loopback_requests(delay, together=True))
        if overlap:
            return
    if cpu_share() < BUSY:
        raise Inconclusive(f"{N} gathered requests with {delay:.2f} s replies never all "
                           "waited at once, but this process hardly got a CPU")
    raise AssertionError(f"{N} requests under asyncio.gather() with {delay:.2f} s replies "
                         "never all waited at the same time")


if __name__ == "__main__":
    sys.exit(check.run(sys.argv[1:]))
