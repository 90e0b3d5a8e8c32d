"""The names of this project's settings and secrets.

Values come from the environment or the untracked ``.env`` file, never from code; see
:mod:`.envconfig` for the lookup rules and for how secrets are kept out of the logs.
"""

from __future__ import annotations

from .envconfig import CONTACT, RedactFilter, describe, get_setting, read_env_file

COOKIE = "WEATHER_COOKIE"          # your own browser cookie for weather.com.cn (optional)
SOURCE = "WEATHER_SOURCE"          # the source tried first: weathercn or open-meteo (optional)
SECRET_NAMES = (COOKIE,)

__all__ = [
    "CONTACT", "COOKIE", "SECRET_NAMES", "SOURCE",
    "RedactFilter", "describe", "get_setting", "read_env_file",
]
