"""Get a forecast from one source and, if that source fails, from the other.

Why two sources? A page crawler breaks when the site changes its layout, answers
403 or asks for a captcha; an open API is the polite alternative. The order is
configurable (``--source`` / ``WEATHER_SOURCE``) and ``fallback=False`` sticks to one.
A refusal (robots.txt, 401/403, captcha) is never "retried harder": we simply ask
the other source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .i18n import get_lang, tr
from .models import SOURCE_OPEN_METEO, SOURCE_WEATHERCN, SOURCES, DayForecast
from .open_meteo import API_URL, OpenMeteoError, fetch_open_meteo, forecast_url
from .polite import BlockedError, CrawlerError, RobotsDisallowedError
from .weathercn import BASE_URL, ParseError, fetch_weathercn, page_url

log = logging.getLogger(__name__)

CHINA_TZ = timezone(timedelta(hours=8))
# What a failing source may raise; anything else is a bug and should surface.
SOURCE_ERRORS = (CrawlerError, ParseError, OpenMeteoError)


def china_today() -> date:
    """Today in China (UTC+8): the page's "10日（今天）" is Beijing time."""
    return datetime.now(CHINA_TZ).date()


@dataclass
class Bases:
    """Where each source lives; tests point them at a loopback server."""

    weathercn: str = BASE_URL
    open_meteo: str = API_URL


@dataclass
class ForecastResult:
    city: object
    days: list[DayForecast]
    source: str
    failures: list[tuple[str, str]] = field(default_factory=list)   # (source, why)

    @property
    def fell_back(self) -> bool:
        return bool(self.failures)


class AllSourcesFailed(RuntimeError):
    def __init__(self, city, failures: list[tuple[str, str]]):
        self.failures = failures
        lines = "\n".join(f"  {source}: {why}" for source, why in failures)
        super().__init__(tr(f"{city.name} 的预报没有拿到，所有数据源都失败了：\n{lines}",
                            f"no forecast for {city.english}; every source failed:\n{lines}"))


def source_order(first: str, fallback: bool = True) -> list[str]:
    if first not in SOURCES:
        raise ValueError(tr(f"未知数据源 {first!r}，可选：{', '.join(SOURCES)}",
                            f"unknown source {first!r}; choose from {', '.join(SOURCES)}"))
    others = [s for s in SOURCES if s != first]
    return [first] + (others if fallback else [])


def planned_urls(city, first: str, fallback: bool = True, days: int = 7,
                 bases: Bases | None = None) -> list[str]:
    """The URLs :func:`get_forecast` may request, in order (for ``--dry-run``)."""
    bases = bases or Bases()
    urls = {
        SOURCE_WEATHERCN: page_url(city.code, bases.weathercn),
        SOURCE_OPEN_METEO: forecast_url(city.lat, city.lon, days, bases.open_meteo),
    }
    return [urls[source] for source in source_order(first, fallback)]


def fetch_from(source: str, city, session, days: int = 7, today: date | None = None,
               bases: Bases | None = None) -> list[DayForecast]:
    bases = bases or Bases()
    if source == SOURCE_WEATHERCN:
        return fetch_weathercn(city, session, today or china_today(), bases.weathercn, days)
    return fetch_open_meteo(city, session, days, bases.open_meteo, lang=get_lang())


def get_forecast(city, session, first: str = SOURCE_WEATHERCN, fallback: bool = True,
                 days: int = 7, today: date | None = None, bases: Bases | None = None,
                 refused: set[str] | None = None) -> ForecastResult:
    """The forecast of ``city`` from the first source that works.

    ``refused`` (shared by the calls of one run) collects the sources that said no
    (robots.txt, 401/403, captcha): they are not asked again for the next cities.
    """
    failures: list[tuple[str, str]] = []
    for source in source_order(first, fallback):
        if refused is not None and source in refused:
            failures.append((source, tr("之前已拒绝访问，本次运行不再请求",
                                        "refused earlier in this run, not asked again")))
            continue
        try:
            found = fetch_from(source, city, session, days, today, bases)
        except SOURCE_ERRORS as exc:
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.debug("%s failed for %s: %s", source, city.english, why)
            failures.append((source, why))
            if refused is not None and isinstance(exc, (BlockedError, RobotsDisallowedError)):
                refused.add(source)
            continue
        return ForecastResult(city, found, source, failures)
    raise AllSourcesFailed(city, failures)
