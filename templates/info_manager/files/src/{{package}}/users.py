"""Web accounts: user name -> password *hash*, in a small JSON file.

Passwords are never stored: ``werkzeug.security.generate_password_hash`` makes a salted
hash (scrypt or pbkdf2, with the method written in the hash itself) and
``check_password_hash`` compares a login attempt against it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from .repository import atomic_write_text

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
MIN_PASSWORD = 8


class UserError(ValueError):
    pass


class UserStore:
    """``hash_method`` is passed to werkzeug (None = its strong default, scrypt); tests
    use a cheap pbkdf2 setting so they run fast."""

    def __init__(self, path: str | Path, hash_method: str | None = None):
        self.path = Path(path)
        self.hash_method = hash_method

    def _hash(self, password: str) -> str:
        if self.hash_method:
            return generate_password_hash(password, method=self.hash_method)
        return generate_password_hash(password)

    def _load(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8")).get("users", {})

    def set_password(self, username: str, password: str, lang: str = "zh") -> None:
        """Create the user or change their password."""
        if not USERNAME_RE.fullmatch(username):
            raise UserError("用户名只能用 3–32 个字母、数字或 _.-" if lang == "zh"
                            else "user names are 3-32 letters, digits or _.-")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"密码至少 {MIN_PASSWORD} 个字符" if lang == "zh"
                            else f"passwords need at least {MIN_PASSWORD} characters")
        users = self._load()
        users[username] = self._hash(password)
        atomic_write_text(self.path, json.dumps({"users": users}, indent=2) + "\n")

    def check(self, username: str, password: str) -> bool:
        stored = self._load().get(username)
        if stored is None:
            # Hash anyway so a wrong user name takes as long as a wrong password.
            check_password_hash(_dummy_hash(self.hash_method), password)
            return False
        return check_password_hash(stored, password)

    def __contains__(self, username: str) -> bool:
        return username in self._load()

    def __len__(self) -> int:
        return len(self._load())


@functools.cache
def _dummy_hash(method: str | None) -> str:
    return UserStore("", method)._hash("not-a-real-password")
