"""Slow down password guessing: after ``max_failures`` wrong logins from one address
within ``window_seconds``, that address may not log in for ``lock_seconds``.

The record lives in memory (one server process, as with Flask's development server) and
is keyed by the client address, not by the user name: keying by user name would let
anyone lock the real admin out by typing wrong passwords on purpose. A good login clears
the address's failures.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class LoginThrottle:
    def __init__(self, max_failures: int = 5, window_seconds: float = 300,
                 lock_seconds: int = 300, clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        """Seconds until ``address`` may try again; 0 when it may try now."""
        with self._lock:
            until = self._locked_until.get(address)
            if until is None:
                return 0
            left = until - self.clock()
            if left <= 0:
                del self._locked_until[address]
                return 0
            return math.ceil(left)

    def failed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            recent = [t for t in self._failures.get(address, []) if now - t < self.window_seconds]
            recent.append(now)
            if len(recent) >= self.max_failures:
                self._locked_until[address] = now + self.lock_seconds
                recent = []
            self._failures[address] = recent
            self._forget_old(now)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
            self._locked_until.pop(address, None)

    def _forget_old(self, now: float) -> None:
        # Keeps memory bounded when many addresses fail once and never come back.
        if len(self._failures) > 10_000:
            for address in [a for a, times in self._failures.items()
                            if not times or now - times[-1] >= self.window_seconds]:
                del self._failures[address]
