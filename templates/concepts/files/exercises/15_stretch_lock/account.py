"""Bank accounts shared by several threads.

A deposit is a read-modify-write: read the balance, add, write it back. The
optional `pause` is called between the read and the write, so a test can stop a
thread exactly there (the worst moment for a thread switch).
"""

import threading


def _no_pause():
    pass


class UnsafeAccount:
    """Deposits without a lock: two threads can read the same balance."""

    def __init__(self, pause=None):
        self.balance = 0
        self._pause = pause or _no_pause

    def deposit(self, amount):
        current = self.balance
        self._pause()
        self.balance = current + amount


class Account:
    """Deposits that are never lost, however the threads are switched."""

    def __init__(self, pause=None):
        self.balance = 0
        self._pause = pause or _no_pause
        self._lock = threading.Lock()

    def deposit(self, amount):
        """Add `amount` to the balance; safe to call from many threads at once.

        Do the same read, pause and write as UnsafeAccount.deposit, but make the
        three steps one unit that no other thread can enter halfway.
        """
        # >>> SOLUTION
        with self._lock:
            current = self.balance
            self._pause()
            self.balance = current + amount
        # <<< SOLUTION
        # >>> STUB
        # raise NotImplementedError("练习（学生）：用 self._lock 把读取、暂停和写回包成一个整体")
        # <<< STUB
