"""Data minimisation: what may be kept about the people who wrote the comments.

Comments are public, but a user id or nickname still points to a person. Outputs therefore
keep only a salted hash of both (enough to count comments per user, useless for finding the
person), and ``@nickname`` mentions inside comment text are masked.

The salt matters: user ids are just numbers, so an unsalted hash -- or one salted with a salt
everybody knows -- is reversed by hashing every number. ``crawl`` therefore refuses to start
without a private salt of at least ``MIN_SALT_LENGTH`` characters in ``NCM_HASH_SALT``
(environment or ``.env``, see :func:`check_salt`); only the demo, whose users are invented,
uses the fixed public ``DEMO_SALT`` so its outputs are reproducible.
"""

from __future__ import annotations

import hashlib
import re

from .i18n import tr

DEMO_SALT = "ncm-analysis-demo-salt"
HASH_LENGTH = 12
MIN_SALT_LENGTH = 16
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


class SaltError(ValueError):
    """No usable private salt for real data."""


def check_salt(salt: str | None) -> str:
    """The private salt for real data, stripped; SaltError when it is missing, the public
    demo salt, or shorter than ``MIN_SALT_LENGTH`` characters (short ones can be guessed)."""
    salt = (salt or "").strip()
    if salt == DEMO_SALT:
        problem = tr("NCM_HASH_SALT 是公开的演示盐", "NCM_HASH_SALT is the public demo salt")
    elif not salt:
        problem = tr("没有设置 NCM_HASH_SALT", "NCM_HASH_SALT is not set")
    elif len(salt) < MIN_SALT_LENGTH:
        problem = tr(f"NCM_HASH_SALT 太短（至少 {MIN_SALT_LENGTH} 个字符）",
                     f"NCM_HASH_SALT is too short (at least {MIN_SALT_LENGTH} characters)")
    else:
        return salt
    raise SaltError(tr(
        f"{problem}：不抓取。用户 id 只是数字，用公开或能猜到的盐算出的哈希，"
        "把所有数字挨个算一遍就能反推出是谁。生成一个私密的盐："
        "python -c \"import secrets; print(secrets.token_hex(16))\"，"
        "写进 .env（NCM_HASH_SALT=...，.env 不会被提交），以后一直用同一个，哈希才能前后对得上。",
        f"{problem}: not crawling. User ids are just numbers: hashes made with a public or "
        "guessable salt are reversed by hashing every number. Make a private salt with "
        "python -c \"import secrets; print(secrets.token_hex(16))\", put it into .env "
        "(NCM_HASH_SALT=...; .env is never committed) and keep using the same one so hashes "
        "stay comparable between crawls."))
