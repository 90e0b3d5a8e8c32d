"""List pages of a rental site: their URLs, the HTML parser and a small crawl loop.

The parser expects the structure that several rental sites use on their list pages
(class names as below). Sites change their HTML often: when the parser suddenly
finds nothing, open a saved page, look at the new class names and update
``SELECTORS``; ``tests/fixtures/list_page.html`` and
``tests/fixtures/list_page_apartment.html`` show the two kinds of cards.

Inside a card, the class names only find the blocks (title, description, price).
The pieces of the description are recognised by their content, not by their
position: a brand-apartment card has no 区-商圈-小区 piece and starts with the area
(or with "仅剩 N 间"), and a site may drop or reorder pieces. The subway is found
the same way: a "距离…站…米" text anywhere in the card, or else a tag whose class
name mentions subway (such as ``content__item__tag--is_subway_house`` = 近地铁).

    <div class="content__list--item" data-house_code="...">
      <p class="content__list--item--title"><a href="/zufang/....html">整租·… 2室1厅 南</a></p>
      <p class="content__list--item--des">
        <a>东湖区</a>-<a>湖滨</a>-<a>枫林花园</a> <i>/</i> 89.5㎡ <i>/</i> 南
        <i>/</i> 2室1厅1卫 <span class="hide"><i>/</i> 中楼层/共18层</span>
      </p>
      <p class="content__list--item--bottom">
        <i class="content__item__tag--is_subway_house">近地铁</i>
      </p>
      <span class="content__list--item-price"><em>5800</em> 元/月</span>
    </div>

Fetching goes through :class:`.polite.PoliteSession`: robots.txt, one request per
second, timeouts, bounded retries, and a hard stop when the site blocks us.
"""

from __future__ import annotations

import logging
import math
import re
from urllib.parse import urljoin

import pandas as pd
from bs4 import BeautifulSoup

from .i18n import tr
from .polite import CrawlerError, PoliteSession, host_of
from .polite import dry_run_plan as polite_plan
from .synth import RAW_COLUMNS

log = logging.getLogger(__name__)

SELECTORS = {
    "item": "div.content__list--item",
    "title": "p.content__list--item--title a",
    "description": "p.content__list--item--des",
    "subway": "[class*=subway]",    # only when the card shows no 距离…站…米 text
    "price": "span.content__list--item-price",
    "pager": "div.content__pg",
}
MAX_PAGES = 20   # a study crawl needs a few pages, not the whole site

_SEP = "\x1f"    # stands in for the <i>/</i> separators of the description line
_ORIENTATION = re.compile(r"^[东南西北]+$")
_AREA = re.compile(r"\d(?:\.\d+)?(?:㎡|m²|m2|平方米|平米)", re.IGNORECASE)
_LOCATION = re.compile(r"^[^\d/][^/]*[-－—–][^/]+$")   # 区-商圈(-小区)
_SUBWAY_TEXT = re.compile(r"距离?[^，,；;/]{0,24}?站[^，,；;/]{0,6}?\d+(?:\.\d+)?"
                          r"(?:米|公里|千米|km|m)", re.IGNORECASE)


def page_urls(url_template: str, pages: int, start: int = 1) -> list[str]:
    """``"https://host/zufang/pg{page}/"`` -> the URLs of pages start .. start+pages-1."""
    if "{page}" not in url_template:
        raise ValueError(tr("网址模板里需要有 {page}，例如 https://rent.example.com/zufang/pg{page}/",
                            "the URL template needs {page}, e.g. "
                            "https://rent.example.com/zufang/pg{page}/"))
    if not url_template.startswith(("http://", "https://")):
        raise ValueError(tr("网址必须以 http:// 或 https:// 开头",
                            "the URL must start with http:// or https://"))
    if not 1 <= pages <= MAX_PAGES:
        raise ValueError(tr(f"页数必须在 1 到 {MAX_PAGES} 之间", f"pages must be 1..{MAX_PAGES}"))
    return [url_template.replace("{page}", str(p)) for p in range(start, start + pages)]


