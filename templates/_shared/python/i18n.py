"""Messages in the project's language (zh or en).

The command line calls :func:`set_lang` once with its ``--lang`` option, whose default is the
language the project was generated with (``DEFAULT_LANG`` in the package); every module then
builds its messages with ``tr("中文", "English")``, prints them with :func:`say` and reports
an error with :func:`fail`. The choice of language lives in this one place.
"""

from __future__ import annotations

import sys

from . import DEFAULT_LANG

_current = {"lang": DEFAULT_LANG}


def set_lang(lang: str) -> None:
    """Use ``lang`` ("zh" or "en") for every message from now on."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    _current["lang"] = lang


def get_lang() -> str:
    return _current["lang"]


def tr(zh: str, en: str) -> str:
    """The message in the current language."""
    return zh if _current["lang"] == "zh" else en


def say(zh: str, en: str) -> None:
    """Print a message in the current language."""
    print(tr(zh, en))


def fail(message: str, code: int = 2) -> int:
    """Print ``error: message`` on stderr and return ``code`` for ``main`` to exit with."""
    sys.stdout.flush()  # keep the error after the normal output when both go to one screen
    print(f"{tr('错误', 'error')}: {message}", file=sys.stderr)
    return code
