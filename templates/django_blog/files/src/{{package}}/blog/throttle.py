"""Comment throttling: at most ``BLOG_COMMENT_LIMIT`` comments from one client address
within ``BLOG_COMMENT_WINDOW`` seconds; more answer 429 Too Many Requests.

The times of recent comments live in Django's cache, keyed by the client address
(``REMOTE_ADDR``): nothing about the visitor is written to the database. The default
cache is the memory of one server process, which is enough for ``runserver`` and a single
worker; with several workers, configure a shared cache (Redis, Memcached, the database).
Behind a reverse proxy every visitor has the proxy's address: set ``REMOTE_ADDR`` from
the proxy's header in a middleware you trust before relying on this.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

clock = time.time  # replaced by a fake clock in the tests


def _key(address: str) -> str:
    return f"blog:comments:{address}"


def _recent(address: str, now: float) -> list[float]:
    window = settings.BLOG_COMMENT_WINDOW
    return [t for t in cache.get(_key(address), []) if 0 <= now - t < window]


def retry_after(address: str) -> int:
    """Seconds until ``address`` may comment again; 0 when it may comment now."""
    now = clock()
    recent = _recent(address, now)
    if len(recent) < settings.BLOG_COMMENT_LIMIT:
        return 0
    return max(1, math.ceil(recent[0] + settings.BLOG_COMMENT_WINDOW - now))


def record(address: str) -> None:
    """Remember one comment from ``address``."""
    now = clock()
    recent = _recent(address, now)
    recent.append(now)
    cache.set(_key(address), recent[-settings.BLOG_COMMENT_LIMIT:],
              timeout=settings.BLOG_COMMENT_WINDOW)
