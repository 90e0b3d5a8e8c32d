"""Settings from the environment, with a tiny ``.env`` reader and a secret-key guard.

Secrets never live in the code: ``settings.py`` takes them from environment variables and,
for local development, from an untracked ``.env`` file in the project root. Variables that
are already set in the real environment win over the file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}

HOW_TO_MAKE_A_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def parse_env_file(text: str) -> dict[str, str]:
    """Parse ``KEY=VALUE`` lines. Blank lines and ``#`` comments are skipped, an
    ``export`` prefix is allowed, and matching single or double quotes are removed."""
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ValueError(f".env line {number}: expected KEY=VALUE, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def load_env_file(path: Path, environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Copy the variables of ``path`` into ``environ`` (default ``os.environ``) unless they
    are already set there. Returns the names that were set; a missing file is fine."""
    environ = os.environ if environ is None else environ
    path = Path(path)
    if not path.is_file():
        return []
    added = []
    for key, value in parse_env_file(path.read_text(encoding="utf-8")).items():
        if key not in environ:
            environ[key] = value
            added.append(key)
    return added


def env_bool(value: str | None, default: bool = False) -> bool:
    """``"1"/"true"/"yes"/"on"`` -> True, ``"0"/"false"/"no"/"off"/""`` -> False."""
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"DJANGO_DEBUG must be 1 or 0 (true/false), not {value!r}")


def env_list(value: str | None) -> list[str]:
    """A comma-separated list without empty items."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def is_real_secret(secret: str | None) -> bool:
    """A usable production key: at least 32 characters, at least 5 different characters,
    and not one of Django's ``django-insecure-`` keys."""
    if not secret:
        return False
    return (
        len(secret) >= 32
        and len(set(secret)) >= 5
        and not secret.startswith("django-insecure")
    )


def resolve_secret_key(secret: str | None, debug: bool) -> str:
    """The SECRET_KEY to use.

    * a real secret is used as it is;
    * in development (``debug=True``) without one, a random key for this process only
      (sessions and admin logins then end when the server restarts);
    * in production (``debug=False``) without a real secret the site refuses to start.
    """
    if is_real_secret(secret):
        return secret
    if debug:
        return "dev-only-" + secrets.token_urlsafe(50)
    problem = "is not set" if not secret else "is too short, too simple or a django-insecure key"
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY {problem}, and DJANGO_DEBUG is off. "
        "A site without debug mode is a production site and needs a real secret: set "
        f"DJANGO_SECRET_KEY (at least 32 random characters, e.g. from {HOW_TO_MAKE_A_SECRET}) "
        "in the environment or in the untracked .env file, or set DJANGO_DEBUG=1 for "
        "local development. / 生产模式（DJANGO_DEBUG=0）必须设置足够长的随机 DJANGO_SECRET_KEY。"
    )
