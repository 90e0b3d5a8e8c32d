"""Read a Chinese text file whatever its encoding.

Chinese scripts and novels found on disk come in a few encodings:

* UTF-8 (today's default), sometimes with a byte order mark (BOM, ``EF BB BF``,
  what Windows Notepad writes as "UTF-8 with BOM");
* GB18030 / GBK / GB2312 (older Windows files; GB18030 is a superset of the other two);
* UTF-16 with a BOM (Notepad's "Unicode").

Opening such a file with the wrong encoding is the classic ``UnicodeDecodeError``.
:func:`detect_encoding` tries the candidates from the strictest to the most tolerant;
an explicit ``encoding=...`` always wins (use it for Big5 or anything else).
"""

from __future__ import annotations

import codecs
from pathlib import Path

# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Tried in this order when there is no BOM. UTF-8 comes first because it is strict:
# GBK bytes almost never form valid UTF-8 by accident, while the reverse happens.
CANDIDATES = ["utf-8", "gb18030"]


class EncodingError(ValueError):
    """The file could not be decoded; the message says what to try."""


def detect_encoding(data: bytes) -> str:
    """The name of the encoding that decodes ``data`` (see the module notes)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    for name in CANDIDATES:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    raise EncodingError(
        "无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030/GBK）。请用 --encoding 指定，"
        "例如 --encoding big5 / cannot detect the encoding (not UTF-8, UTF-16 or "
        "GB18030/GBK); pass it explicitly, e.g. --encoding big5"
    )


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding used)``.

    Line ends are normalised to ``\\n`` (Windows ``\\r\\n`` and old Mac ``\\r``), so the
    rest of the program only ever splits on ``\\n``.
    """
    used = encoding or detect_encoding(data)
    try:
        text = data.decode(used)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"按 {used} 解码失败（第 {exc.start} 字节）；去掉 --encoding 让程序自动检测，"
            f"或换一种编码 / cannot decode as {used} (byte {exc.start}); drop --encoding "
            "to detect it automatically, or try another encoding"
        ) from exc
    except LookupError as exc:
        raise EncodingError(f"未知编码 / unknown encoding: {used}") from exc
    if text.startswith("\ufeff"):  # e.g. encoding="utf-8" given for a file with a BOM
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), used


def read_text(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """Read a text file; return ``(text, encoding used)``.

    ``encoding=None`` detects it (UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, GB18030);
    any name Python knows (``"big5"``, ``"gbk"``, ...) overrides the detection.
    """
    path = Path(path)
    try:
        return decode(path.read_bytes(), encoding)
    except EncodingError as exc:
        raise EncodingError(f"{path}: {exc}") from None
