"""The names of this project's settings and secrets.

Values come from the environment or the untracked ``.env`` file, never from code; see
:mod:`.envconfig` for the lookup rules and for how secrets are kept out of the logs.
"""

from __future__ import annotations

from .envconfig import CONTACT, RedactFilter, describe, get_setting, read_env_file

AMAP_KEY = "AMAP_KEY"               # 高德开放平台 Web 服务 key (optional)
COOKIE = "RENTAL_COOKIE"            # your own browser cookie for the site (optional)
SECRET_NAMES = (AMAP_KEY, COOKIE)

__all__ = [
    "AMAP_KEY", "CONTACT", "COOKIE", "SECRET_NAMES",
    "RedactFilter", "describe", "get_setting", "read_env_file",
]
