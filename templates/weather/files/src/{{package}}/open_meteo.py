"""Open-Meteo (https://open-meteo.com): a free forecast API that needs no key.

One GET to ``/v1/forecast`` with the city's latitude and longitude returns daily
arrays (``time``, ``weather_code``, ``temperature_2m_max`` ...) in the city's own
time zone (``timezone=auto``). Free for non-commercial use; the data is CC BY 4.0,
so reports credit "Weather data by Open-Meteo.com".
"""

from __future__ import annotations

from urllib.parse import urlencode

from .i18n import tr
from .models import SOURCE_OPEN_METEO, DayForecast, beaufort

API_URL = "https://api.open-meteo.com/v1/forecast"
DAILY = ["weather_code", "temperature_2m_max", "temperature_2m_min", "precipitation_sum",
         "wind_speed_10m_max"]
MAX_DAYS = 16
ATTRIBUTION = "Weather data by Open-Meteo.com (CC BY 4.0)"

# WMO weather interpretation codes (the ones Open-Meteo uses) -> (中文, English)
WMO_CODES: dict[int, tuple[str, str]] = {
    0: ("晴", "Clear sky"),
    1: ("晴间多云", "Mainly clear"),
    2: ("多云", "Partly cloudy"),
    3: ("阴", "Overcast"),
    45: ("雾", "Fog"),
    48: ("雾凇", "Depositing rime fog"),
    51: ("小毛毛雨", "Light drizzle"),
    53: ("毛毛雨", "Moderate drizzle"),
    55: ("大毛毛雨", "Dense drizzle"),
    56: ("冻毛毛雨", "Light freezing drizzle"),
    57: ("强冻毛毛雨", "Dense freezing drizzle"),
    61: ("小雨", "Slight rain"),
    63: ("中雨", "Moderate rain"),
    65: ("大雨", "Heavy rain"),
    66: ("冻雨", "Light freezing rain"),
    67: ("强冻雨", "Heavy freezing rain"),
    71: ("小雪", "Slight snow"),
    73: ("中雪", "Moderate snow"),
    75: ("大雪", "Heavy snow"),
    77: ("米雪", "Snow grains"),
    80: ("小阵雨", "Slight rain showers"),
    81: ("阵雨", "Moderate rain showers"),
    82: ("强阵雨", "Violent rain showers"),
    85: ("小阵雪", "Slight snow showers"),
    86: ("强阵雪", "Heavy snow showers"),
    95: ("雷阵雨", "Thunderstorm"),
    96: ("雷阵雨伴有小冰雹", "Thunderstorm with slight hail"),
    99: ("雷阵雨伴有大冰雹", "Thunderstorm with heavy hail"),
}


class OpenMeteoError(ValueError):
    """The API answered, but with an error or with data we cannot read."""


def describe_code(code: int | None, lang: str = "zh") -> str:
    """WMO code -> words in ``lang``; unknown codes say so instead of failing."""
    if code is None:
        return ""
    zh, en = WMO_CODES.get(int(code), (f"未知天气代码 {code}", f"unknown weather code {code}"))
    return zh if lang == "zh" else en


def build_params(lat: float, lon: float, days: int = 7) -> dict[str, str]:
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValueError(f"not a position on Earth: latitude {lat}, longitude {lon}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"Open-Meteo forecasts 1 to {MAX_DAYS} days, not {days}")
    return {
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "daily": ",".join(DAILY),
        "timezone": "auto",
        "forecast_days": str(days),
    }


def forecast_url(lat: float, lon: float, days: int = 7, base: str = API_URL) -> str:
    return f"{base}?{urlencode(build_params(lat, lon, days))}"


def _number(values: list, index: int) -> float | None:
    value = values[index] if index < len(values) else None
    return None if value is None else round(float(value), 1)


def parse_forecast(data: dict, lang: str = "zh", city: str = "") -> list[DayForecast]:
    """An Open-Meteo JSON answer -> one DayForecast per day (``null`` -> None)."""
    if not isinstance(data, dict):
        raise OpenMeteoError(tr("Open-Meteo 的回答不是 JSON 对象",
                                "the answer is not a JSON object"))
    if data.get("error"):
        raise OpenMeteoError(tr(f"Open-Meteo 报错：{data.get('reason', '?')}",
                                f"Open-Meteo error: {data.get('reason', '?')}"))
    daily = data.get("daily")
    if not isinstance(daily, dict) or not daily.get("time"):
        raise OpenMeteoError(tr("回答里没有 daily.time", "the answer has no daily.time"))
    dates = daily["time"]
    # Older answers call it "weathercode"; accept both spellings.
    codes = daily.get("weather_code", daily.get("weathercode", []))
    highs = daily.get("temperature_2m_max", [])
    lows = daily.get("temperature_2m_min", [])
    rain = daily.get("precipitation_sum", [])
    wind = daily.get("wind_speed_10m_max", [])
    for name, values in [("temperature_2m_max", highs), ("temperature_2m_min", lows)]:
        if len(values) != len(dates):
            raise OpenMeteoError(tr(f"{name} 有 {len(values)} 个值，日期有 {len(dates)} 个",
                                    f"{name} has {len(values)} values for {len(dates)} dates"))
    days = []
    for i, day in enumerate(dates):
        code = codes[i] if i < len(codes) else None
        speed = _number(wind, i)
        level = beaufort(speed)
        days.append(DayForecast(
            date=str(day),
            weather=describe_code(code, lang),
            high=_number(highs, i),
            low=_number(lows, i),
            wind=(tr(f"{level}级", f"force {level}") if level is not None else ""),
            wind_level=level,
            precipitation_mm=_number(rain, i),
            source=SOURCE_OPEN_METEO,
            city=city,
        ))
    return days


def fetch_open_meteo(city, session, days: int = 7, base: str = API_URL,
                     lang: str = "zh") -> list[DayForecast]:
    """Fetch ``city``'s forecast through a :class:`PoliteSession` and parse it."""
    response = session.get(forecast_url(city.lat, city.lon, days, base))
    try:
        data = response.json()
    except ValueError:
        raise OpenMeteoError(tr("Open-Meteo 的回答不是 JSON", "the answer is not JSON")) from None
    return parse_forecast(data, lang=lang, city=city.name)
