"""How far is the flat from work?

Offline, always available:
    haversine_km        straight-line distance between two (lon, lat) points
    estimate_minutes    a rough door-to-door public-transport time from that distance
    add_commute         both columns for a table of listings

Optional, needs a key of the AMap (高德开放平台) Web service API in the environment
variable ``AMAP_KEY`` (or in ``.env``; see :mod:`.config`):
    AMapClient.geocode          address -> (lon, lat)
    AMapClient.transit_minutes  public-transport time between two points

The key is only sent to the API as the ``key`` parameter; it never appears in
messages, exceptions or ``repr``. Without a key the demo skips this part.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import requests

from .i18n import tr
from .polite import RateLimiter

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
AMAP_BASE = "https://restapi.amap.com"

# Rough public-transport model (minutes): walk to the station, wait, ride, walk.
WALK_M_PER_MIN = 80.0
SUBWAY_KMH = 35.0
BUS_KMH = 15.0
DETOUR = 1.3           # real routes are longer than a straight line
FIXED_MIN = 10.0       # waiting + the walk at the other end
MAX_WALK_M = 2000.0    # farther than this from a station: take the bus


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km; works on numbers and on numpy arrays."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float))
                              for v in (lon1, lat1, lon2, lat2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def estimate_minutes(distance_km, subway_m):
    """A rough commute time: subway when a station is within walking distance,
    otherwise bus. Good enough to rank flats, not to plan your morning."""
    distance_km = np.asarray(distance_km, dtype=float)
    subway_m = np.asarray(subway_m, dtype=float)
    by_subway = (subway_m / WALK_M_PER_MIN + FIXED_MIN
                 + distance_km * DETOUR / SUBWAY_KMH * 60)
    by_bus = FIXED_MIN + 5 + distance_km * DETOUR / BUS_KMH * 60
    use_subway = np.nan_to_num(subway_m, nan=np.inf) <= MAX_WALK_M
    return np.round(np.where(use_subway, by_subway, by_bus), 1)


def parse_lonlat(text: str) -> tuple[float, float]:
    """"116.40,39.91" -> (116.40, 39.91), with a range check."""
    try:
        lon, lat = (float(v) for v in str(text).replace("，", ",").split(","))
    except ValueError:
        raise ValueError(tr(f"坐标格式应为 经度,纬度（例如 116.40,39.91），而不是 {text!r}",
                            f"expected lon,lat (e.g. 116.40,39.91), not {text!r}")) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(tr(f"坐标超出范围：{text!r}", f"coordinates out of range: {text!r}"))
    return lon, lat


def add_commute(df: pd.DataFrame, work: tuple[float, float]) -> pd.DataFrame:
    """Add ``distance_km`` (straight line to ``work``) and ``commute_min`` (estimate).

    Rows without coordinates get NaN.
    """
    out = df.copy()
    out["distance_km"] = np.round(haversine_km(out["lon"], out["lat"], work[0], work[1]), 2)
    out["commute_min"] = estimate_minutes(out["distance_km"], out["subway_m"])
    return out


def filter_by_commute(df: pd.DataFrame, max_minutes: float,
                      column: str = "commute_min") -> pd.DataFrame:
    """Listings with a known commute of at most ``max_minutes``, shortest first."""
    if max_minutes <= 0:
        raise ValueError("max_minutes must be positive")
    keep = df[df[column].notna() & (df[column] <= max_minutes)]
    return keep.sort_values(column, kind="stable").reset_index(drop=True)


# ---- AMap (高德) ------------------------------------------------------------------------


class AMapError(RuntimeError):
    """The AMap API said no, or could not be reached (the message never has the key)."""


_HINTS = {
    "INVALID_USER_KEY": ("key 无效：检查 AMAP_KEY，并确认它是“Web服务”类型的 key",
                         "invalid key: check AMAP_KEY and that it is a 'Web service' key"),
    "DAILY_QUERY_OVER_LIMIT": ("今天的调用次数用完了，明天再试",
                               "the daily quota is used up; try tomorrow"),
    "CUQPS_HAS_EXCEEDED_THE_LIMIT": ("请求太快了，放慢速度", "too many requests per second"),
    "USERKEY_PLAT_NOMATCH": ("key 的平台类型不对，需要“Web服务”",
                             "wrong key platform; a 'Web service' key is needed"),
}


class AMapClient:
    """A minimal client for two AMap Web service endpoints (v3 geocode and transit)."""

    def __init__(self, key: str, session: requests.Session | None = None,
                 timeout: float = 10.0, min_interval: float = 1.0, clock=None, sleep=None):
        if not key:
            raise ValueError("an AMap key is required")
        self._key = key
        self.http = session or requests.Session()
        self.timeout = timeout
        self.limiter = RateLimiter(min_interval, clock=clock, sleep=sleep)
        self.calls = 0

    def __repr__(self) -> str:
        return "AMapClient(key=<hidden>)"

    def _get(self, path: str, params: dict) -> dict:
        self.limiter.wait("restapi.amap.com")
        self.calls += 1
        log.debug("AMap %s %s", path, params)  # params without the key
        try:
            response = self.http.get(AMAP_BASE + path, params={**params, "key": self._key},
                                     timeout=self.timeout)
        except requests.RequestException as exc:
            # str(exc) can contain the full URL, key included: never show it
            raise AMapError(tr(f"无法连接高德接口（{type(exc).__name__}）",
                               f"could not reach the AMap API ({type(exc).__name__})")) from None
        if response.status_code != 200:
            raise AMapError(f"AMap {path}: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise AMapError(f"AMap {path}: not JSON") from None
        if str(data.get("status")) != "1":
            info = str(data.get("info", "unknown error"))
            hint = _HINTS.get(info)
            extra = f" - {tr(*hint)}" if hint else ""
            raise AMapError(f"AMap {path}: {info} (infocode {data.get('infocode', '?')}){extra}")
        return data

    def geocode(self, address: str, city: str | None = None) -> tuple[float, float] | None:
        """Address -> (lon, lat), or None when AMap does not know it."""
        params = {"address": address}
        if city:
            params["city"] = city
        geocodes = self._get("/v3/geocode/geo", params).get("geocodes") or []
        if not geocodes or not geocodes[0].get("location"):
            return None
        lon, lat = geocodes[0]["location"].split(",")
        return float(lon), float(lat)

    def transit_minutes(self, origin: tuple[float, float], destination: tuple[float, float],
                        city: str) -> float | None:
        """The fastest public-transport plan in minutes, or None if there is none."""
        params = {
            "origin": f"{origin[0]:.6f},{origin[1]:.6f}",
            "destination": f"{destination[0]:.6f},{destination[1]:.6f}",
            "city": city,
            "strategy": "0",   # 0 = fastest
        }
        route = self._get("/v3/direction/transit/integrated", params).get("route") or {}
        durations = [float(t["duration"]) for t in route.get("transits") or []
                     if str(t.get("duration", "")).replace(".", "", 1).isdigit()]
        return round(min(durations) / 60.0, 1) if durations else None


def amap_commute(df: pd.DataFrame, client: AMapClient, work: tuple[float, float], city: str,
                 limit: int = 10) -> pd.Series:
    """Transit minutes to ``work`` for the first ``limit`` rows (NaN for the others).

    Rows without coordinates are geocoded from "district + estate" first. Each call
    counts against your daily quota, hence the limit.
    """
    minutes = pd.Series(np.nan, index=df.index, dtype="float64")
    for index, row in df.head(limit).iterrows():
        lon, lat = row.get("lon"), row.get("lat")
        if pd.isna(lon) or pd.isna(lat):
            found = client.geocode(f"{row.get('district') or ''}{row.get('community') or ''}",
                                   city)
            if found is None:
                continue
            lon, lat = found
        value = client.transit_minutes((float(lon), float(lat)), work, city)
        if value is not None:
            minutes[index] = value
    return minutes
