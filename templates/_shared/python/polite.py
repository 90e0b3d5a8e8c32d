"""A polite HTTP session for small study crawls.

Rules it enforces (none of them can be switched off):

* robots.txt of a host is read before the first request to that host; a disallowed
  URL raises :class:`RobotsDisallowedError`. A robots.txt that answers 401/403 means
  "no robots allowed"; one that cannot be read (5xx, network error) means "try later".
* every request sends a descriptive User-Agent with a contact address;
* at least ``min_interval`` seconds (>= 1 s) between two requests to the same host,
  longer if robots.txt asks for a ``Crawl-delay``;
* every request has a timeout;
* only 429 and 5xx answers are retried, a bounded number of times, with exponential
  backoff (a numeric ``Retry-After`` header is honoured);
* 401/403/432, a captcha page or a redirect to a login/verification page raise
  :class:`BlockedError` and the crawl stops. The site has said no; this code never
  rotates User-Agents, uses proxies, solves captchas or forges signatures.

Cookies are optional, come from the environment or an untracked ``.env`` (see
:mod:`.envconfig`), are sent only to the host they belong to and are never logged.

:func:`dry_run_plan` describes a crawl without sending anything (the ``--dry-run`` option).

This module needs a sibling ``i18n.py`` (``tr("中文", "English")``).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import requests

from .i18n import tr

log = logging.getLogger(__name__)

MIN_INTERVAL = 1.0          # seconds between two requests to one host, at least
DEFAULT_TIMEOUT = 10.0      # seconds
DEFAULT_RETRIES = 3         # extra attempts after a 429/5xx answer
DEFAULT_BACKOFF = 2.0       # first retry waits 2 s, then 4 s, then 8 s
MAX_BACKOFF = 60.0          # a server that wants us to wait longer: give up, try later
MAX_REDIRECTS = 5
CONTACT_PLACEHOLDER = "your-email@example.com"

BLOCK_STATUSES = {401, 403, 432}
# Words of captcha / "are you a robot" pages (checked in HTML answers).
CAPTCHA_MARKERS = (
    "captcha", "验证码", "人机验证", "安全验证", "滑动验证", "滑块验证",
    "访问验证", "访问过于频繁", "unusual traffic",
)
# Where sites send visitors they want to log in or verify.
LOGIN_URL = re.compile(r"login|signin|sign-in|passport|captcha|verify|verification|/sso", re.I)


class CrawlerError(RuntimeError):
    """Base class of everything the polite session refuses or cannot do."""


class RobotsDisallowedError(CrawlerError):
    """robots.txt does not allow this URL for our User-Agent (there is no override)."""

    def __init__(self, url: str, detail: str = ""):
        self.url = url
        super().__init__(tr(
            f"robots.txt 不允许抓取 {url}{detail}。本程序遵守 robots.txt，不提供绕过的选项；"
            "请换一个允许抓取的页面，或者在浏览器里手动保存页面后用 parse 命令解析。",
            f"robots.txt does not allow fetching {url}{detail}. This program obeys robots.txt "
            "and has no option to bypass it; pick a page that allows crawling, or save pages "
            "from your browser by hand and use the parse command.",
        ))


class BlockedError(CrawlerError):
    """The site refused us (401/403/432, captcha page, login redirect): stop here."""

    def __init__(self, url: str, reason: str, status: int | None = None,
                 detail: str | None = None, response: requests.Response | None = None):
        self.url = url
        self.reason = reason          # "status", "captcha", "login", or a site's own reason
        self.status = status
        self.response = response      # the refusing answer, when there is one
        known = {
            "status": tr(f"HTTP {status}（拒绝访问）", f"HTTP {status} (access refused)"),
            "captcha": tr("验证码/人机验证页面", "a captcha / 'are you a robot' page"),
            "login": tr("跳转到登录或验证页面", "a redirect to a login or verification page"),
        }
        what = detail or known.get(reason) or reason
        super().__init__(tr(
            f"网站拒绝了请求：{url} 返回了{what}。爬虫已停止。"
            "网站这样回答，说明它不希望被这样抓取：请不要更换 User-Agent、"
            "使用代理或破解验证码。可以：降低频率、过一段时间再试、使用网站提供的导出或开放接口，"
            "或者在浏览器里正常浏览并保存页面，再用 parse 命令解析。",
            f"the site refused the request: {url} answered with {what}. The crawl has stopped. "
            "An answer like this means the site does not want to be crawled this way: do not "
            "rotate User-Agents, use proxies or solve captchas. Instead slow down, try again "
            "later, use an export or an official API of the site, or browse normally, save the "
            "pages and parse them with the parse command.",
        ))


class FetchError(CrawlerError):
    """A request failed for another reason (404, too many 5xx, timeout, network)."""


def default_user_agent(contact: str | None = None) -> str:
    """A descriptive User-Agent: who we are, why, and how to reach us.

    HTTP headers must be ASCII (latin-1), so the text is English.
    """
    name = __name__.split(".")[0].replace("_", "-")
    return (f"{name}-study-crawler/0.1 (+small study project, 1 request/s; "
            f"contact: {contact or CONTACT_PLACEHOLDER})")


def dry_run_plan(urls: list[str], user_agent: str | None = None, cookie_set: bool = False,
                 min_interval: float = MIN_INTERVAL, discovers_more: bool = False) -> list[str]:
    """What fetching ``urls`` in order would do, without sending a single request.

    Lists, per host, the robots.txt read first, then the settings and the URLs. Crawls
    that discover further URLs from the pages (next-page links, image URLs) can only
    show the first ones: pass ``discovers_more=True`` and the plan says so.
    """
    robots: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        if robots_url not in robots:
            robots.append(robots_url)
    per_host: dict[str, int] = {}
    for url in urls:
        per_host[host_of(url)] = per_host.get(host_of(url), 0) + 1
    slowest = max(per_host.values(), default=0) * min_interval
    lines = [tr(f"先读取 {r}，不允许就停止", f"first read {r} and stop if not allowed")
             for r in robots]
    lines += [
        f"User-Agent: {user_agent or default_user_agent()}",
        tr(f"同一网站两次请求间隔至少 {min_interval:g} 秒，预计至少 {slowest:g} 秒",
           f"at least {min_interval:g} s between requests to one host, "
           f"so at least {slowest:g} s"),
        tr(f"Cookie：{'已设置（内容不显示）' if cookie_set else '未设置'}",
           f"cookie: {'set (value hidden)' if cookie_set else 'not set'}"),
        tr(f"将抓取 {len(urls)} 个页面：", f"would fetch {len(urls)} page(s):"),
    ]
    lines += [f"  {url}" for url in urls]
    if discovers_more:
        lines.append(tr("其余 URL（下一页、图片等）要在抓取时从页面中得到，同样遵守以上规则",
                        "further URLs (next pages, images…) come from the pages while crawling, "
                        "under the same rules"))
    return lines


def page_text(response: requests.Response) -> str:
    """An HTML answer's text, decoded by its declared charset.

    Without a charset in the Content-Type header, ``requests`` falls back to ISO-8859-1,
    which turns a GBK page's Chinese into mojibake; here the ``<meta charset>`` of the page
    decides, then UTF-8, then GB18030.
    """
    if "charset" in response.headers.get("Content-Type", "").lower():
        return response.text
    raw = response.content or b""
    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", raw[:4096], re.I)
    declared = match.group(1).decode("ascii") if match else None
    for encoding in filter(None, [declared, "utf-8", "gb18030"]):
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def looks_like_captcha(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in CAPTCHA_MARKERS)


def looks_like_login_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(LOGIN_URL.search(parts.netloc + parts.path))


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class RateLimiter:
    """Remembers when each host was last contacted and sleeps until it may be again.

    ``clock`` and ``sleep`` can be replaced in tests (a fake clock never really waits).
    """

    def __init__(self, min_interval: float = MIN_INTERVAL,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None):
        self.min_interval = float(min_interval)
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def now(self) -> float:
        return self._clock() if self._clock else time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            (self._sleep or time.sleep)(seconds)

    def set_interval(self, host: str, seconds: float) -> None:
        """A longer interval for one host (from robots.txt); never shorter than the minimum."""
        self._interval[host] = max(self.min_interval, float(seconds))

    def interval(self, host: str) -> float:
        return self._interval.get(host, self.min_interval)

    def wait(self, host: str) -> float:
        """Sleep as long as needed before the next request to ``host``; return the wait."""
        waited = 0.0
        last = self._last.get(host)
        if last is not None:
            waited = max(0.0, last + self.interval(host) - self.now())
            if waited:
                log.debug("waiting %.1f s before the next request to %s", waited, host)
                self.sleep(waited)
        self._last[host] = self.now()
        return waited


class PoliteSession:
    """``requests`` with manners. Use :meth:`get` for every request."""

    def __init__(
        self,
        user_agent: str | None = None,
        min_interval: float = MIN_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        cookie: str | None = None,
        cookie_host: str | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        limiter: RateLimiter | None = None,
    ):
        if min_interval < MIN_INTERVAL:
            raise ValueError(f"min_interval must be at least {MIN_INTERVAL} s (got {min_interval})")
        if timeout <= 0:
            raise ValueError("timeout must be positive: a request must never hang forever")
        if not 0 <= max_retries <= 5:
            raise ValueError("max_retries must be between 0 and 5")
        if cookie and not cookie_host:
            raise ValueError("a cookie needs cookie_host: it is only sent to that host")
        self.user_agent = user_agent or default_user_agent()
        if not self.user_agent.isascii():
            raise ValueError("the User-Agent must be ASCII (HTTP headers are latin-1)")
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        # Sessions that share a limiter (e.g. one per source of a site) share its clock.
        if limiter is not None and limiter.min_interval < MIN_INTERVAL:
            raise ValueError(f"a shared limiter must wait at least {MIN_INTERVAL} s")
        self.limiter = limiter or RateLimiter(min_interval, clock=clock, sleep=sleep)
        self.http = session or requests.Session()
        self.http.headers["User-Agent"] = self.user_agent
        self._cookie = cookie or None
        self._cookie_host = cookie_host.lower() if cookie_host else None
        self._robots: dict[str, RobotFileParser | None] = {}
        self.requests_made = 0
        if self._cookie:
            # Say *that* a cookie is used, never its value.
            log.info("using a cookie for %s (%d characters, not shown)",
                     self._cookie_host, len(self._cookie))

    def __repr__(self) -> str:
        cookie = "set" if self._cookie else "none"
        return (f"PoliteSession(user_agent={self.user_agent!r}, "
                f"min_interval={self.limiter.min_interval}, cookie={cookie})")

    # ---- robots.txt ----------------------------------------------------------------

    def robots(self, url: str) -> RobotFileParser:
        """The parsed robots.txt of ``url``'s host (fetched once, then cached)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        robots_url = origin + "/robots.txt"
        parser = RobotFileParser(robots_url)
        login_wall = False
        try:
            response = self._send(robots_url)
            location = robots_url
            for _ in range(MAX_REDIRECTS):      # e.g. http -> https: follow a few hops
                if not response.is_redirect:
                    break
                location = urljoin(location, response.headers["Location"])
                if looks_like_login_url(location):
                    login_wall = True
                    break
                response = self._send(location)
        except requests.RequestException as exc:
            raise FetchError(tr(
                f"无法读取 {robots_url}（{type(exc).__name__}），所以不抓取这个网站。",
                f"could not read {robots_url} ({type(exc).__name__}), so this site is not "
                "crawled.",
            )) from None
        status = response.status_code
        if status in (401, 403) or login_wall:
            parser.disallow_all = True          # the site refuses robots altogether
        elif 400 <= status < 500 and status != 429:
            parser.allow_all = True             # no robots.txt: no rules
        elif status >= 300:                     # 429, 5xx, endless redirects: try later
            raise FetchError(tr(
                f"{robots_url} 暂时无法读取（HTTP {status}），请稍后再试。",
                f"{robots_url} cannot be read right now (HTTP {status}); try again later.",
            ))
        else:
            parser.parse(response.text.splitlines())
            delay = parser.crawl_delay(self.user_agent)
            rate = parser.request_rate(self.user_agent)
            slowest = max(float(delay or 0), rate.seconds / rate.requests if rate else 0.0)
            if slowest > self.limiter.min_interval:
                log.info("robots.txt of %s asks for %.1f s between requests", parts.netloc,
                         slowest)
                self.limiter.set_interval(host_of(url), slowest)
        self._robots[origin] = parser
        return parser

    def allowed(self, url: str) -> bool:
        return self.robots(url).can_fetch(self.user_agent, url)

    def check_robots(self, url: str) -> None:
        if not self.allowed(url):
            raise RobotsDisallowedError(url)

    # ---- requests ------------------------------------------------------------------

    def _cookie_applies(self, url: str) -> bool:
        """``cookie_host`` is a host (``www.example.com``) or, with a leading dot, a domain
        and its subdomains (``.example.com``)."""
        if not self._cookie or not self._cookie_host:
            return False
        host = host_of(url)
        if self._cookie_host.startswith("."):
            return host == self._cookie_host[1:] or host.endswith(self._cookie_host)
        return host == self._cookie_host

    def _headers_for(self, url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self._cookie_applies(url):
            headers["Cookie"] = self._cookie
        return headers

    def _send(self, url: str, headers: dict[str, str] | None = None,
              stream: bool = False) -> requests.Response:
        """One request after waiting for our turn; redirects are not followed here."""
        self.limiter.wait(host_of(url))
        self.requests_made += 1
        log.debug("GET %s", url)
        return self.http.get(url, headers=self._headers_for(url, headers), timeout=self.timeout,
                             allow_redirects=False, stream=stream)

    def _retry_wait(self, response: requests.Response, attempt: int) -> float:
        wait = self.backoff * (2 ** attempt)
        header = response.headers.get("Retry-After", "").strip()
        if header.isdigit():
            wait = max(wait, float(header))
        return wait

    def get(self, url: str, headers: dict[str, str] | None = None,
            stream: bool = False) -> requests.Response:
        """GET ``url`` politely; return a 2xx response or raise a :class:`CrawlerError`.

        ``headers`` adds request headers (e.g. ``Accept`` or ``Referer``); the User-Agent and
        the cookie are the session's own and cannot be replaced here. ``stream=True`` leaves
        the body unread (iterate ``response.iter_content``), for large downloads.
        """
        if headers and any(k.lower() in ("user-agent", "cookie") for k in headers):
            raise ValueError("the User-Agent and the cookie are the session's, not per request")
        for _ in range(MAX_REDIRECTS + 1):
            self.check_robots(url)
            response = self._get_with_retries(url, headers, stream)
            if response.is_redirect:
                target = urljoin(url, response.headers.get("Location", ""))
                if looks_like_login_url(target):
                    raise BlockedError(target, "login", response.status_code)
                log.info("redirected %s -> %s", url, target)
                url = target
                continue
            self._check_content(url, response)
            return response
        raise FetchError(tr(f"{url}：重定向次数过多", f"{url}: too many redirects"))

    def _get_with_retries(self, url: str, headers: dict[str, str] | None = None,
                          stream: bool = False) -> requests.Response:
        for attempt in range(self.max_retries + 1):
            try:
                response = self._send(url, headers, stream)
            except requests.Timeout:
                raise FetchError(tr(
                    f"{url} 在 {self.timeout:g} 秒内没有响应（超时）。",
                    f"{url} did not answer within {self.timeout:g} s (timeout).",
                )) from None
            except requests.RequestException as exc:
                raise FetchError(tr(f"请求 {url} 失败：{type(exc).__name__}",
                                    f"request to {url} failed: {type(exc).__name__}")) from None
            status = response.status_code
            if status in BLOCK_STATUSES:
                raise BlockedError(url, "status", status, response=response)
            if status == 429 or status >= 500:
                if attempt == self.max_retries:
                    raise FetchError(tr(
                        f"{url} 连续 {attempt + 1} 次返回 HTTP {status}，放弃。请稍后再试。",
                        f"{url} answered HTTP {status} {attempt + 1} times; giving up. "
                        "Try again later.",
                    ))
                wait = self._retry_wait(response, attempt)
                if wait > MAX_BACKOFF:
                    raise FetchError(tr(
                        f"{url} 要求等待 {wait:g} 秒（HTTP {status}），请稍后再试。",
                        f"{url} asks us to wait {wait:g} s (HTTP {status}); try again later.",
                    ))
                log.warning("HTTP %d from %s, retrying in %.0f s", status, url, wait)
                self.limiter.sleep(wait)
                continue
            if status >= 400:
                raise FetchError(f"HTTP {status}: {url}")
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_content(self, url: str, response: requests.Response) -> None:
        if looks_like_login_url(url):
            raise BlockedError(url, "login", response.status_code)
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type and looks_like_captcha(page_text(response)):
            raise BlockedError(url, "captcha", response.status_code, response=response)
