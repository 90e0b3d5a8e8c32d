"""The four known sources of the hot search list, and one parser for each.

Sources are tried in this order (see :mod:`.fetch`):

==========  =====================================================  ==========================
key         URL                                                    where the list is
==========  =====================================================  ==========================
``ajax``    https://weibo.com/ajax/side/hotSearch                  ``data.realtime[]``
``band``    https://weibo.com/ajax/statuses/hot_band               ``data.band_list[]``
``mobile``  https://m.weibo.cn/api/container/getIndex?containerid  ``data.cards[].card_group[]``
``html``    https://s.weibo.com/top/summary?cate=realtimehot       ``#pl_top_realtimehot tr``
==========  =====================================================  ==========================

The shapes below are the documented fields these endpoints have been seen to return;
``tests/fixtures/`` holds one small hand-written example of each (invented topics).
Sites change such undocumented endpoints without notice: when a parser raises
:class:`.models.ParseError`, save the answer from your browser, compare it with the
fixture, and update the parser *and* the fixture together.

Every parser

* keeps the list order and numbers the kept entries 1, 2, 3, ... (``rank``);
* drops promoted entries (ads): ``is_ad`` set, the label "荐", a ``promotion`` block,
  or an HTML row without a rank number;
* drops the pinned topic at the top (it has no rank and no heat);
* raises :class:`.models.ParseError` on anything it does not understand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin

from bs4 import BeautifulSoup

from .models import HotItem, ParseError, is_ad_label

SEARCH_URL = "https://s.weibo.com/weibo?q="

# The mobile source shows a small picture instead of a text label; its file name says
# which one. Check a saved answer if labels come out empty and extend this table.
MOBILE_ICON_LABELS = {
    "hot": "热",
    "new": "新",
    "fei": "沸",
    "boil": "沸",
    "bao": "爆",
    "boom": "爆",
    "recom": "荐",
}


def search_url(title: str) -> str:
    """The search page of a topic: ``https://s.weibo.com/weibo?q=%23title%23``."""
    return SEARCH_URL + quote(f"#{title}#")


