"""The sample data in ``data/sample/``: invented forecasts in the two sources' formats.

* ``weathercn_101010100.html`` - 北京, a 7-day page encoded in **GBK** (daytime)
* ``weathercn_101020100.html`` - 上海, the same layout in **UTF-8**, fetched in the
  evening, so today's high is missing
* ``open_meteo_<code>.json`` - Open-Meteo answers for 北京, 上海 and 广州

The numbers are made up (seed 2026), not recorded weather. Open-Meteo's values are
the page's plus some noise, with one larger disagreement per city, so there is
something to find when the two sources are compared. ``python -m <package> generate``
rewrites the files; a test checks that the committed files equal a fresh generation.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from .cities import find_city

DEFAULT_SEED = 2026
SAMPLE_START = date(2026, 1, 10)        # the "today" of every sample file
SAMPLE_DIR = Path("data/sample")
# code -> (page encoding or None for no page, evening?, typical high, typical low)
SAMPLE_CITIES = {
    "101010100": ("gbk", False, 3, -7),     # 北京: cold, below zero at night
    "101020100": ("utf-8", True, 9, 3),     # 上海: page fetched in the evening
    "101280101": (None, False, 19, 12),     # 广州: only an Open-Meteo answer
}
# page wording -> WMO code for the JSON twin
CONDITIONS = {"晴": 0, "多云": 2, "阴": 3, "小雨": 61, "中雨": 63, "雨夹雪": 66, "小雪": 71,
              "雾": 45}
WIND_DIRECTIONS = ["北风", "西北风", "东北风", "南风", "东风", "西风"]
WIND_LEVELS = ["<3级", "3-4级", "4-5级"]
WEEKDAYS = "一二三四五六日"


def _day_label(day: date, number: int) -> str:
    if number == 0:
        return f"{day.day}日（今天）"
    if number == 1:
        return f"{day.day}日（明天）"
    return f"{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def make_days(code: str, seed: int = DEFAULT_SEED, start: date = SAMPLE_START) -> list[dict]:
    """Seven invented days for one city (the values both formats are written from)."""
    _, _, high0, low0 = SAMPLE_CITIES[code]
    rng = random.Random(f"{seed}-{code}")
    warm = high0 > 10
    names = ["晴", "多云", "阴", "小雨", "中雨"] if warm else ["晴", "多云", "阴", "雨夹雪",
                                                             "小雪", "雾"]
    days = []
    for number in range(7):
        high = high0 + rng.randint(-3, 3)
        low = min(low0 + rng.randint(-3, 3), high - 2)
        morning, evening = rng.choice(names), rng.choice(names)
        directions = [rng.choice(WIND_DIRECTIONS) for _ in range(2)]
        levels = [rng.choice(WIND_LEVELS) for _ in range(2)]
        days.append({
            "date": start + timedelta(days=number), "label": _day_label(start + timedelta(number),
                                                                        number),
            "weather": morning if morning == evening else f"{morning}转{evening}",
            "code": max(CONDITIONS[morning], CONDITIONS[evening]),
            "high": high, "low": low, "directions": directions,
            "wind": levels[0] if levels[0] == levels[1] else f"{levels[0]}转{levels[1]}",
        })
    return days


def _li(day: dict, number: int, evening: bool) -> str:
    wind = day["wind"].replace("<", "&lt;")
    if number == 0 and evening:
        tem = f'<p class="tem">\n<i>{day["low"]}℃</i>\n</p>'
    else:
        tem = f'<p class="tem">\n<span>{day["high"]}</span>/<i>{day["low"]}℃</i>\n</p>'
    on = " on" if number == 0 else ""
    return f"""<li class="sky skyid lv{number % 3 + 1}{on}">
