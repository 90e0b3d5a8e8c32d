"""The names of this project's settings and secrets.

Values come from the environment or the untracked ``.env`` file, never from code; see
:mod:`.envconfig` for the lookup rules and for how secrets are kept out of the logs.
"""

from __future__ import annotations

from .envconfig import CONTACT, RedactFilter, describe, get_setting, read_env_file

COOKIE = "NCM_COOKIE"            # your own browser cookie for music.163.com (optional)
HASH_SALT = "NCM_HASH_SALT"      # private salt for hashing user ids and nicknames (optional)
SECRET_NAMES = (COOKIE, HASH_SALT)

__all__ = [
    "CONTACT", "COOKIE", "HASH_SALT", "SECRET_NAMES",
    "RedactFilter", "describe", "get_setting", "read_env_file",
]
