"""The public (unencrypted) v1 comments API: URLs, page parsing, errors and the pager.

    GET https://music.163.com/api/v1/resource/comments/R_SO_4_<song id>?limit=20&offset=0

answers JSON like this (only the fields used here; ``tests/fixtures/comments_page0.json``
is a hand-written example)::

    {"code": 200, "more": true, "total": 1234,
     "hotComments": [ ...only on the first page... ],
     "comments": [{"commentId": 1, "content": "...", "likedCount": 5, "time": 1735689600000,
                   "user": {"userId": 42, "nickname": "..."}}, ...]}

What this module does **not** do, on purpose:

* no audio download (copyright);
* no ``weapi`` client: the site's own web player encrypts its requests (AES + RSA with keys
  taken from its JavaScript). Re-implementing that is imitating the official client to get
  past the site's checks, which is not what a study crawler should do.

When the site answers ``{"code": -460, "msg": "Cheating"}`` it has classified the requests
as a bot: :class:`CheatingError` stops the crawl and explains what to do (slow down, try
later, do not forge headers or cookies).

Every request goes through a fetch function ``get_json(url) -> dict``: in the live crawl it
is :func:`session_getter` (the polite session: robots.txt, 1 request/s, timeouts); in the
demo and in tests it is an offline stand-in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .i18n import tr
from .playlist import BASE_URL, check_id
from .polite import BlockedError, CrawlerError, FetchError
from .privacy import DEMO_SALT, mask_mentions, pseudonym

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_PAGES = 3
MAX_PAGES = 50          # a study needs a sample of comments, not all of them
CHEATING_CODE = -460

# The fields kept for each comment: nothing else from the API answer is stored.
RECORD_FIELDS = ["song_id", "comment_id", "hot", "user_hash", "nickname_hash",
                 "content", "liked", "time_ms"]

_URL = re.compile(r"/api/v1/resource/comments/R_SO_4_(\d+)")

GetJson = Callable[[str], dict]


class ApiError(FetchError):
    """The API answered, but not with a usable page (another error code, not JSON)."""


class CheatingError(BlockedError):
    """Code -460 "Cheating": the site thinks we are a bot. Stop, do not work around it."""

    def __init__(self, url: str, message: str = "Cheating"):
        self.url = url
        self.reason = "cheating"
        self.status = CHEATING_CODE
        CrawlerError.__init__(self, tr(
            f"网易云音乐接口返回 code {CHEATING_CODE}（“{message}”）：{url}\n"
            "网站把这些请求判定为机器人，爬虫已停止。请：\n"
            "  1. 放慢速度，少抓几页（--pages），过几个小时再试；\n"
            "  2. 如果一定需要，可以在 .env 里设置你自己浏览器的 NCM_COOKIE"
            "（只发给 music.163.com，不会被打印）；\n"
            "  3. 不要伪造请求头、Cookie 或设备标识，不要换 User-Agent 或用代理——"
            "这些都是绕过网站的反爬措施，本项目不提供；\n"
            "  4. 也可以在浏览器里正常浏览，手动保存页面后用 playlist 命令离线解析。",
            f"the NetEase Cloud Music API answered code {CHEATING_CODE} ('{message}') for {url}.\n"
            "The site classified these requests as a bot; the crawl has stopped. Please:\n"
            "  1. slow down and fetch fewer pages (--pages); try again in a few hours;\n"
            "  2. if you really need it, set NCM_COOKIE in .env to your own browser cookie "
            "(sent only to music.163.com, never printed);\n"
            "  3. do not forge headers, cookies or device ids, rotate User-Agents or use "
            "proxies: that is working around the site's bot protection, which this project "
            "does not do;\n"
            "  4. or browse normally, save the pages and parse them offline with the playlist "
            "command.",
        ))


def comments_url(song_id: int | str, offset: int = 0, limit: int = DEFAULT_LIMIT) -> str:
    song = check_id(song_id)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1..{MAX_LIMIT}")
    if offset < 0:
        raise ValueError("offset must not be negative")
    return f"{BASE_URL}/api/v1/resource/comments/R_SO_4_{song}?limit={limit}&offset={offset}"


def song_id_from_url(url: str) -> int | None:
    match = _URL.search(url)
    return int(match.group(1)) if match else None


# ---- one page --------------------------------------------------------------------------


def check_code(data: object, url: str) -> dict:
    """Return the page if its ``code`` is 200; raise CheatingError / ApiError otherwise."""
    if not isinstance(data, dict):
        raise ApiError(tr(f"{url} 返回的不是 JSON 对象", f"{url} did not answer a JSON object"))
    code = data.get("code")
    if code == CHEATING_CODE:
        raise CheatingError(url, str(data.get("msg") or data.get("message") or "Cheating"))
    if code != 200:
        message = data.get("msg") or data.get("message") or ""
        raise ApiError(tr(f"{url} 返回错误 code={code} {message}".rstrip(),
                          f"{url} answered an error: code={code} {message}".rstrip()))
    return data


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def parse_comment(raw: dict) -> dict | None:
    """One API comment -> plain fields (still with user id and nickname); None if unusable.

    Missing fields get neutral values: no content -> "", no likes -> 0, no user -> None.
    """
    if not isinstance(raw, dict):
        return None
    comment_id = _int(raw.get("commentId"))
    if comment_id is None:
        return None
    user = raw.get("user") if isinstance(raw.get("user"), dict) else {}
    content = raw.get("content")
    liked = _int(raw.get("likedCount"))
    return {
        "comment_id": comment_id,
        "content": content if isinstance(content, str) else "",
        "liked": max(liked, 0) if liked is not None else 0,
        "time_ms": _int(raw.get("time")),
        "user_id": _int(user.get("userId")),
        "nickname": user.get("nickname") if isinstance(user.get("nickname"), str) else None,
    }


@dataclass
class CommentPage:
    hot: list[dict]
    comments: list[dict]
    more: bool
    total: int | None


def parse_page(data: dict, url: str = "(page)") -> CommentPage:
    """A checked API page -> hot and normal comments, ``more`` and ``total``."""
    data = check_code(data, url)

    def comments(key):
        items = data.get(key)
        parsed = [parse_comment(c) for c in items] if isinstance(items, list) else []
        return [c for c in parsed if c is not None]

    return CommentPage(hot=comments("hotComments"), comments=comments("comments"),
                       more=bool(data.get("more", False)), total=_int(data.get("total")))


def to_record(comment: dict, song_id: int, hot: bool, salt: str = DEMO_SALT) -> dict:
    """The minimal record that is stored: ids and nicknames are replaced by salted hashes."""
    return {
        "song_id": song_id,
        "comment_id": comment["comment_id"],
        "hot": hot,
        "user_hash": pseudonym(comment["user_id"], salt),
        "nickname_hash": pseudonym(comment["nickname"], salt),
        "content": mask_mentions(comment["content"]),
        "liked": comment["liked"],
        "time_ms": comment["time_ms"],
    }


# ---- the pager -------------------------------------------------------------------------


STOP_REASONS = {
    "end": ("接口说没有更多了（more=false）", "the API said there is no more (more=false)"),
    "empty": ("这一页没有评论", "a page without comments"),
    "repeat": ("这一页的评论都已经见过（重复页）", "every comment on the page was seen before "
               "(a repeated page)"),
    "cap": ("达到页数上限", "reached the page limit"),
}


def describe_stop(reason: str) -> str:
    zh, en = STOP_REASONS[reason]
    return tr(zh, en)


@dataclass
class SongComments:
    song_id: int
    records: list[dict] = field(default_factory=list)
    pages: int = 0
    stop: str = ""
    total: int | None = None


def fetch_song_comments(get_json: GetJson, song_id: int, max_pages: int = DEFAULT_PAGES,
                        limit: int = DEFAULT_LIMIT, salt: str = DEMO_SALT) -> SongComments:
    """Page through the comments of one song; stop at the first of:

    * ``more == false`` (the last page) or a page without comments;
    * a page whose comment ids were **all** seen before (deep offsets of this API are
      known to return the same page again and again);
    * ``max_pages`` pages.

    Hot comments come with the first page only. A comment is stored once even if it is
    both hot and on a normal page. On an error the records fetched so far are attached to
    the exception as ``exc.partial`` (a :class:`SongComments`).
    """
    if not 1 <= max_pages <= MAX_PAGES:
        raise ValueError(f"max_pages must be 1..{MAX_PAGES}")
    result = SongComments(song_id=check_id(song_id))
    by_id: dict[int, dict] = {}
    seen_normal: set[int] = set()
    offset = 0
    while True:
        url = comments_url(song_id, offset, limit)
        try:
            page = parse_page(get_json(url), url)
        except CrawlerError as exc:
            result.records = list(by_id.values())
            exc.partial = result
            raise
        result.pages += 1
        if result.total is None:
            result.total = page.total
        for comment in page.hot:
            record = to_record(comment, result.song_id, hot=True, salt=salt)
            by_id.setdefault(comment["comment_id"], record)["hot"] = True
        ids = [c["comment_id"] for c in page.comments]
        if not ids:
            result.stop = "empty" if page.more else "end"
            break
        if all(i in seen_normal for i in ids):
            result.stop = "repeat"
            break
        for comment in page.comments:
            seen_normal.add(comment["comment_id"])
            by_id.setdefault(comment["comment_id"],
                             to_record(comment, result.song_id, hot=False, salt=salt))
        log.debug(tr(f"歌曲 {song_id}：第 {result.pages} 页 {len(ids)} 条评论",
                    f"song {song_id}: page {result.pages}, {len(ids)} comments"))
        if not page.more:
            result.stop = "end"
            break
        if result.pages >= max_pages:
            result.stop = "cap"
            break
        offset += limit
    result.records = list(by_id.values())
    return result


def session_getter(session) -> GetJson:
    """``get_json`` for the live crawl: a :class:`.polite.PoliteSession` GET, parsed as JSON."""

    def get_json(url: str) -> dict:
        response = session.get(url)
        try:
            return response.json()
        except ValueError:
            raise ApiError(tr(
                f"{url} 返回的不是 JSON（可能是网页或验证页面）",
                f"{url} did not answer JSON (maybe a web page or a verification page)",
            )) from None

    return get_json
