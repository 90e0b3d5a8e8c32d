"""The polite session of :mod:`.polite`, with response bodies streamed.

:class:`.polite.PoliteSession` does the manners (robots.txt, User-Agent, >= 1 s per
host, timeouts, retries on 429/5xx only, stop on 401/403/captcha/login). This module
only hands it a ``requests.Session`` that

* streams every body (``stream=True``), so the downloader can stop reading an image
  as soon as it is too large instead of holding all of it in memory first;
* remembers the last response, so that after a 403 the JSON error of the Zhihu API
  (for example code 10003) can be read and explained.
"""

from __future__ import annotations

import requests

from .polite import MIN_INTERVAL, PoliteSession, default_user_agent, host_of


class StreamingHTTP(requests.Session):
    """A ``requests.Session`` whose requests stream their bodies by default."""

    def __init__(self) -> None:
        super().__init__()
        self.last_response: requests.Response | None = None

    def request(self, method, url, **kwargs):  # noqa: D401 - same signature as requests
        kwargs.setdefault("stream", True)
        response = super().request(method, url, **kwargs)
        self.last_response = response
        return response


def make_session(contact: str | None = None, cookie: str | None = None,
                 cookie_url: str | None = None, min_interval: float = MIN_INTERVAL,
                 **kwargs) -> PoliteSession:
    """A :class:`PoliteSession` over :class:`StreamingHTTP`.

    ``cookie`` (your own, optional) is sent only to the host of ``cookie_url``: the API
    host, never an image server or any other site.
    """
    return PoliteSession(
        user_agent=kwargs.pop("user_agent", None) or default_user_agent(contact),
        min_interval=min_interval,
        cookie=cookie or None,
        cookie_host=host_of(cookie_url) if cookie and cookie_url else None,
        session=StreamingHTTP(),
        **kwargs,
    )


def last_response(session: PoliteSession) -> requests.Response | None:
    """The most recent response the session received (None if it is not streaming)."""
    return getattr(session.http, "last_response", None)
