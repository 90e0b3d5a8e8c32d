"""Messages in the project's language (zh or en).

Every command prints through these two functions, so the choice of language lives in one
place: the `--lang` option, whose default is the language the project was generated with.
"""

import sys


def say(lang: str, zh: str, en: str) -> None:
    """Print the message in `lang`."""
    print(zh if lang == "zh" else en)


def fail(lang: str, message: str) -> int:
    """Print an error on stderr and return the exit status for it (2)."""
    sys.stdout.flush()  # keep the error after the normal output when both go to one screen
    prefix = "错误" if lang == "zh" else "error"
    print(f"{prefix}: {message}", file=sys.stderr)
    return 2
