"""The names of this project's settings and secrets.

Values come from the environment or the untracked ``.env`` file, never from code; see
:mod:`.envconfig` for the lookup rules and for how secrets are kept out of the logs.
"""

from __future__ import annotations

from .envconfig import CONTACT, RedactFilter, describe, get_setting, read_env_file

COOKIE = "ZHIHU_COOKIE"      # the Cookie header of your own logged-in browser (optional)
SECRET_NAMES = (COOKIE,)

__all__ = [
    "CONTACT", "COOKIE", "SECRET_NAMES",
    "RedactFilter", "describe", "get_setting", "read_env_file",
]
