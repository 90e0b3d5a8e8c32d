"""Province and city names, normalised.

The same place arrives in many spellings: WeChat's own friend list uses short Chinese
names ("广东") or, on an English phone, pinyin ("Guangdong"); an address book may say
"广东省" or "Guangdong Province". Counting them as different places would split one
province into three bars. ``normalize_location`` maps every spelling to one short
Chinese name and also handles the special cases:

* 直辖市 (Beijing, Tianjin, Shanghai, Chongqing) are provinces and cities at once.
  WeChat puts a district into the City field ("北京" / "海淀"), so the city of a
  直辖市 is the 直辖市 itself. The same holds for Hong Kong and Macao.
* A blank, "未知" or "unknown" value becomes ``UNKNOWN`` ("未知").
* A value we cannot place in China (e.g. "California") becomes ``OTHER`` ("其他"):
  abroad, or a spelling the table does not know yet. Add it to ``PROVINCES`` /
  ``CITIES`` if it is a Chinese place.
* A blank province is inferred from a well-known city ("深圳市" -> 广东).
"""

from __future__ import annotations

import math
import re

UNKNOWN = "未知"
OTHER = "其他"

# (short Chinese name, English/pinyin name, kind, other spellings)
PROVINCES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("北京", "Beijing", "直辖市", ("Peking",)),
    ("天津", "Tianjin", "直辖市", ()),
    ("上海", "Shanghai", "直辖市", ()),
    ("重庆", "Chongqing", "直辖市", ("Chungking",)),
    ("河北", "Hebei", "省", ()),
    ("山西", "Shanxi", "省", ()),
    ("辽宁", "Liaoning", "省", ()),
    ("吉林", "Jilin", "省", ()),
    ("黑龙江", "Heilongjiang", "省", ()),
    ("江苏", "Jiangsu", "省", ()),
    ("浙江", "Zhejiang", "省", ()),
    ("安徽", "Anhui", "省", ()),
    ("福建", "Fujian", "省", ()),
    ("江西", "Jiangxi", "省", ()),
    ("山东", "Shandong", "省", ()),
    ("河南", "Henan", "省", ()),
    ("湖北", "Hubei", "省", ()),
    ("湖南", "Hunan", "省", ()),
    ("广东", "Guangdong", "省", ("Canton",)),
    ("海南", "Hainan", "省", ()),
    ("四川", "Sichuan", "省", ("Szechuan",)),
    ("贵州", "Guizhou", "省", ()),
    ("云南", "Yunnan", "省", ()),
    ("陕西", "Shaanxi", "省", ()),
    ("甘肃", "Gansu", "省", ()),
    ("青海", "Qinghai", "省", ()),
    ("台湾", "Taiwan", "省", ()),
    ("内蒙古", "Inner Mongolia", "自治区", ("内蒙古自治区", "Nei Mongol", "Neimenggu")),
    ("广西", "Guangxi", "自治区", ("广西壮族自治区",)),
    ("西藏", "Tibet", "自治区", ("西藏自治区", "Xizang")),
    ("宁夏", "Ningxia", "自治区", ("宁夏回族自治区",)),
    ("新疆", "Xinjiang", "自治区", ("新疆维吾尔自治区",)),
    ("香港", "Hong Kong", "特别行政区", ("香港特别行政区", "HK", "Hongkong", "HKSAR")),
    ("澳门", "Macao", "特别行政区", ("澳门特别行政区", "Macau")),
]

# Places that are a province and a city at once.
CITY_LEVEL = {name for name, _, kind, _ in PROVINCES if kind in ("直辖市", "特别行政区")}

# (city, English/pinyin name, province): well-known cities, used to translate
# English city names and to infer a blank province. Extend it for your data.
CITIES: list[tuple[str, str, str]] = [
    ("广州", "Guangzhou", "广东"), ("深圳", "Shenzhen", "广东"),
    ("东莞", "Dongguan", "广东"), ("佛山", "Foshan", "广东"), ("珠海", "Zhuhai", "广东"),
    ("杭州", "Hangzhou", "浙江"), ("宁波", "Ningbo", "浙江"), ("温州", "Wenzhou", "浙江"),
    ("南京", "Nanjing", "江苏"), ("苏州", "Suzhou", "江苏"), ("无锡", "Wuxi", "江苏"),
    ("成都", "Chengdu", "四川"), ("绵阳", "Mianyang", "四川"),
    ("武汉", "Wuhan", "湖北"), ("宜昌", "Yichang", "湖北"),
    ("济南", "Jinan", "山东"), ("青岛", "Qingdao", "山东"),
    ("郑州", "Zhengzhou", "河南"), ("洛阳", "Luoyang", "河南"),
    ("长沙", "Changsha", "湖南"), ("厦门", "Xiamen", "福建"),
    ("西安", "Xi'an", "陕西"), ("沈阳", "Shenyang", "辽宁"), ("大连", "Dalian", "辽宁"),
    ("南宁", "Nanning", "广西"), ("桂林", "Guilin", "广西"), ("昆明", "Kunming", "云南"),
    ("呼和浩特", "Hohhot", "内蒙古"), ("乌鲁木齐", "Urumqi", "新疆"),
    ("合肥", "Hefei", "安徽"), ("南昌", "Nanchang", "江西"), ("石家庄", "Shijiazhuang", "河北"),
    ("太原", "Taiyuan", "山西"), ("哈尔滨", "Harbin", "黑龙江"), ("长春", "Changchun", "吉林"),
    ("海口", "Haikou", "海南"), ("贵阳", "Guiyang", "贵州"), ("兰州", "Lanzhou", "甘肃"),
    ("西宁", "Xining", "青海"), ("银川", "Yinchuan", "宁夏"), ("拉萨", "Lhasa", "西藏"),
    ("台北", "Taipei", "台湾"),
]

