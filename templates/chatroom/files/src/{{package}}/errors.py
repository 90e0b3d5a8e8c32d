"""The one exception the chat core raises for anything a user did wrong."""

from __future__ import annotations

from .texts import USAGE, error_text, pick


class ChatError(Exception):
    """A rejected request: ``code`` names the rule, ``details`` fill in the message.

    The text is produced in the server's language by ``text(lang)``; tests compare codes,
    which never change with the language.
    """

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details

    def text(self, lang: str) -> str:
        details = dict(self.details)
        if "usage" in details and details["usage"] in USAGE:
            details["usage"] = pick(USAGE[details["usage"]], lang)
        return error_text(self.code, lang, **details)

    def to_dict(self, lang: str) -> dict:
        return {"code": self.code, "message": self.text(lang)}