def parse_heat(value) -> int | None:
    """``1234567`` / ``"1234567"`` / ``"剧集 1234567"`` -> 1234567; nothing usable -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value >= 0 else None
    digits = re.findall(r"\d+", str(value).replace(",", ""))
    return int(digits[-1]) if digits else None


def _clean_title(text) -> str:
    return " ".join(str(text or "").split()).strip("#").strip()


def _load_json(text: str) -> dict:
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise ParseError(f"not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise ParseError("expected a JSON object at the top level")
    return payload


def _path(payload: dict, *keys):
    """payload[k1][k2]... with a ParseError that names the missing key."""
    node = payload
    walked = []
    for key in keys:
        walked.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            raise ParseError(f"missing {'.'.join(walked)} in the answer") from None
    return node


def _entries_from_json_list(entries, source: str) -> list[HotItem]:
    """Shared by ``ajax`` and ``band``: their entries have the same fields."""
    if not isinstance(entries, list):
        raise ParseError(f"{source}: expected a list of topics")
    items: list[HotItem] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ParseError(f"{source}: a topic is not a JSON object")
        label = str(entry.get("label_name") or entry.get("icon_desc") or "").strip()
        if entry.get("is_ad") or entry.get("ad_info") or is_ad_label(label):
            continue
        title = _clean_title(entry.get("word") or entry.get("note"))
        if not title:
            raise ParseError(f"{source}: a topic without a word")
        heat = parse_heat(entry.get("num", entry.get("raw_hot")))
        items.append(HotItem(rank=len(items) + 1, title=title, heat=heat, label=label,
                             url=search_url(title), source=source))
    return items


def parse_ajax(text: str) -> list[HotItem]:
    """``weibo.com/ajax/side/hotSearch``: ``{"ok": 1, "data": {"realtime": [...]}}``.

    Each entry: ``word``, ``note``, ``num`` (heat), ``raw_hot``, ``rank`` (0-based),
    ``realpos``, ``label_name``, ``icon_desc``, ``is_ad``, ``flag``, ``category``,
    ``onboard_time``. ``data.hotgov`` (the pinned topic) is ignored.
    """
    return _entries_from_json_list(_path(_load_json(text), "data", "realtime"), "ajax")


def parse_band(text: str) -> list[HotItem]:
    """``weibo.com/ajax/statuses/hot_band``: ``{"ok": 1, "data": {"band_list": [...]}}``."""
    return _entries_from_json_list(_path(_load_json(text), "data", "band_list"), "band")


def _mobile_label(card: dict) -> str:
    label = str(card.get("icon_desc") or "").strip()
    if label:
        return label
    icon = str(card.get("icon") or "")
    name = icon.rsplit("/", 1)[-1].lower()
    for key, value in MOBILE_ICON_LABELS.items():
        if key in name:
            return value
    return ""


def parse_mobile(text: str) -> list[HotItem]:
    """``m.weibo.cn/api/container/getIndex?containerid=106003...realtimehot``.

    ``{"ok": 1, "data": {"cards": [{"card_group": [...]}, ...]}}``; each entry has
    ``desc`` (the topic), ``desc_extr`` (heat, sometimes with a category in front:
    ``"剧集 1234567"``), ``icon`` (label picture), ``scheme``, ``itemid``; promoted
    entries carry a ``promotion`` block. The pinned entry has no ``desc_extr``.
    """
    cards = _path(_load_json(text), "data", "cards")
    if not isinstance(cards, list):
        raise ParseError("mobile: data.cards is not a list")
    groups = [card.get("card_group") for card in cards if isinstance(card, dict)]
    groups = [group for group in groups if isinstance(group, list)]
    if not groups:
        raise ParseError("missing data.cards[].card_group in the answer")
    items: list[HotItem] = []
    for entry in (entry for group in groups for entry in group):
        if not isinstance(entry, dict):
            raise ParseError("mobile: a topic is not a JSON object")
        label = _mobile_label(entry)
        if entry.get("promotion") or entry.get("is_ad") or is_ad_label(label):
            continue
        title = _clean_title(entry.get("desc"))
        heat = parse_heat(entry.get("desc_extr"))
        if not title or heat is None:       # the pinned topic, or a decoration card
            continue
        items.append(HotItem(rank=len(items) + 1, title=title, heat=heat, label=label,
                             url=search_url(title), source="mobile"))
    if not items:
        raise ParseError("mobile: no topics in card_group")
    return items


def parse_summary(text: str, page_url: str = "https://s.weibo.com/top/summary") -> list[HotItem]:
    """The HTML page ``s.weibo.com/top/summary``: one table row per topic::

        <div id="pl_top_realtimehot"><table><tbody>
          <tr><td class="td-01 ranktop">1</td>
              <td class="td-02"><a href="/weibo?q=%23...%23">title</a> <span>2345678</span></td>
              <td class="td-03"><i class="icon-txt">热</i></td></tr>

    Rows whose first cell is not a number are the pinned topic or an ad (the ad's
    link is ``javascript:void(0)`` with the real target in ``href_to``).
    """
    soup = BeautifulSoup(text or "", "html.parser")
    table = soup.select_one("#pl_top_realtimehot table")
    if table is None:
        raise ParseError("html: no #pl_top_realtimehot table (a login or verification "
                         "page instead of the list?)")
    items: list[HotItem] = []
    for row in table.select("tbody tr"):
        rank_cell = row.select_one("td.td-01")
        link = row.select_one("td.td-02 a")
        if rank_cell is None or link is None:
            continue
        label_cell = row.select_one("td.td-03")
        label = label_cell.get_text(strip=True) if label_cell is not None else ""
        href = link.get("href", "")
        if (not rank_cell.get_text(strip=True).isdigit() or is_ad_label(label)
                or link.get("href_to") or href.startswith("javascript")):
            continue
        title = _clean_title(link.get_text(" ", strip=True))
        span = row.select_one("td.td-02 span")
        heat = parse_heat(span.get_text(" ", strip=True)) if span is not None else None
        url = urljoin(page_url, href) if href else search_url(title)
        items.append(HotItem(rank=len(items) + 1, title=title, heat=heat, label=label,
                             url=url, source="html"))
    if not items:
        raise ParseError("html: the table has no ranked topics")
    return items


@dataclass(frozen=True)
class Source:
    key: str
    name: str                                   # for messages
    url: str
    parse: Callable[[str], list[HotItem]]
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "json"                          # "json" or "html"


SOURCES: tuple[Source, ...] = (
    Source("ajax", "weibo.com ajax hotSearch", "https://weibo.com/ajax/side/hotSearch",
           parse_ajax, {"Accept": "application/json", "Referer": "https://weibo.com/"}),
    Source("band", "weibo.com hot_band", "https://weibo.com/ajax/statuses/hot_band",
           parse_band, {"Accept": "application/json", "Referer": "https://weibo.com/"}),
    Source("mobile", "m.weibo.cn container",
           "https://m.weibo.cn/api/container/getIndex?containerid=106003type%3D25%26t%3D3"
           "%26disable_hot%3D1%26filter_type%3Drealtimehot",
           parse_mobile,
           {"Accept": "application/json",
            "Referer": "https://s.weibo.com/top/summary?cate=realtimehot",
            "MWeibo-Pwa": "1", "X-Requested-With": "XMLHttpRequest"}),
    Source("html", "s.weibo.com summary page",
           "https://s.weibo.com/top/summary?cate=realtimehot", parse_summary,
           {"Accept": "text/html"}, kind="html"),
)
SOURCE_KEYS = tuple(source.key for source in SOURCES)


def get_source(key: str) -> Source:
    for source in SOURCES:
        if source.key == key:
            return source
    raise ValueError(f"unknown source {key!r}; choose from {', '.join(SOURCE_KEYS)}")


def detect_source(text: str) -> str:
    """Which parser fits a saved answer: by its JSON keys, else ``html``."""
    stripped = (text or "").lstrip()
    if not stripped.startswith(("{", "[")):
        return "html"
    data = _load_json(stripped).get("data")
    if isinstance(data, dict):
        if "realtime" in data:
            return "ajax"
        if "band_list" in data:
            return "band"
        if "cards" in data:
            return "mobile"
    raise ParseError("JSON, but none of the known shapes (data.realtime, data.band_list, "
                     "data.cards)")


def parse_any(text: str, source: str | None = None) -> list[HotItem]:
    """Parse a saved answer with the parser of ``source`` (detected when None)."""
    return get_source(source or detect_source(text)).parse(text)
