"""The Zhihu answers API: URLs, JSON pages, paging and error answers.

An answers page of ``GET /api/v4/questions/{id}/answers`` looks like this (fields
trimmed to what this project reads)::

    {
      "data": [{"id": 1001, "type": "answer", "content": "<p>...<img ...></p>",
                "voteup_count": 12}],
      "paging": {"is_end": false, "next": "https://www.zhihu.com/api/v4/...&offset=5",
                 "totals": 42}
    }

``content`` is only there when the ``include`` parameter asks for it. When Zhihu
refuses a client it answers, for example, HTTP 403 with
``{"error": {"code": 10003, "message": "请求参数异常，请升级客户端后重试。"}}``: the web
client signs its requests (``x-zse-93`` / ``x-zse-96`` headers) and is logged in.
This project does not forge signatures or headers; such an answer stops the crawl
with :class:`ZhihuBlockedError`, which says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from .i18n import tr
from .polite import BlockedError, CrawlerError, FetchError

API_BASE = "https://www.zhihu.com"
ANSWERS_PATH = "/api/v4/questions/{qid}/answers"
# Ask only for what we use: the answer HTML (for its images) and the vote count.
INCLUDE = "data[*].content,voteup_count"
MAX_LIMIT = 20        # the API gives at most 20 answers per page
MAX_PAGES = 20        # a study crawl needs a few pages, not the whole question
SORTS = ("default", "updated")

# Error codes that mean "this client is not allowed" rather than "bad request".
BLOCK_CODES = {
    10003: "请求参数异常，请升级客户端后重试（缺少登录或签名请求头）",
}
_LOGIN_WORDS = re.compile(r"登录|登陆|验证|login|captcha|verif", re.I)
_QUESTION_URL = re.compile(r"zhihu\.com/question/(\d+)")


class ZhihuBlockedError(BlockedError):
    """Zhihu refused the request (403/401, error 10003, login or captcha): stop here."""

    def __init__(self, url: str, reason: str, status: int | None = None,
                 code: int | None = None, message: str = ""):
        self.url = url
        self.reason = reason          # "status", "code", "login" or "captcha"
        self.status = status
        self.code = code
        self.api_message = message
        what = []
        if status is not None:
            what.append(f"HTTP {status}")
        if code is not None:
            what.append(tr(f"错误码 {code}", f"error code {code}"))
        if message:
            what.append(f"“{message}”")
        if reason == "login":
            what.append(tr("要求登录或验证", "asks for a login or verification"))
        if reason == "captcha":
            what.append(tr("验证码页面", "a captcha page"))
        CrawlerError.__init__(self, tr(
            f"知乎拒绝了请求：{url}（{'，'.join(what)}）。爬虫已停止。\n"
            "原因：知乎的回答接口和页面通常要求登录，并要求网页客户端计算的签名请求头"
            "（x-zse-93、x-zse-96 等）。本项目不会伪造这些请求头、不会破解签名或验证码，"
            "也不会更换 User-Agent 或使用代理。\n"
            "可以：(1) 只用你自己的账号，在浏览器登录后把 Cookie 写进 .env 的 ZHIHU_COOKIE"
            "（即使这样，接口仍可能因缺少签名而拒绝——那就到此为止）；"
            "(2) 用 generic 模式下载允许抓取的网页里的图片；"
            "(3) 在浏览器里正常打开回答、保存网页，再用 parse 命令提取图片地址。详见 README。",
            f"Zhihu refused the request: {url} ({', '.join(what)}). The crawl has stopped.\n"
            "Why: Zhihu's answers API and pages usually require a login and signature headers "
            "computed by its web client (x-zse-93, x-zse-96, ...). This project does not forge "
            "those headers, break signatures or solve captchas, and it never rotates "
            "User-Agents or uses proxies.\n"
            "Instead: (1) with your own account only, log in in your browser and put your "
            "cookie into ZHIHU_COOKIE in .env (the API may still refuse for lack of a "
            "signature - then stop there); (2) use the generic mode on pages that allow "
            "crawling; (3) open the answers in your browser, save the page and list its "
            "images with the parse command. See the README.",
        ))


class ZhihuApiError(FetchError):
    """The API answered with an error that is not a refusal (bad id, removed question...)."""


@dataclass
class Answer:
    id: str
    content: str
    voteup_count: int = 0


@dataclass
class AnswersPage:
    answers: list[Answer] = field(default_factory=list)
    is_end: bool = True
    next_url: str | None = None
    totals: int | None = None


def question_id(value: str | int) -> str:
    """A question id from ``12345`` or ``https://www.zhihu.com/question/12345[/...]``."""
    text = str(value).strip()
    found = _QUESTION_URL.search(text)
    if found:
        text = found.group(1)
    if not re.fullmatch(r"\d{1,20}", text):
        raise ValueError(tr(
            f"问题 id 应该是数字（或知乎问题的网址），不是 {value!r}",
            f"a question id is a number (or a Zhihu question URL), not {value!r}",
        ))
    return text


