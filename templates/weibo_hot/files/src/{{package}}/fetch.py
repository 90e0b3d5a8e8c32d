"""Fetch the hot search list: try the sources in order, fall back when one fails.

All requests go through :class:`.polite.PoliteSession` (robots.txt, a descriptive
User-Agent, >= 1 s between requests to one host, timeouts, retries on 429/5xx only).
The sessions of the different hosts share one :class:`.polite.RateLimiter`, so the
two ``weibo.com`` sources are also spaced at least one second apart.

A source *fails* when robots.txt disallows it, the request fails (404, timeouts, 5xx
after the retries) or the answer cannot be parsed; the next source is then tried. When
every source fails, :class:`AllSourcesFailed` lists why.

A *refusal* is different: 401/403/432, a captcha page, a redirect to a login/visitor page
or a JSON "please log in" answer (:class:`.polite.BlockedError`) means Weibo does not
want to be crawled this way, and all four sources are Weibo. The crawl then stops for
the whole site with :class:`CrawlStopped`: asking Weibo's other addresses after a
refusal would be working around it, not falling back. The client also remembers the
refusal and sends nothing more.

Nothing here changes the User-Agent, uses proxies or solves captchas.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests

from .config import COOKIE_HOSTS
from .i18n import tr
from .models import HotItem, ParseError
from .polite import (
    BlockedError,
    CrawlerError,
    PoliteSession,
    RateLimiter,
    RobotsDisallowedError,
    default_user_agent,
    dry_run_plan,
    host_of,
)
from .sources import SOURCES, Source

log = logging.getLogger(__name__)

# A JSON answer meaning "log in first" (weibo.com answers {"ok": -100, "url": ...}).
LOGIN_OK_CODES = {-100}


class AllSourcesFailed(CrawlerError):
    """Every source failed; ``attempts`` says how each one failed."""

    def __init__(self, attempts: list[Attempt]):
        self.attempts = attempts
        lines = [tr("所有数据源都失败了：", "every source failed:")]
        lines += [f"  - {a.source}: {a.error}" for a in attempts]
        if self.refused:
            lines.append(tr(
                "robots.txt 不允许抓取任何一个数据源。不要绕过：在浏览器里正常打开热搜页，"
                "保存后用 parse 命令解析。",
                "robots.txt allows none of the sources. Do not work around that: open the "
                "hot search page in your browser, save it and use the parse command.",
            ))
        super().__init__("\n".join(lines))

    @property
    def refused(self) -> bool:
        return bool(self.attempts) and all(a.refused for a in self.attempts)


class CrawlStopped(CrawlerError):
    """Weibo refused a request: the crawl stopped, the remaining sources were not tried."""

    refused = True

    def __init__(self, blocked: BlockedError, source: str, attempts: list[Attempt],
                 untried: list[str]):
        self.blocked = blocked
        self.source = source
        self.attempts = attempts
        self.untried = untried
        lines = [str(blocked)]
        earlier = attempts[:-1]
        if earlier:
            lines.append(tr("之前失败的数据源：", "sources that failed before:"))
            lines += [f"  - {a.source}: {a.error}" for a in earlier]
        if untried:
            names = ", ".join(untried)
            lines.append(tr(
                f"其余数据源（{names}）也属于微博，没有再尝试。",
                f"the other sources ({names}) belong to Weibo too and were not tried."))
        super().__init__("\n".join(lines))


@dataclass
class Attempt:
    source: str
    error: str = ""
    refused: bool = False         # refused or disallowed by robots.txt (not a glitch)


@dataclass
class FetchResult:
    source: str
    items: list[HotItem]
    attempts: list[Attempt] = field(default_factory=list)   # the failures before it


class WeiboClient:
    """One polite session per host, all sharing one rate limiter and one HTTP session.

    The cookie (``WEIBO_COOKIE``) is handed only to the sessions of ``COOKIE_HOSTS``.
    """

    def __init__(self, user_agent: str | None = None, cookie: str | None = None,
                 http: requests.Session | None = None, clock=None, sleep=None,
                 timeout: float = 10.0):
        self.user_agent = user_agent or default_user_agent()
        self._cookie = cookie or None
        self.http = http or requests.Session()
        self.limiter = RateLimiter(clock=clock, sleep=sleep)
        self._clock, self._sleep, self._timeout = clock, sleep, timeout
        self._sessions: dict[str, PoliteSession] = {}
        self.blocked: BlockedError | None = None   # set by the first refusal

    def __repr__(self) -> str:
        return (f"WeiboClient(user_agent={self.user_agent!r}, "
                f"cookie={'set' if self._cookie else 'none'})")

    @property
    def requests_made(self) -> int:
        return sum(session.requests_made for session in self._sessions.values())

    def session_for(self, url: str) -> PoliteSession:
        host = host_of(url)
        if host not in self._sessions:
            cookie = self._cookie if host in COOKIE_HOSTS else None
            session = PoliteSession(user_agent=self.user_agent, cookie=cookie,
                                    cookie_host=host if cookie else None, session=self.http,
                                    clock=self._clock, sleep=self._sleep,
                                    timeout=self._timeout)
            session.limiter = self.limiter          # one clock for every host
            self._sessions[host] = session
        return self._sessions[host]

    @contextmanager
    def _extra_headers(self, headers: dict[str, str]):
        """Headers for one source's requests (never the User-Agent or the cookie)."""
        safe = {k: v for k, v in headers.items() if k.lower() not in ("user-agent", "cookie")}
        saved = {k: self.http.headers.get(k) for k in safe}
        self.http.headers.update(safe)
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    self.http.headers.pop(key, None)
                else:
                    self.http.headers[key] = value

    def fetch_text(self, source: Source) -> str:
        """The answer of ``source``; after a refusal, BlockedError without a request."""
        if self.blocked is not None:
            raise self.blocked
        try:
            session = self.session_for(source.url)
            session.check_robots(source.url)     # robots.txt is read with the plain headers
            with self._extra_headers(source.headers):
                response = session.get(source.url)
            text = response.text
            if source.kind == "json":
                check_json_login(source.url, text, response.status_code)
        except BlockedError as exc:
            self.blocked = exc                   # every source is Weibo: stop for all
            raise
        return text