<h1>{day["label"]}</h1>
<big class="png40"></big>
<big class="png40 n00"></big>
<p title="{day["weather"]}" class="wea">{day["weather"]}</p>
{tem}
<p class="win">
<em>
<span title="{day["directions"][0]}" class="N"></span>
<span title="{day["directions"][1]}" class="NW"></span>
</em>
<i>{wind}</i>
</p>
<div class="slid"></div>
</li>"""


def make_page(code: str, seed: int = DEFAULT_SEED) -> bytes:
    """An invented 7-day page in weather.com.cn's layout, in the city's sample encoding."""
    encoding, evening, _, _ = SAMPLE_CITIES[code]
    if encoding is None:
        raise ValueError(f"city {code} has no sample page")
    city = find_city(code)
    meta = '<meta charset="gb2312">' if encoding == "gbk" else (
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    items = "\n".join(_li(day, n, evening) for n, day in enumerate(make_days(code, seed)))
    html = f"""<!DOCTYPE html>
<html>
<head>
{meta}
<title>【{city.name}天气】{city.name}天气预报（示例页面，数据为虚构）</title>
</head>
<body>
<div class="crumbs fl"><a href="#">全国</a><span>&gt;</span><span>{city.name}</span></div>
<div id="7d" class="c7d">
<input type="hidden" id="hidden_title" value="{SAMPLE_START.month}月{SAMPLE_START.day}日 示例">
<ul class="t clearfix">
{items}
</ul>
</div>
<p class="note">本页为学习用的示例，格式模仿中国天气网 7 天预报页，数字是虚构的。</p>
</body>
</html>
"""
    return html.encode(encoding)


def make_open_meteo(code: str, seed: int = DEFAULT_SEED) -> dict:
    """An invented Open-Meteo answer close to the page (noise, one day far off)."""
    city = find_city(code)
    days = make_days(code, seed)
    rng = random.Random(f"{seed}-{code}-open-meteo")
    odd_day = rng.randrange(1, 7)
    highs, lows, rain, wind = [], [], [], []
    for number, day in enumerate(days):
        shift = rng.choice([-4.5, 4.2]) if number == odd_day else rng.uniform(-1.8, 1.8)
        low = round(day["low"] + rng.uniform(-1.5, 1.5), 1)
        if day["high"] + shift < low + 1:      # a high below the low: shift up instead
            shift = abs(shift)
        highs.append(round(day["high"] + shift, 1))
        lows.append(low)
        wet = day["code"] >= 51
        rain.append(round(rng.uniform(0.4, 12.0), 1) if wet else 0.0)
        wind.append(round(rng.uniform(6.0, 28.0), 1))
    return {
        "latitude": round(city.lat, 2), "longitude": round(city.lon, 2),
        "generationtime_ms": 0.1, "utc_offset_seconds": 28800,
        "timezone": "Asia/Shanghai", "timezone_abbreviation": "GMT+8", "elevation": 40.0,
        "daily_units": {"time": "iso8601", "weather_code": "wmo code",
                        "temperature_2m_max": "°C", "temperature_2m_min": "°C",
                        "precipitation_sum": "mm", "wind_speed_10m_max": "km/h"},
        "daily": {
            "time": [day["date"].isoformat() for day in days],
            "weather_code": [day["code"] for day in days],
            "temperature_2m_max": highs, "temperature_2m_min": lows,
            "precipitation_sum": rain, "wind_speed_10m_max": wind,
        },
    }


def sample_files(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """File name -> bytes of every sample file."""
    files: dict[str, bytes] = {}
    for code, (encoding, _, _, _) in SAMPLE_CITIES.items():
        if encoding:
            files[f"weathercn_{code}.html"] = make_page(code, seed)
        text = json.dumps(make_open_meteo(code, seed), ensure_ascii=False, indent=1)
        files[f"open_meteo_{code}.json"] = (text + "\n").encode("utf-8")
    return files


def write_samples(folder: str | Path = SAMPLE_DIR, seed: int = DEFAULT_SEED) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sample_files(seed).items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written
