"""中国天气网 (weather.com.cn): the 7-day forecast page.

The page ``/weather/<code>.shtml`` lists seven days as::

    <div id="7d"> <ul class="t clearfix">
      <li>
        <h1>10日（今天）</h1>
        <p title="多云转晴" class="wea">多云转晴</p>
        <p class="tem"><span>3</span>/<i>-6℃</i></p>      high in <span>, low in <i>
        <p class="win"><em><span title="北风"></span><span title="西北风"></span></em>
                       <i>3-4级转&lt;3级</i></p>
      </li> ...

Two traps that the tests cover:

* **Encoding.** Older copies of the page are GBK (``<meta charset="gb2312">``), newer
  ones UTF-8. ``requests`` guesses ISO-8859-1 when the header has no charset, which
  turns Chinese into mojibake, so :func:`decode_page` reads the bytes itself: byte
  order mark, then the charset of the Content-Type header, then the ``<meta>`` tag.
* **Evening.** Late in the day the first ``<li>`` has no ``<span>``: today's high has
  passed and only tonight's low is shown. The high is then ``None``, not an error.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, timedelta

from bs4 import BeautifulSoup

from .i18n import tr
from .models import SOURCE_WEATHERCN, DayForecast, parse_temp, wind_level
from .polite import BlockedError, looks_like_captcha

BASE_URL = "http://www.weather.com.cn"


class ParseError(ValueError):
    """The page does not look like a 7-day forecast page (changed layout, error page)."""


def page_url(code: str, base: str = BASE_URL) -> str:
    if not re.fullmatch(r"\d{9}", code):
        raise ValueError(f"a weather.com.cn city code has 9 digits, not {code!r}")
    return f"{base.rstrip('/')}/weather/{code}.shtml"


# ---- encoding ----------------------------------------------------------------------

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _normalise(charset: str) -> str | None:
    """A Python codec name; GB2312/GBK widen to GB18030, a superset of both."""
    try:
        name = codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk", "gb18030") else name


_VAGUE = ("latin-1", "iso8859-1", "ascii")


def detect_charset(content: bytes, content_type: str | None = None) -> str:
    """The charset to decode ``content`` with.

    Order: byte order mark, the Content-Type header, the ``<meta>`` tag, UTF-8. A header
    saying ISO-8859-1 is what many servers send when they do not know, so a ``<meta>``
    tag wins over it (and without one, windows-1252 is used as browsers do).
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    header = None
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        header = _normalise(match.group(1)) if match else None
        if header and header not in _VAGUE:
            return header
    match = _META_CHARSET.search(content[:4096])
    if match:
        name = _normalise(match.group(1).decode("ascii", "replace"))
        if name:
            return name
    return "cp1252" if header else "utf-8"


def decode_page(content: bytes, content_type: str | None = None) -> str:
    """Page bytes -> text, with the charset the page declares (never a guess)."""
    return content.decode(detect_charset(content, content_type), errors="replace")


# ---- parsing -----------------------------------------------------------------------

_DAY = re.compile(r"(\d{1,2})\s*日")


def _first_date(first_day: int, today: date) -> date:
    """The date whose day of the month is ``first_day``, closest to ``today``.

    The page only shows "10日"; near midnight or a month's end the page may lag or
    lead our clock by a day, so we look two days either way.
    """
    for offset in (0, -1, 1, -2, 2):
        candidate = today + timedelta(days=offset)
        if candidate.day == first_day:
            return candidate
    return today


def _text(node) -> str:
    return node.get_text(" ", strip=True) if node is not None else ""


def parse_7d(html: str, today: date, city: str = "") -> list[DayForecast]:
    """The days of a 7-day page; ``today`` anchors "10日" to a full date."""
    soup = BeautifulSoup(html, "html.parser")
    # "#7d" is not a valid CSS selector (an id may not start with a digit): use find().
    outer = soup.find(id="7d")
    box = (outer.select_one("ul.t") if outer is not None else None) or soup.select_one(
        "ul.t.clearfix")
    items = box.find_all("li", recursive=False) if box is not None else []
    if not items:
        raise ParseError(tr(
            "页面里没有 7 天预报列表（ul.t.clearfix）：可能是错误页或网站改版了。",
            "the page has no 7-day list (ul.t.clearfix): an error page, or the layout changed.",
        ))
    start: date | None = None
    days: list[DayForecast] = []
    for number, item in enumerate(items):
        match = _DAY.search(_text(item.find("h1")))
        if start is None:
            start = _first_date(int(match.group(1)), today) if match else today
        weather_node = item.select_one("p.wea")
        weather = (weather_node.get("title") or _text(weather_node)) if weather_node else ""
        tem = item.select_one("p.tem")
        high = parse_temp(_text(tem.find("span"))) if tem is not None else None
        low = parse_temp(_text(tem.find("i"))) if tem is not None else None
        win = item.select_one("p.win")
        directions: list[str] = []
        level_text = ""
        if win is not None:
            for span in win.select("em span"):
                title = span.get("title", "").strip()
                if title and title not in directions:
                    directions.append(title)
            level_text = _text(win.find("i"))
        wind = " ".join(part for part in ("/".join(directions), level_text) if part)
        if not weather and high is None and low is None:
            raise ParseError(tr(f"第 {number + 1} 天没有天气和温度", f"day {number + 1} is empty"))
        days.append(DayForecast(
            date=(start + timedelta(days=number)).isoformat(),
            weather=weather, high=high, low=low, wind=wind,
            wind_level=wind_level(level_text), source=SOURCE_WEATHERCN, city=city,
        ))
    return days


def fetch_weathercn(city, session, today: date, base: str = BASE_URL,
                    days: int = 7) -> list[DayForecast]:
    """Fetch and parse ``city``'s 7-day page through a :class:`PoliteSession`."""
    url = page_url(city.code, base)
    response = session.get(url)
    html = decode_page(response.content, response.headers.get("Content-Type"))
    try:
        return parse_7d(html, today, city=city.name)[:days]
    except ParseError:
        # The polite session looks for captcha words in ``response.text``, which requests
        # decodes as ISO-8859-1 when the header names no charset: a GBK "验证码" page
        # slips through. Decoded properly, a page without a forecast that asks for a
        # captcha is a refusal, not a changed layout.
        if looks_like_captcha(html):
            raise BlockedError(url, "captcha", response.status_code) from None
        raise
