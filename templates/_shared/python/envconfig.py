"""Settings and secrets (API keys, cookies) come from the environment, never from code.

Lookup order for a name such as ``WEIBO_COOKIE``:

1. an environment variable of that name (``export WEIBO_COOKIE=...``);
2. a line ``WEIBO_COOKIE=...`` in the file ``.env`` of the current folder.

``.env`` is listed in ``.gitignore``, so it is never committed; ``.env.example``
shows the names without values. Secrets are never printed or logged: messages only
say whether a value is set. :class:`RedactFilter` also scrubs log lines written by
other libraries (urllib3 logs full URLs, including ``key=...`` query parameters).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

CONTACT = "CRAWLER_CONTACT"         # e-mail or web page put into the User-Agent

DEFAULT_ENV_FILE = Path(".env")


def read_env_file(path: str | Path = DEFAULT_ENV_FILE) -> dict[str, str]:
    """Parse a ``.env`` file: ``NAME=value`` lines, ``#`` comments, optional
    ``export`` prefix and optional quotes. A missing file gives ``{}``."""
    path = Path(path)
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        name = name.strip()
        if name.startswith("export "):
            name = name[len("export "):].strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if name:
            values[name] = value
    return values


def get_setting(name: str, env_file: str | Path | None = DEFAULT_ENV_FILE) -> str | None:
    """The value of ``name`` from the environment or ``env_file``; None if unset/empty."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if env_file is not None:
        value = read_env_file(env_file).get(name, "").strip()
        if value:
            return value
    return None


def describe(value: str | None) -> str:
    """What may be shown about a secret: whether it is set, never the value."""
    return "not set" if not value else f"set ({len(value)} characters, hidden)"


class RedactFilter(logging.Filter):
    """Replace secret values and ``key=...`` URL parameters in log records by ``***``."""

    KEY_PARAM = re.compile(r"((?:^|[?&\s])(?:key|token|cookie)=)[^&\s\"']+", re.I)

    def __init__(self, secrets=()):
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return self.KEY_PARAM.sub(r"\1***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_handlers: list[tuple[logging.Logger, logging.Handler]] = []


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (pytest swaps it per test),
    so a handler installed once never writes to a closed stream."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def setup_logging(package: str, verbose: bool = False, secrets=()) -> None:
    """Log lines of ``package`` (and, with ``verbose``, of urllib3) to stderr, with the
    values of ``secrets`` and every ``key=``/``token=``/``cookie=`` parameter scrubbed.

    Calling it again replaces the handlers it installed before (tests call ``main`` often).
    """
    for logger, handler in _handlers:
        logger.removeHandler(handler)
    _handlers.clear()
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactFilter(secrets))
    for name in [package] + (["urllib3"] if verbose else []):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.addHandler(handler)
        _handlers.append((logger, handler))
