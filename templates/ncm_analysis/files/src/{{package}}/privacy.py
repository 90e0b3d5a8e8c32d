"""Data minimisation: what may be kept about the people who wrote the comments.

Comments are public, but a user id or nickname still points to a person. Outputs therefore
keep only a salted hash of both (enough to count comments per user, useless for finding the
person), and ``@nickname`` mentions inside comment text are masked.

The salt matters: user ids are just numbers, so an unsalted hash could be reversed by hashing
every number. For real data put a private random string into ``NCM_HASH_SALT`` (environment
or ``.env``); the demo uses a fixed, public salt so its outputs are reproducible.
"""

from __future__ import annotations

import hashlib
import re

DEMO_SALT = "ncm-analysis-demo-salt"
HASH_LENGTH = 12
_MENTION = re.compile(r"@[^\s@:：,，。!！?？]{1,30}")


def pseudonym(value: object, salt: str = DEMO_SALT) -> str:
    """A short, stable, salted SHA-256 of ``value``; "" when there is no value."""
    if value is None or str(value).strip() == "":
        return ""
    digest = hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()
    return digest[:HASH_LENGTH]


def mask_mentions(text: str) -> str:
    """``"回复@某人：好听"`` -> ``"回复@***：好听"`` (mentions name other users)."""
    return _MENTION.sub("@***", text)
