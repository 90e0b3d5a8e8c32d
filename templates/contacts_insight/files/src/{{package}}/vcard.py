"""A small vCard (.vcf) reader for your own phone contacts export.

Phones and mail programs export the address book as vCard: one ``BEGIN:VCARD`` ...
``END:VCARD`` block per contact, one property per line::

    BEGIN:VCARD
    VERSION:3.0
    N:林;小满;;;
    FN:林小满
    ADR;TYPE=HOME:;;科技园路 1 号;深圳;广东;518000;中国
    NOTE:周末去爬山\\, 顺便拍照
    REV:2023-05-01T08:00:00Z
    END:VCARD

The parts that trip up naive parsers, all handled here:

* **Folded lines** (vCard 3.0/4.0, RFC 6350 §3.2): a long line is cut and every
  continuation line starts with one space or tab, which is removed when unfolding.
* **Quoted-printable** (vCard 2.1, still written by many Android phones):
  ``N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9E=97;...`` where the bytes are
  ``=XX`` hex codes in the given charset and a line ending in ``=`` continues on the
  next line ("soft line break").
* **Escapes** ``\\n \\, \\; \\\\`` and **structured values** split at unescaped ``;``
  (N: family;given;additional;prefix;suffix — ADR: pobox;ext;street;city;region;
  postcode;country).
* Property **groups** (``item1.ADR``) and 2.1-style bare parameters (``ADR;HOME:``).

Only the fields the analysis needs are kept (data minimisation): the name (for
pseudonyms only), gender, region and city, the note and the revision date. Photos,
phone numbers and e-mail addresses are never read into the table.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from .sources import DataFormatError, decode_bytes, friends_frame

_ENCODING_WORDS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_CHINA = {"", "中国", "中国大陆", "中华人民共和国", "china", "cn", "prc",
          "people's republic of china"}


@dataclass
class Property:
    name: str  # upper case, without group: "ADR"
    params: dict[str, list[str]] = field(default_factory=dict)  # upper-case keys
    value: str = ""  # decoded, still escaped (use components() / text())
    group: str = ""

    def components(self) -> list[str]:
        """A structured value split at unescaped ';', each part unescaped."""
        return [unescape(part) for part in split_unescaped(self.value, ";")]

    def text(self) -> str:
        return unescape(self.value)


@dataclass
class Card:
    properties: list[Property] = field(default_factory=list)

    def first(self, name: str) -> Property | None:
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None

    def text(self, name: str) -> str:
        prop = self.first(name)
        return prop.text().strip() if prop else ""


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return ":" in line and "QUOTED-PRINTABLE" in head


def unfold(text: str) -> list[str]:
    """Physical lines -> logical lines (folding and quoted-printable soft breaks)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[str] = []
    for line in lines:
        if logical and _is_qp(logical[-1]) and logical[-1].endswith("="):
            # soft line break: drop the "=", glue the next line (minus a folding blank)
            rest = line[1:] if line[:1] in (" ", "\t") else line
            logical[-1] = logical[-1][:-1] + rest
        elif logical and line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line for line in logical if line.strip()]


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split at ``separator`` unless it is escaped with a backslash."""
    parts, current, i = [], [], 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    return re.sub(
        r"\\(.)",
        lambda m: "\n" if m.group(1) in "nN" else m.group(1),
        value,
    )


def _split_name_params(head: str) -> tuple[str, str, dict[str, list[str]]]:
    pieces = split_unescaped(head, ";")
    name = pieces[0].strip()
    group = ""
    if "." in name:
        group, name = name.rsplit(".", 1)
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        if not piece:
            continue
        if "=" in piece:
            key, raw = piece.split("=", 1)
            values = [v.strip().strip('"') for v in raw.split(",")]
            params.setdefault(key.strip().upper(), []).extend(values)
        elif piece.strip().upper() in _ENCODING_WORDS:  # vCard 2.1: "ADR;QUOTED-PRINTABLE:"
            params.setdefault("ENCODING", []).append(piece.strip())
        else:  # vCard 2.1: "TEL;HOME;VOICE:"
            params.setdefault("TYPE", []).append(piece.strip())
    return name.upper(), group, params


def _split_head_value(line: str) -> tuple[str, str]:
    """Split at the first ':' that is not inside a quoted parameter value."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i], line[i + 1 :]
    raise ValueError(line)


def parse_property(line: str) -> Property:
    head, value = _split_head_value(line)
    name, group, params = _split_name_params(head)
    encoding = {v.upper() for v in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.encode("utf-8"))
        try:
            value = raw.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            value = raw.decode("utf-8", errors="replace")
    return Property(name=name, params=params, value=value, group=group)


def parse_vcards(text: str) -> list[Card]:
    """All contacts of a .vcf text; lines outside BEGIN/END and broken lines are skipped."""
    cards: list[Card] = []
    current: Card | None = None
    for line in unfold(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            current = Card()
        elif upper == "END:VCARD":
            if current is not None:
                cards.append(current)
            current = None
        elif current is not None:
            try:
                current.properties.append(parse_property(line))
            except ValueError:
                continue  # a line without ':' is not a property
    return cards


def _display_name(card: Card) -> str:
    full = card.text("FN")
    if full:
        return full
    prop = card.first("N")
    if prop is None:
        return ""
    parts = [p.strip() for p in prop.components()] + [""] * 5
    family, given = parts[0], parts[1]
    if re.search(r"[\u4e00-\u9fff]", family + given):
        return family + given  # Chinese order, no space
    return " ".join(p for p in (given, family) if p)


def _sex(card: Card) -> str:
    for name in ("GENDER", "X-GENDER", "X-SEX"):
        prop = card.first(name)
        if prop is not None:
            return (prop.components() or [""])[0]
    return ""


def _region(card: Card) -> tuple[str, str]:
    prop = card.first("ADR")
    if prop is None:
        return "", ""
    parts = [p.strip() for p in prop.components()] + [""] * 7
    city, region, country = parts[3], parts[4], parts[6]
    if not region and country.lower() not in _CHINA:
        region = country  # abroad: the country takes the province's place
    return region, city


def revision_date(value: str) -> str:
    """vCard REV ("20230501T080000Z", "2023-05-01T08:00:00Z", "2023-05-01") -> "2023-05-01"."""
    match = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", value or "")
    return "-".join(match.groups()) if match else ""


def card_to_row(card: Card) -> dict:
    province, city = _region(card)
    return {
        "UserName": card.text("UID"),
        "NickName": _display_name(card),
        "RemarkName": (card.first("NICKNAME").components()[0].split(",")[0].strip()
                       if card.first("NICKNAME") else ""),
        "Sex": _sex(card),
        "Province": province,
        "City": city,
        "Signature": card.text("NOTE"),
        "Added": revision_date(card.text("REV")),
    }


def read_vcf_text(text: str, source: str = "<text>"):
    cards = parse_vcards(text)
    if not cards:
        raise DataFormatError(f"{source}: no BEGIN:VCARD ... END:VCARD block / 不是 vCard 文件")
    return friends_frame([card_to_row(card) for card in cards])


def read_vcf(path, encoding: str | None = None):
    """Read a .vcf file into the friend table (see ``sources.FRIEND_COLUMNS``)."""
    path = Path(path)
    return read_vcf_text(decode_bytes(path.read_bytes(), encoding), source=str(path))