def _clean_text(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _description_parts(des) -> list[str]:
    """The pieces of the description line, split at its ``<i>/</i>`` separators."""
    for sep in des.find_all("i"):
        if sep.get_text(strip=True) == "/":
            sep.replace_with(_SEP)
    return [_clean_text(p) for p in des.get_text("").split(_SEP) if _clean_text(p)]


def _description_piece(part: str) -> str | None:
    """Which raw column a piece of the description line is, judged by its content.

    "89.5㎡" / "20-30㎡" -> area, "东湖区-湖滨-枫林花园" -> location, "中楼层（18层）" -> floor,
    "2室1厅1卫" -> layout, "南北" -> orientation; "仅剩2间" and the like -> None.
    """
    if _AREA.search(part):
        return "area"
    if _LOCATION.match(part):
        return "location"
    if "层" in part:
        return "floor"
    if "室" in part or "房" in part:
        return "layout"
    if _ORIENTATION.match(part):
        return "orientation"
    return None


def _subway_text(item, title) -> str:
    """The subway distance ("距离3号线湖滨站500米") wherever the card shows it, else the
    text of a subway tag ("近地铁"), else ""."""
    for text in item.find_all(string=True):
        if title is not None and any(parent is title for parent in text.parents):
            continue      # a title such as "地铁站旁500米" is advertising, not a distance
        match = _SUBWAY_TEXT.search(_clean_text(text))
        if match:
            return match.group(0)
    tag = item.select_one(SELECTORS["subway"])
    return _clean_text(tag.get_text()) if tag is not None else ""


def _parse_item(item, page_url: str) -> dict:
    row = dict.fromkeys(RAW_COLUMNS, "")
    row["listing_id"] = item.get("data-house_code", "").strip()
    link = item.select_one(SELECTORS["title"])
    if link is not None:
        row["title"] = " ".join(link.get_text(" ", strip=True).split())
        row["url"] = urljoin(page_url, link.get("href", ""))
    des = item.select_one(SELECTORS["description"])
    if des is not None:
        for part in _description_parts(des):
            column = _description_piece(part)
            if column is not None and not row[column]:   # the first piece of a kind wins
                row[column] = part
    row["subway"] = _subway_text(item, link)
    price = item.select_one(SELECTORS["price"])
    if price is not None:
        row["price"] = _clean_text(price.get_text())
    if not row["listing_id"] and row["url"]:
        row["listing_id"] = row["url"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return row


def parse_list(html: str, page_url: str = "https://rent.example.com/zufang/") -> list[dict]:
    """All listings of one list page as dicts with the raw columns (strings).

    ``lon``/``lat`` stay empty: list pages do not show coordinates.
    """
    soup = BeautifulSoup(html, "html.parser")
    return [_parse_item(item, page_url) for item in soup.select(SELECTORS["item"])]


def total_pages(html: str) -> int | None:
    """The page count the pager announces (``data-totalpage``), if there is one."""
    pager = BeautifulSoup(html, "html.parser").select_one(SELECTORS["pager"])
    value = pager.get("data-totalpage", "") if pager is not None else ""
    return int(value) if str(value).isdigit() else None


def dry_run_plan(url_template: str, pages: int, user_agent: str | None = None,
                 cookie_set: bool = False) -> list[str]:
    """What ``crawl`` would do, without sending a single request."""
    return polite_plan(page_urls(url_template, pages), user_agent, cookie_set)


def crawl(url_template: str, pages: int, session: PoliteSession) -> pd.DataFrame:
    """Fetch and parse up to ``pages`` list pages; stop early at the last page.

    Raises :class:`.polite.BlockedError` / :class:`.polite.RobotsDisallowedError` as
    soon as the site says no, :class:`.polite.FetchError` when a page cannot be fetched;
    the rows parsed before that are attached to the exception as ``exc.rows``.
    """
    rows: list[dict] = []
    last_page = math.inf
    for number, url in enumerate(page_urls(url_template, pages), start=1):
        if number > last_page:
            break
        try:
            response = session.get(url)
        except CrawlerError as exc:
            exc.rows = pd.DataFrame(rows, columns=RAW_COLUMNS)
            raise
        html = response.text
        found = parse_list(html, page_url=url)
        log.info(tr(f"第 {number} 页：{len(found)} 条房源（{host_of(url)}）",
                    f"page {number}: {len(found)} listings ({host_of(url)})"))
        if not found:
            log.warning(tr("这一页没有解析出房源：已到最后一页，或者页面结构变了（检查 SELECTORS）",
                           "no listings on this page: past the last page, or the page "
                           "structure changed (check SELECTORS)"))
            break
        rows.extend(found)
        announced = total_pages(html)
        if announced:
            last_page = announced
    return pd.DataFrame(rows, columns=RAW_COLUMNS)
