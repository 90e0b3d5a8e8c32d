"""The names of this project's settings and secrets.

Values come from the environment or the untracked ``.env`` file, never from code; see
:mod:`.envconfig` for the lookup rules and for how secrets are kept out of the logs.
"""

from __future__ import annotations

from .envconfig import CONTACT, RedactFilter, describe, get_setting, read_env_file

COOKIE = "WEIBO_COOKIE"             # your own browser cookie for weibo.com (optional)
SECRET_NAMES = (COOKIE,)
# The cookie of weibo.com is sent to these hosts only (m.weibo.cn is another site).
COOKIE_HOSTS = ("weibo.com", "s.weibo.com")

__all__ = [
    "CONTACT", "COOKIE", "COOKIE_HOSTS", "SECRET_NAMES",
    "RedactFilter", "describe", "get_setting", "read_env_file",
]
