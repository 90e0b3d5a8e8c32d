"""The friend table and the itchat-schema CSV reader.

Every source (CSV, vCard, synthetic) produces the same table, ``FRIEND_COLUMNS``,
which follows the field names of the old web-WeChat friend list as the itchat library
returned them:

=============  ==========================================================
UserName       an opaque id ("@3a9c..."), may be blank
NickName       the name the friend chose
RemarkName     the name *you* gave the friend (备注), often blank
Sex            0 = unknown, 1 = male, 2 = female
Province       as written ("广东", "广东省", "Guangdong", "")
City           as written ("深圳", "深圳市", "Shenzhen", "")
Signature      the personal signature (个性签名), free text with emoji
Added          when the contact was added/changed (vCard REV), "YYYY-MM-DD" or ""
=============  ==========================================================

Everything is kept as text except ``Sex``. Names are only used to build pseudonyms
(see ``anonymize.py``); no output file contains them.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

FRIEND_COLUMNS = [
    "UserName", "NickName", "RemarkName", "Sex", "Province", "City", "Signature", "Added",
]
# The columns of an itchat friend export (``Added`` is ours, from vCard REV).
ITCHAT_COLUMNS = FRIEND_COLUMNS[:-1]
NAME_COLUMNS = ["UserName", "NickName", "RemarkName"]

# Header spellings accepted for each column (compared in lower case, without spaces).
HEADER_ALIASES = {
    "UserName": ["username", "userid", "id", "wxid"],
    "NickName": ["nickname", "nick", "name", "昵称", "微信名", "姓名"],
    "RemarkName": ["remarkname", "remark", "备注", "备注名"],
    "Sex": ["sex", "gender", "性别"],
    "Province": ["province", "省份", "省", "地区"],
    "City": ["city", "城市", "市"],
    "Signature": ["signature", "sign", "个性签名", "签名"],
    "Added": ["added", "rev", "添加时间"],
}

SEX_LABELS = {1: ("男", "male"), 2: ("女", "female"), 0: ("未知", "unknown")}
_SEX_WORDS = {
    "1": 1, "男": 1, "male": 1, "m": 1, "man": 1,
    "2": 2, "女": 2, "female": 2, "f": 2, "woman": 2,
}


class DataFormatError(ValueError):
    """The input file cannot be read as a friend table; the message says why."""


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    """Bytes of a text file -> str.

    Without an explicit ``encoding``: a UTF-8 or UTF-16 byte order mark wins, then
    UTF-8 is tried, then GB18030 (a superset of GBK, what Excel on a Chinese Windows
    writes when you choose plain "CSV").
    """
    if encoding:
        return data.decode(encoding)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataFormatError(
            "cannot detect the text encoding (tried UTF-8 and GBK/GB18030); "
            "pass --encoding / 请用 --encoding 指定编码"
        ) from exc


def parse_sex(value) -> int:
    """0/1/2, "男"/"女", "male"/"female", "M"/"F", 1.0 ... -> 0, 1 or 2."""
    text = "" if value is None else str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    return _SEX_WORDS.get(text, 0)


def _match_headers(headers: list[str]) -> dict[str, str]:
    """Our column name -> the header that holds it in the file."""
    found: dict[str, str] = {}
    for header in headers:
        key = header.strip().lower().replace(" ", "").replace("_", "")
        for column, aliases in HEADER_ALIASES.items():
            if column not in found and key in aliases:
                found[column] = header
    return found


def empty_friends() -> pd.DataFrame:
    return friends_frame([])


def friends_frame(rows: list[dict]) -> pd.DataFrame:
    """A list of dicts -> the friend table with every column, in order, and clean types."""
    frame = pd.DataFrame(rows, columns=FRIEND_COLUMNS)
    for column in FRIEND_COLUMNS:
        if column == "Sex":
            frame[column] = [parse_sex(v) for v in frame[column]]
        else:
            frame[column] = ["" if pd.isna(v) else str(v).strip() for v in frame[column]]
    frame["Sex"] = frame["Sex"].astype("int64")
    return frame


def read_friends_text(text: str, source: str = "<text>") -> pd.DataFrame:
    reader = csv.DictReader(io.StringIO(text))
    headers = reader.fieldnames or []
    columns = _match_headers(headers)
    if not any(name in columns for name in NAME_COLUMNS):
        raise DataFormatError(
            f"{source}: no name column (need one of NickName, RemarkName or UserName; "
            f"found {', '.join(headers) or 'nothing'}) / 找不到昵称或备注列"
        )
    rows = []
    for record in reader:
        row = {column: record.get(header) or "" for column, header in columns.items()}
        if any(str(v).strip() for v in row.values()):
            rows.append(row)
    return friends_frame(rows)


def read_friends_csv(path, encoding: str | None = None) -> pd.DataFrame:
    """Read an itchat-schema friend CSV (any of UTF-8, UTF-8 with BOM, GBK, UTF-16).

    Extra columns are ignored and missing ones are left blank; at least one of
    NickName, RemarkName or UserName must be present.
    """
    path = Path(path)
    return read_friends_text(decode_bytes(path.read_bytes(), encoding), source=str(path))


def write_friends_csv(friends: pd.DataFrame, path, columns: list[str] | None = None) -> Path:
    """Write the friend table as UTF-8 CSV with a BOM (so Excel shows Chinese correctly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = columns or ITCHAT_COLUMNS
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for record in friends[columns].itertuples(index=False):
            writer.writerow(record)
    return path