_BLANK = {"", "未知", "unknown", "none", "null", "nan", "n/a", "-", "--"}

# Longest first, so "壮族自治区" is removed before "自治区" would leave "广西壮族".
_ZH_SUFFIXES = sorted(
    ["省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区"],
    key=len, reverse=True,
)
_EN_SUFFIXES = ("province", "municipality", "autonomousregion", "sar", "city", "sheng", "shi")


def _text(value) -> str:
    """A cell as stripped text; None and NaN become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _ascii_key(text: str) -> str:
    """Lower case without spaces, dots, hyphens or apostrophes: "Xi'an" -> "xian"."""
    return re.sub(r"[\s.\-'’_]", "", text.lower())


def _strip_zh_suffix(text: str) -> str:
    for suffix in _ZH_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def _strip_en_suffix(key: str) -> str:
    for suffix in _EN_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def _build_province_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, english, _, others in PROVINCES:
        for form in (name, english, *others):
            lookup[form] = name
            lookup[_ascii_key(form)] = name
    return lookup


_PROVINCE = _build_province_lookup()
_CITY = {}
for _zh, _en, _prov in CITIES:
    _CITY[_zh] = _zh
    _CITY[_ascii_key(_en)] = _zh
_CITY_PROVINCE = {zh: prov for zh, _, prov in CITIES}
_ENGLISH = {name: english for name, english, _, _ in PROVINCES}
_ENGLISH.update({zh: en for zh, en, _ in CITIES})
_ENGLISH.update({UNKNOWN: "unknown", OTHER: "other"})


def normalize_province(value) -> str:
    """One spelling of a province -> its short Chinese name, ``UNKNOWN`` or ``OTHER``.

    >>> [normalize_province(v) for v in ["广东省", "广东", "Guangdong Province", ""]]
    ['广东', '广东', '广东', '未知']
    """
    text = _text(value)
    if text.lower() in _BLANK:
        return UNKNOWN
    if text in _PROVINCE:
        return _PROVINCE[text]
    stripped = _strip_zh_suffix(text)
    if stripped in _PROVINCE:
        return _PROVINCE[stripped]
    key = _ascii_key(text)
    for candidate in (key, _strip_en_suffix(key)):
        if candidate in _PROVINCE:
            return _PROVINCE[candidate]
    return OTHER


def normalize_city(value) -> str:
    """A city name without "市"/"地区" and with known English names translated.

    Unknown cities are kept as written (stripped); blank becomes ``UNKNOWN``.
    """
    text = _text(value)
    if text.lower() in _BLANK:
        return UNKNOWN
    for suffix in ("市", "地区"):
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            text = text[: -len(suffix)]
            break
    if text in _CITY:
        return _CITY[text]
    if text in _PROVINCE and _PROVINCE[text] in CITY_LEVEL:  # "Beijing" as a city
        return _PROVINCE[text]
    key = _ascii_key(text)
    for candidate in (key, _strip_en_suffix(key)):
        if candidate in _CITY:
            return _CITY[candidate]
        if candidate in _PROVINCE and _PROVINCE[candidate] in CITY_LEVEL:
            return _PROVINCE[candidate]
    return text


def normalize_location(province, city) -> tuple[str, str]:
    """(province, city) as written -> (normalised province, normalised city).

    >>> normalize_location("北京", "海淀")
    ('北京', '北京')
    >>> normalize_location("", "深圳市")
    ('广东', '深圳')
    """
    prov = normalize_province(province)
    town = normalize_city(city)
    if prov == UNKNOWN:
        if town in CITY_LEVEL:
            prov = town
        elif town in _CITY_PROVINCE:
            prov = _CITY_PROVINCE[town]
    if prov in CITY_LEVEL:
        return prov, prov
    return prov, town


def english_name(name: str) -> str:
    """English/pinyin label of a normalised province or city (or the name itself)."""
    return _ENGLISH.get(name, name)