def check_json_login(url: str, text: str, status: int | None = None) -> None:
    """Raise BlockedError when a JSON answer says "log in first"."""
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return                                  # the parser will explain
    if isinstance(payload, dict) and payload.get("ok") in LOGIN_OK_CODES:
        raise BlockedError(url, "login", status)


def fetch_hot(client: WeiboClient, sources=SOURCES) -> FetchResult:
    """The list from the first source that works; AllSourcesFailed if none does,
    CrawlStopped as soon as Weibo refuses a request."""
    attempts: list[Attempt] = []
    sources = list(sources)
    for position, source in enumerate(sources):
        try:
            items = source.parse(client.fetch_text(source))
        except BlockedError as exc:
            attempts.append(Attempt(source.key, str(exc), refused=True))
            raise CrawlStopped(exc, source.key, attempts,
                               [s.key for s in sources[position + 1:]]) from None
        except (CrawlerError, ParseError) as exc:
            refused = isinstance(exc, RobotsDisallowedError)
            attempts.append(Attempt(source.key, str(exc), refused))
            log.warning(tr(f"数据源 {source.key} 失败，尝试下一个：{exc}",
                           f"source {source.key} failed, trying the next one: {exc}"))
            continue
        log.info(tr(f"数据源 {source.key}：{len(items)} 条热搜",
                    f"source {source.key}: {len(items)} topics"))
        return FetchResult(source.key, items, attempts)
    raise AllSourcesFailed(attempts)


def plan(sources=SOURCES, user_agent: str | None = None, cookie_set: bool = False) -> list[str]:
    """What ``crawl`` would do, without sending a single request (``--dry-run``)."""
    lines = dry_run_plan([s.url for s in sources], user_agent, cookie_set)
    lines.append(tr(
        "按上面的顺序尝试，第一个成功的数据源就停止；被拒绝（401/403/验证码/要求登录）就整个停止，"
        "不再问微博的其他地址；Cookie 只发给 " + "、".join(COOKIE_HOSTS),
        "tried in this order, stopping at the first that works; a refusal (401/403/captcha/"
        "log in) stops the whole crawl, no other Weibo address is asked; the cookie goes only "
        "to " + ", ".join(COOKIE_HOSTS),
    ))
    return lines
