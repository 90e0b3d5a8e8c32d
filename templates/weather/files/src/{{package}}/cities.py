"""A small table of major Chinese cities and a forgiving lookup.

Each city has its Chinese name, pinyin, an English name where it differs, the
weather.com.cn station code used in ``/weather/<code>.shtml`` and the latitude and
longitude of the city centre (for Open-Meteo).

The codes follow the site's pattern ``101 PP CC SS`` (province, city, station);
if a page does not match its city, look the city up on weather.com.cn and correct
the code here.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .i18n import tr


@dataclass(frozen=True)
class City:
    name: str        # 中文名
    pinyin: str      # lowercase, no spaces, no tones
    english: str     # English / usual romanised name
    code: str        # weather.com.cn station code
    lat: float
    lon: float


# name, pinyin, English, weather.com.cn code, latitude, longitude
_ROWS = [
    ("北京", "beijing", "Beijing", "101010100", 39.904, 116.407),
    ("上海", "shanghai", "Shanghai", "101020100", 31.230, 121.474),
    ("天津", "tianjin", "Tianjin", "101030100", 39.084, 117.201),
    ("重庆", "chongqing", "Chongqing", "101040100", 29.563, 106.551),
    ("哈尔滨", "haerbin", "Harbin", "101050101", 45.803, 126.535),
    ("长春", "changchun", "Changchun", "101060101", 43.817, 125.324),
    ("沈阳", "shenyang", "Shenyang", "101070101", 41.806, 123.432),
    ("大连", "dalian", "Dalian", "101070201", 38.914, 121.615),
    ("呼和浩特", "huhehaote", "Hohhot", "101080101", 40.842, 111.749),
    ("石家庄", "shijiazhuang", "Shijiazhuang", "101090101", 38.042, 114.515),
    ("太原", "taiyuan", "Taiyuan", "101100101", 37.871, 112.549),
    ("西安", "xian", "Xi'an", "101110101", 34.341, 108.940),
    ("济南", "jinan", "Jinan", "101120101", 36.651, 117.120),
    ("青岛", "qingdao", "Qingdao", "101120201", 36.067, 120.383),
    ("乌鲁木齐", "wulumuqi", "Urumqi", "101130101", 43.825, 87.617),
    ("拉萨", "lasa", "Lhasa", "101140101", 29.652, 91.172),
    ("西宁", "xining", "Xining", "101150101", 36.617, 101.778),
    ("兰州", "lanzhou", "Lanzhou", "101160101", 36.061, 103.834),
    ("银川", "yinchuan", "Yinchuan", "101170101", 38.487, 106.231),
    ("郑州", "zhengzhou", "Zhengzhou", "101180101", 34.746, 113.625),
    ("南京", "nanjing", "Nanjing", "101190101", 32.060, 118.797),
    ("苏州", "suzhou", "Suzhou", "101190401", 31.299, 120.585),
    ("常州", "changzhou", "Changzhou", "101191101", 31.811, 119.974),
    ("武汉", "wuhan", "Wuhan", "101200101", 30.593, 114.305),
    ("杭州", "hangzhou", "Hangzhou", "101210101", 30.274, 120.155),
    ("宁波", "ningbo", "Ningbo", "101210401", 29.868, 121.544),
    ("合肥", "hefei", "Hefei", "101220101", 31.821, 117.227),
    ("福州", "fuzhou", "Fuzhou", "101230101", 26.074, 119.296),
    ("厦门", "xiamen", "Xiamen", "101230201", 24.480, 118.089),
    ("南昌", "nanchang", "Nanchang", "101240101", 28.682, 115.858),
    ("长沙", "changsha", "Changsha", "101250101", 28.228, 112.939),
    ("贵阳", "guiyang", "Guiyang", "101260101", 26.647, 106.630),
    ("成都", "chengdu", "Chengdu", "101270101", 30.572, 104.066),
    ("广州", "guangzhou", "Guangzhou", "101280101", 23.129, 113.264),
    ("深圳", "shenzhen", "Shenzhen", "101280601", 22.543, 114.058),
    ("昆明", "kunming", "Kunming", "101290101", 25.039, 102.718),
    ("南宁", "nanning", "Nanning", "101300101", 22.817, 108.366),
    ("海口", "haikou", "Haikou", "101310101", 20.044, 110.199),
]

CITIES: tuple[City, ...] = tuple(City(*row) for row in _ROWS)


class CityNotFoundError(ValueError):
    """No city of that name; the message suggests the closest names."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        self.suggestions = suggestions
        if suggestions:
            hint = tr(f"你是不是想找：{'、'.join(suggestions)}？",
                      f"did you mean: {', '.join(suggestions)}?")
        else:
            hint = tr("用 cities 命令查看全部城市。", "run the cities command to see them all.")
        super().__init__(tr(f"城市表里没有“{query}”。{hint}",
                            f"there is no city called {query!r} in the table; {hint}"))


def _key(text: str) -> str:
    """Lowercase, no spaces/hyphens/apostrophes, full-width letters folded, no 市 suffix."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[\s\-_'’·.]", "", text)
    if len(text) > 2 and text.endswith("市"):
        text = text[:-1]
    if text.endswith("shi") and text[:-3] in _PINYIN_KEYS:
        text = text[:-3]
    return text


_PINYIN_KEYS = {row[1] for row in _ROWS}
_INDEX: dict[str, City] = {}
for _city in CITIES:
    for _name in (_city.name, _city.pinyin, _city.english, _city.code):
        _INDEX.setdefault(_key(_name), _city)


def find_city(query: str) -> City:
    """The city called ``query`` in Chinese, pinyin or English, or by its station code.

    ``"北京"``, ``"北京市"``, ``"Beijing"``, ``"bei jing"`` and ``"101010100"`` all find 北京.
    Unknown names raise :class:`CityNotFoundError` with suggestions.
    """
    key = _key(query)
    if key in _INDEX:
        return _INDEX[key]
    if not key:
        raise CityNotFoundError(query, [])
    return _not_found(query, key)


def _not_found(query: str, key: str) -> City:
    names: dict[str, City] = {}
    for city in CITIES:
        names[_key(city.name)] = city
        names[_key(city.pinyin)] = city
        names[_key(city.english)] = city
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    # Chinese names share characters rather than spellings: also try "same characters".
    if not close and not key.isascii():
        close = [k for k in names if not k.isascii() and set(k) & set(key)][:3]
    suggestions: list[str] = []
    for k in close:
        city = names[k]
        text = f"{city.name} ({city.pinyin})"
        if text not in suggestions:
            suggestions.append(text)
    raise CityNotFoundError(query, suggestions)


def find_cities(queries: list[str]) -> list[City]:
    return [find_city(q) for q in queries]
