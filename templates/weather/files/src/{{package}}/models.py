"""DayForecast: one day of one city's forecast, whichever source it came from."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

SOURCE_WEATHERCN = "weathercn"
SOURCE_OPEN_METEO = "open-meteo"
SOURCES = (SOURCE_WEATHERCN, SOURCE_OPEN_METEO)


@dataclass
class DayForecast:
    """Temperatures in ℃; ``None`` means "not given" (e.g. today's high late in the day)."""

    date: str                              # ISO date, 2026-01-10
    weather: str                           # 晴转多云 / "Partly cloudy"
    high: float | None
    low: float | None
    wind: str = ""                         # 北风 3-4级
    wind_level: int | None = None          # strongest Beaufort level mentioned
    precipitation_mm: float | None = None  # only Open-Meteo gives amounts
    source: str = ""
    city: str = ""

    def as_row(self) -> dict:
        return asdict(self)


COLUMNS = [f.name for f in fields(DayForecast)]

_TEMP = re.compile(r"([-−－]?)\s*(\d+(?:\.\d+)?)")


def parse_temp(text: str | None) -> float | None:
    """``"12"``, ``"12℃"``, ``"-5℃"``, ``"−5°C"`` (Unicode minus) -> a number; ``""`` -> None."""
    if not text:
        return None
    match = _TEMP.search(text)
    if not match:
        return None
    number = match.group(2)
    value = float(number) if "." in number else int(number)   # the page's "5" stays 5
    return -value if match.group(1) else value


_LEVEL = re.compile(r"(<|＜|小于)?\s*(\d+)(?:\s*[-~至到]\s*(\d+))?\s*级")


def wind_level(text: str | None) -> int | None:
    """The strongest wind level a text such as ``"3-4级转<3级"`` allows.

    ``"3-4级"`` -> 4, ``"<3级"`` (below 3) -> 2, ``"微风"`` or ``""`` -> None.
    """
    if not text:
        return None
    levels = []
    for below, first, second in _LEVEL.findall(text):
        top = int(second or first)
        levels.append(top - 1 if below else top)
    return max(levels) if levels else None


def beaufort(speed_kmh: float | None) -> int | None:
    """Wind speed (km/h) -> Beaufort level 0-12, the 级 of Chinese forecasts."""
    if speed_kmh is None:
        return None
    limits_ms = [0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7]
    speed_ms = speed_kmh / 3.6
    for level, limit in enumerate(limits_ms):
        if speed_ms < limit:
            return level
    return 12
