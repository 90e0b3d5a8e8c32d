"""Salted pseudonyms: "好友-3f2a" instead of a name.

A plain hash of a nickname is *not* anonymous: anyone can hash a list of likely
names and compare. So the hash is keyed with a secret **salt** (HMAC-SHA256):

* by default the salt is random for every run and never written anywhere, so the
  pseudonyms of two runs cannot be linked to each other or back to a name;
* pass a salt of your own (``--salt`` or ``CONTACTS_SALT``) only when you need the
  same pseudonyms across runs, and keep it as secret as the data itself.

Pseudonyms are short (4 hex digits). When two different friends would get the same
one, the later one gets a longer pseudonym, so pseudonyms are always unique.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pandas as pd

OUTPUT_COLUMNS = ["Pseudonym", "Sex", "Province", "City", "HasSignature"]


class Anonymizer:
    def __init__(self, salt: str | None = None, prefix: str = "好友", length: int = 4):
        self.random_salt = not salt
        self._salt = (salt or secrets.token_hex(16)).encode("utf-8")
        self.prefix = prefix
        self.length = length
        self._by_key: dict[str, str] = {}
        self._used: set[str] = set()

    def __repr__(self) -> str:  # never show the salt
        return f"Anonymizer(prefix={self.prefix!r}, random_salt={self.random_salt})"

    def pseudonym(self, key: str) -> str:
        """The pseudonym of ``key``; the same key always gets the same pseudonym."""
        if key in self._by_key:
            return self._by_key[key]
        digest = hmac.new(self._salt, key.encode("utf-8"), hashlib.sha256).hexdigest()
        size = self.length
        candidate = f"{self.prefix}-{digest[:size]}"
        while candidate in self._used:
            size += 2
            candidate = f"{self.prefix}-{digest[:size]}"
        self._used.add(candidate)
        self._by_key[key] = candidate
        return candidate


def friend_key(row) -> str:
    """What identifies a friend: the id when there is one, otherwise the names."""
    if row.get("UserName"):
        return "id:" + row["UserName"]
    return "name:" + str(row.get("NickName", "")) + "\x1f" + str(row.get("RemarkName", ""))


def anonymise_friends(friends: pd.DataFrame, anonymizer: Anonymizer) -> pd.DataFrame:
    """The friend table without names, ids or signatures; one pseudonym per friend.

    Expects the normalised ``ProvinceNorm``/``CityNorm`` columns of
    ``analysis.prepare``.
    """
    records = friends.to_dict("records")
    return pd.DataFrame({
        "Pseudonym": [anonymizer.pseudonym(friend_key(r)) for r in records],
        "Sex": friends["Sex"].to_numpy(),
        "Province": friends["ProvinceNorm"].to_numpy(),
        "City": friends["CityNorm"].to_numpy(),
        "HasSignature": [bool(str(r["Signature"]).strip()) for r in records],
    }, columns=OUTPUT_COLUMNS)


def known_names(friends: pd.DataFrame) -> list[str]:
    """Every name in the table (nicknames, remarks, ids), for keyword filtering."""
    names = set()
    for column in ("NickName", "RemarkName", "UserName"):
        if column in friends.columns:
            names.update(v for v in friends[column] if isinstance(v, str) and v.strip())
    return sorted(names)