def answers_url(qid: str | int, limit: int = 5, offset: int = 0, sort_by: str = "default",
                base: str = API_BASE) -> str:
    """The URL of one answers page; ``base`` may be ``""`` for a path-only URL."""
    qid = question_id(qid)
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise ValueError(tr(f"limit 必须在 1 到 {MAX_LIMIT} 之间",
                            f"limit must be between 1 and {MAX_LIMIT}"))
    if int(offset) < 0:
        raise ValueError(tr("offset 不能为负", "offset must not be negative"))
    if sort_by not in SORTS:
        raise ValueError(tr(f"sort_by 只能是 {SORTS}", f"sort_by must be one of {SORTS}"))
    if base and not base.startswith(("http://", "https://")):
        raise ValueError(tr("base 必须以 http:// 或 https:// 开头",
                            "base must start with http:// or https://"))
    query = urlencode({
        "include": INCLUDE,
        "limit": int(limit),
        "offset": int(offset),
        "platform": "desktop",
        "sort_by": sort_by,
    }, safe="[]*,")
    return f"{base.rstrip('/')}{ANSWERS_PATH.format(qid=qid)}?{query}"


def check_api_error(payload, url: str, status: int | None = None) -> None:
    """Raise if the JSON ``payload`` is an error answer; do nothing otherwise."""
    if not isinstance(payload, dict) or "error" not in payload:
        return
    error = payload.get("error") or {}
    if not isinstance(error, dict):
        error = {"message": str(error)}
    code = error.get("code")
    code = int(code) if isinstance(code, (int, str)) and str(code).isdigit() else None
    message = str(error.get("message") or "")
    if code in BLOCK_CODES:
        raise ZhihuBlockedError(url, "code", status, code, message or BLOCK_CODES[code])
    if error.get("need_login") or _LOGIN_WORDS.search(message):
        raise ZhihuBlockedError(url, "login", status, code, message)
    if status in (401, 403):
        raise ZhihuBlockedError(url, "status", status, code, message)
    raise ZhihuApiError(tr(f"知乎接口返回错误：{url}（错误码 {code}：{message}）",
                           f"the Zhihu API answered an error: {url} (code {code}: {message})"))


def parse_answers_page(payload) -> AnswersPage:
    """The answers and the paging of one JSON page (errors must be checked before)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise ZhihuApiError(tr("这不是回答列表的 JSON（缺少 data 列表）",
                               "this is not an answers JSON page (no data list)"))
    answers = []
    for item in payload["data"]:
        if not isinstance(item, dict) or item.get("type", "answer") != "answer":
            continue
        answers.append(Answer(
            id=str(item.get("id", "")),
            content=str(item.get("content") or ""),
            voteup_count=int(item.get("voteup_count") or 0),
        ))
    paging = payload.get("paging") or {}
    totals = paging.get("totals")
    return AnswersPage(
        answers=answers,
        is_end=bool(paging.get("is_end", True)),
        next_url=paging.get("next") or None,
        totals=int(totals) if isinstance(totals, int) else None,
    )


def resolve_next(current: str, next_url: str) -> str:
    """``paging.next`` as an absolute URL.

    It may be relative, and Zhihu has been seen to give ``http://`` links while the crawl
    uses ``https://``: on the same host we keep the scheme we started with.
    """
    target = urlsplit(urljoin(current, next_url))
    here = urlsplit(current)
    if target.netloc.lower() == here.netloc.lower() and target.scheme != here.scheme:
        target = target._replace(scheme=here.scheme)
    return urlunsplit(target)
