"""The polite session, offline: ``responses`` answers every request from a script.

No test sleeps for real: ``fake_time`` records the waits instead. robots.txt files and the
captcha page are hand-written here.
"""

import logging

import pytest
import requests
import responses
from responses import matchers

from shared.polite import (
    MIN_INTERVAL,
    BlockedError,
    FetchError,
    PoliteSession,
    RateLimiter,
    RobotsDisallowedError,
    default_user_agent,
    dry_run_plan,
    host_of,
    looks_like_captcha,
    looks_like_login_url,
)

SITE = "https://rent.example.com"
ROBOTS = SITE + "/robots.txt"
PAGE = SITE + "/zufang/pg1/"
PAGE2 = SITE + "/zufang/pg2/"
HTML = "text/html; charset=utf-8"

ROBOTS_FILES = {
    # list pages allowed, account pages and the API not
    "robots_allow.txt": "User-agent: *\nDisallow: /account/\nDisallow: /api/\nAllow: /zufang/\n",
    # the whole site is closed to crawlers
    "robots_deny.txt": "User-agent: *\nDisallow: /\n",
    # crawlers are welcome, slowly
    "robots_slow.txt": "User-agent: *\nCrawl-delay: 5\nDisallow: /account/\n",
}
CAPTCHA_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>安全验证</title></head>
<body><p>访问过于频繁，请输入验证码后继续。</p><div id="captcha"></div></body></html>
"""


class FakeTime:
    """``clock()`` returns the fake time; ``sleep(s)`` records s and moves the time on."""

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def new_session(fake_time):
    def make(**kwargs):
        return PoliteSession(clock=fake_time.clock, sleep=fake_time.sleep, **kwargs)
    return make


def serve_robots(mocked, name="robots_allow.txt"):
    mocked.get(ROBOTS, body=ROBOTS_FILES[name], content_type="text/plain")


def urls(mocked) -> list[str]:
    return [call.request.url for call in mocked.calls]


# ---- robots.txt -----------------------------------------------------------------------


def test_disallowed_by_robots_refuses_before_the_first_page_request(mocked, new_session):
    serve_robots(mocked, "robots_deny.txt")
    mocked.get(PAGE, body="<html></html>", content_type=HTML)
    session = new_session()
    with pytest.raises(RobotsDisallowedError) as err:
        session.get(PAGE)
    assert err.value.url == PAGE
    assert "robots.txt" in str(err.value)
    assert urls(mocked) == [ROBOTS]          # the page itself was never requested


def test_robots_rules_per_path_and_fetched_once(mocked, new_session):
    serve_robots(mocked)
    session = new_session()
    assert session.allowed(PAGE)
    assert session.allowed(PAGE2)
    assert not session.allowed(SITE + "/account/profile")
    assert not session.allowed(SITE + "/api/list?page=1")
    assert urls(mocked) == [ROBOTS]


def test_no_robots_txt_means_no_rules(mocked, new_session):
    mocked.get(ROBOTS, status=404)
    mocked.get(PAGE, body="<html>ok</html>", content_type=HTML)
    assert new_session().get(PAGE).text == "<html>ok</html>"


@pytest.mark.parametrize("status", [401, 403])
def test_robots_txt_behind_a_login_means_no_robots(mocked, new_session, status):
    mocked.get(ROBOTS, status=status)
    mocked.get(PAGE, body="<html>ok</html>", content_type=HTML)
    with pytest.raises(RobotsDisallowedError):
        new_session().get(PAGE)
    assert urls(mocked) == [ROBOTS]


def test_unreadable_robots_txt_means_try_later(mocked, new_session):
    mocked.get(ROBOTS, status=503)
    with pytest.raises(FetchError, match="robots.txt"):
        new_session().get(PAGE)
    assert urls(mocked) == [ROBOTS]


def test_crawl_delay_in_robots_txt_slows_us_down(mocked, new_session, fake_time):
    serve_robots(mocked, "robots_slow.txt")   # Crawl-delay: 5
    mocked.get(PAGE, body="<html>1</html>", content_type=HTML)
    mocked.get(PAGE2, body="<html>2</html>", content_type=HTML)
    session = new_session()
    session.get(PAGE)
    session.get(PAGE2)
    assert fake_time.sleeps == [5.0, 5.0]


# ---- identity, rate limit, timeouts ---------------------------------------------------


def test_user_agent_is_descriptive_ascii_and_has_a_contact():
    agent = default_user_agent("me@example.org")
    assert agent.isascii()
    assert "study" in agent and "contact: me@example.org" in agent
    assert "contact: your-email@example.com" in default_user_agent()
    with pytest.raises(ValueError):
        PoliteSession(user_agent="学习爬虫/0.1")   # HTTP headers must be ASCII


def test_every_request_sends_the_user_agent_and_a_timeout(mocked, new_session):
    agent = default_user_agent("me@example.org")
    match = [matchers.header_matcher({"User-Agent": agent})]
    mocked.get(ROBOTS, body=ROBOTS_FILES["robots_allow.txt"], match=match)
    mocked.get(PAGE, body="<html>ok</html>", content_type=HTML, match=match)
    new_session(user_agent=agent, timeout=7).get(PAGE)
    assert len(mocked.calls) == 2
    assert [call.request.req_kwargs["timeout"] for call in mocked.calls] == [7, 7]


def test_rate_limiter_waits_per_host(fake_time):
    limiter = RateLimiter(1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    assert limiter.wait("a.example.com") == 0          # first request: no wait
    fake_time.advance(0.3)
    assert limiter.wait("a.example.com") == pytest.approx(0.7)
    assert limiter.wait("b.example.com") == 0          # another host has its own clock
    fake_time.advance(5)
    assert limiter.wait("a.example.com") == 0          # enough time has passed anyway
    assert fake_time.sleeps == [0.7]


def test_at_least_one_second_between_requests_to_a_host(mocked, new_session, fake_time):
    serve_robots(mocked)
    mocked.get(PAGE, body="<html>1</html>", content_type=HTML)
    mocked.get(PAGE2, body="<html>2</html>", content_type=HTML)
    session = new_session()
    for url in [PAGE, PAGE2, PAGE]:
        session.get(url)
    # robots.txt -> page 1 -> page 2 -> page 1: three waits of a full second
    assert fake_time.sleeps == [1.0, 1.0, 1.0]
    assert session.requests_made == 4


@pytest.mark.parametrize("options", [
    {"min_interval": 0.5}, {"min_interval": 0}, {"timeout": 0}, {"max_retries": 50},
    {"cookie": "a=b"},                     # a cookie must name its host
])
def test_unsafe_settings_are_refused(options):
    assert MIN_INTERVAL >= 1.0
    with pytest.raises(ValueError):
        PoliteSession(**options)


# ---- retries --------------------------------------------------------------------------


def test_5xx_is_retried_with_exponential_backoff(mocked, new_session, fake_time):
    serve_robots(mocked)
    mocked.get(PAGE, status=503)
    mocked.get(PAGE, status=502)
    mocked.get(PAGE, body="<html>finally</html>", content_type=HTML)
    response = new_session(backoff=2.0).get(PAGE)
    assert response.text == "<html>finally</html>"
    assert urls(mocked) == [ROBOTS, PAGE, PAGE, PAGE]
    assert fake_time.sleeps == [1.0, 2.0, 4.0]    # rate limit, then backoff 2 s, 4 s


def test_429_honours_retry_after(mocked, new_session, fake_time):
    serve_robots(mocked)
    mocked.get(PAGE, status=429, headers={"Retry-After": "7"})
    mocked.get(PAGE, body="<html>ok</html>", content_type=HTML)
    new_session(backoff=2.0).get(PAGE)
    assert 7.0 in fake_time.sleeps


def test_retries_are_bounded(mocked, new_session):
    serve_robots(mocked)
    mocked.get(PAGE, status=500)
    with pytest.raises(FetchError, match="500"):
        new_session(max_retries=3).get(PAGE)
    assert urls(mocked).count(PAGE) == 4          # 1 try + 3 retries, then stop


def test_a_very_long_retry_after_gives_up_instead_of_waiting(mocked, new_session,
                                                            fake_time):
    serve_robots(mocked)
    mocked.get(PAGE, status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError, match="3600"):
        new_session().get(PAGE)
    assert max(fake_time.sleeps) < 60


@pytest.mark.parametrize("status", [400, 404, 410])
def test_other_client_errors_are_not_retried(mocked, new_session, fake_time, status):
    serve_robots(mocked)
    mocked.get(PAGE, status=status)
    with pytest.raises(FetchError, match=str(status)):
        new_session().get(PAGE)
    assert urls(mocked).count(PAGE) == 1
    assert fake_time.sleeps == [1.0]              # only the normal rate-limit wait


@pytest.mark.parametrize("error", [requests.Timeout("slow"), requests.ConnectionError("down")])
def test_timeouts_and_network_errors_are_not_retried(mocked, new_session, error):
    serve_robots(mocked)
    mocked.get(PAGE, body=error)
    with pytest.raises(FetchError):
        new_session().get(PAGE)
    assert urls(mocked).count(PAGE) == 1


# ---- being blocked --------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 403, 432])
def test_refusal_statuses_stop_at_once(mocked, new_session, status):
    serve_robots(mocked)
    mocked.get(PAGE, status=status)
    with pytest.raises(BlockedError) as err:
        new_session().get(PAGE)
    assert (err.value.reason, err.value.status, err.value.url) == ("status", status, PAGE)
    assert urls(mocked).count(PAGE) == 1          # never retried


def test_captcha_page_stops_the_crawl(mocked, new_session):
    serve_robots(mocked)
    mocked.get(PAGE, body=CAPTCHA_PAGE,
               content_type=HTML)
    with pytest.raises(BlockedError) as err:
        new_session().get(PAGE)
    assert err.value.reason == "captcha"
    assert urls(mocked).count(PAGE) == 1


def test_login_redirect_stops_without_following_it(mocked, new_session):
    serve_robots(mocked)
    login = "https://passport.example.com/login?service=https%3A%2F%2Frent.example.com%2F"
    mocked.get(PAGE, status=302, headers={"Location": login})
    mocked.get(login, body="<html>please log in</html>", content_type=HTML)
    with pytest.raises(BlockedError) as err:
        new_session().get(PAGE)
    assert err.value.reason == "login"
    assert login not in urls(mocked)


def test_an_ordinary_redirect_is_followed(mocked, new_session):
    serve_robots(mocked)
    mocked.get(SITE + "/zufang/pg1", status=301, headers={"Location": "/zufang/pg1/"})
    mocked.get(PAGE, body="<html>moved here</html>", content_type=HTML)
    assert new_session().get(SITE + "/zufang/pg1").text == "<html>moved here</html>"


def test_a_redirect_to_another_host_checks_that_hosts_robots(mocked, new_session):
    serve_robots(mocked)
    other = "https://mirror.example.net/zufang/pg1/"
    mocked.get(PAGE, status=302, headers={"Location": other})
    mocked.get("https://mirror.example.net/robots.txt",
               body=ROBOTS_FILES["robots_deny.txt"])
    with pytest.raises(RobotsDisallowedError):
        new_session().get(PAGE)
    assert other not in urls(mocked)


@pytest.mark.parametrize("text, expected", [
    ("<title>人机验证</title>", True),
    ("请输入验证码", True),
    ("<div id='captcha'></div>", True),
    ("<div class='content__list'>房源</div>", False),
])
def test_captcha_markers(text, expected):
    assert looks_like_captcha(text) is expected


@pytest.mark.parametrize("url, expected", [
    ("https://passport.example.com/cas/login", True),
    ("https://rent.example.com/user/signin?next=/", True),
    ("https://rent.example.com/captcha?id=1", True),
    ("https://rent.example.com/zufang/pg2/", False),
])
def test_login_urls(url, expected):
    assert looks_like_login_url(url) is expected


# ---- cookies --------------------------------------------------------------------------

COOKIE = "sessionid=TOP-SECRET-COOKIE-42; lang=zh"


def test_cookie_goes_only_to_its_host_and_never_into_logs(mocked, new_session,
                                                          caplog):
    caplog.set_level(logging.DEBUG)
    serve_robots(mocked)
    mocked.get(PAGE, body="<html>ok</html>", content_type=HTML,
               match=[matchers.header_matcher({"Cookie": COOKIE})])
    mocked.get("https://cdn.example.net/robots.txt", status=404)
    mocked.get("https://cdn.example.net/zufang/x", body="<html>x</html>", content_type=HTML)
    mocked.get(PAGE2, status=403)
    session = new_session(cookie=COOKIE, cookie_host="rent.example.com")

    session.get(PAGE)
    session.get("https://cdn.example.net/zufang/x")
    with pytest.raises(BlockedError) as err:
        session.get(PAGE2)

    other = [c for c in mocked.calls if "cdn.example.net" in c.request.url]
    assert other and all("Cookie" not in c.request.headers for c in other)
    assert "TOP-SECRET" not in caplog.text
    assert "using a cookie" in caplog.text          # it says *that* a cookie is used
    assert "TOP-SECRET" not in str(err.value)
    assert "TOP-SECRET" not in repr(session)


# ---- dry run --------------------------------------------------------------------------


def test_dry_run_plan_lists_each_hosts_robots_first_then_the_urls():
    urls = [PAGE, PAGE2, "https://img.example.net/a.jpg"]
    plan = dry_run_plan(urls, cookie_set=True)
    robots_lines = [line for line in plan if "robots.txt" in line]
    assert len(robots_lines) == 2
    assert ROBOTS in robots_lines[0] and "img.example.net/robots.txt" in robots_lines[1]
    assert plan.index(robots_lines[-1]) < plan.index(f"  {PAGE}")
    assert plan[-3:] == [f"  {url}" for url in urls]
    assert any("User-Agent" in line and "contact" in line for line in plan)
    assert any("2 s" in line or "2 秒" in line for line in plan)   # two pages on one host
    assert not any("=" in line and "Cookie" in line for line in plan)


# ---- options for site-specific clients --------------------------------------------------


def test_a_gbk_captcha_page_without_a_charset_header_is_recognised(mocked, new_session):
    serve_robots(mocked)
    page = ('<html><head><meta charset="gbk"><title>安全验证</title></head>'
            "<body>请输入验证码</body></html>").encode("gbk")
    mocked.get(PAGE, body=page, content_type="text/html")     # no charset: requests guesses latin-1
    with pytest.raises(BlockedError) as err:
        new_session().get(PAGE)
    assert err.value.reason == "captcha"
    assert err.value.response is not None


def test_extra_headers_per_request_but_never_another_user_agent(mocked, new_session):
    serve_robots(mocked)
    mocked.get(PAGE, body="{}", content_type="application/json",
               match=[matchers.header_matcher({"Accept": "application/json",
                                               "Referer": SITE + "/"})])
    session = new_session()
    session.get(PAGE, headers={"Accept": "application/json", "Referer": SITE + "/"})
    for forbidden in ({"User-Agent": "Mozilla/5.0"}, {"cookie": "a=b"}):
        with pytest.raises(ValueError):
            session.get(PAGE, headers=forbidden)


def test_a_domain_cookie_goes_to_its_subdomains_only(mocked, new_session):
    cookie = "sid=DOMAIN-COOKIE"
    seen = {}
    for host in ("https://a.example.com", "https://b.example.com", "https://example.net"):
        mocked.get(host + "/robots.txt", status=404)
        mocked.get(host + "/x", body="<html>ok</html>", content_type=HTML)
    session = new_session(cookie=cookie, cookie_host=".example.com")
    for host in ("https://a.example.com", "https://b.example.com", "https://example.net"):
        session.get(host + "/x")
    for call in mocked.calls:
        if call.request.url.endswith("/x"):
            seen[host_of(call.request.url)] = call.request.headers.get("Cookie")
    assert seen == {"a.example.com": cookie, "b.example.com": cookie, "example.net": None}


def test_sessions_sharing_a_limiter_share_the_clock(mocked, fake_time):
    serve_robots(mocked)
    mocked.get(PAGE, body="<html>1</html>", content_type=HTML)
    limiter = RateLimiter(1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    first = PoliteSession(limiter=limiter)
    second = PoliteSession(limiter=limiter)
    first.get(PAGE)
    second.get(PAGE)           # robots.txt again (its own cache), then the page: all spaced
    assert fake_time.sleeps == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError):
        PoliteSession(limiter=RateLimiter(0.2))


def test_a_site_specific_refusal_keeps_its_reason_and_answer():
    err = BlockedError("https://api.example.com/v1", "cheating", 200,
                       detail="API code -460 (Cheating)")
    assert err.reason == "cheating" and err.status == 200
    assert "-460" in str(err) and err.response is None


def test_dry_run_plan_says_when_more_urls_come_from_the_pages():
    plan = dry_run_plan([PAGE], discovers_more=True)
    assert plan[-2] == f"  {PAGE}"
    assert "robots" not in plan[-1] and ("crawling" in plan[-1] or "抓取" in plan[-1])
