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
import unicodedata
from collections import Counter
from dataclasses import dataclass
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


# ---- hard-wrapped files -----------------------------------------------------------------
#
# Many novels saved as .txt are "hard-wrapped": each paragraph is cut into lines of a fixed
# width wherever the cut falls, often in the middle of a sentence or of a name
# ("……沈砚" / "秋推开门"). Counted line by line, a name cut in two is not found, and one
# paragraph becomes several. Such a file shows itself by its line lengths: most lines have
# (almost) the same width, no line is longer, and most of those full lines end in the
# middle of a sentence. A script or a novel with one paragraph per line has lines of every
# length; verse has lines of one length, but they end in punctuation.

MIN_LINES = 20           # fewer lines say too little about their lengths
MIN_WIDTH = 20           # display columns (10 Chinese characters)
MIN_FULL_SHARE = 0.3     # at least this share of the lines are full
MAX_LONGER_SHARE = 0.02  # almost no line is longer than the width
MIN_MIDDLE_SHARE = 0.5   # most full lines stop in the middle of a sentence
SLACK = 2                # columns: one Chinese character more or less (punctuation rules)
SENTENCE_ENDS = "。！？!?…”’」』）)"


@dataclass(frozen=True)
class HardWrap:
    """What :func:`unwrap_lines` found: the line width and how many lines it joined."""

    width: int           # display columns of a full line (a Chinese character counts 2)
    full_lines: int
    lines_before: int    # non-empty lines
    lines_after: int


def _columns(ch: str) -> int:
    kind = unicodedata.east_asian_width(ch)
    # "ambiguous" punctuation such as “ ” … — is as wide as a Chinese character in Chinese
    # text; ambiguous Latin letters (é, ü) are not
    return 2 if kind in "WF" or (kind == "A" and ord(ch) >= 0x2000) else 1


def display_width(line: str) -> int:
    """Columns a line takes in a Chinese editor: Chinese characters and punctuation
    count 2, Latin letters and digits 1."""
    return sum(_columns(ch) for ch in line)


def _line_width(lines: list[str]) -> tuple[int, int] | None:
    """``(width, number of full lines)`` when ``lines`` look hard-wrapped, else None."""
    widths = [display_width(line) for line in lines]
    counts = Counter(widths)

    candidates = [w for w in counts if w >= MIN_WIDTH]
    if len(lines) < MIN_LINES or not candidates:
        return None
    width = max(candidates, key=lambda w: (counts[w], w))    # the most common width
    full = [line for line, w in zip(lines, widths, strict=True) if abs(w - width) <= SLACK]
    longer = sum(w > width + SLACK for w in widths)
    middle = sum(not line.rstrip().endswith(tuple(SENTENCE_ENDS)) for line in full)
    if (len(full) < MIN_FULL_SHARE * len(lines) or longer > MAX_LONGER_SHARE * len(lines)
            or middle < MIN_MIDDLE_SHARE * len(full)):
        return None
    return width, len(full)


def _glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph: no space between Chinese text, one between
    two Latin words."""
    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    if latin(left[-1:]) and latin(right[:1]):
        return left + " " + right
    return left + right


def unwrap_lines(text: str) -> tuple[str, HardWrap | None]:
    """Join the lines of a hard-wrapped text back into one paragraph per line.

    A line continues the one before it when the one before is full (the common width, or
    a little less without a sentence end) and the line itself is neither blank nor
    indented (an indented line starts a paragraph). Returns ``(text, None)`` unchanged
    when the text is not hard-wrapped.
    A paragraph that happens to end exactly at the width, in a file without indents or
    blank lines, is joined with the next one: no name is cut that way, only the
    paragraph count changes.
    """
    lines = text.split("\n")
    nonblank = [line.rstrip() for line in lines if line.strip()]
    found = _line_width(nonblank)
    if found is None:
        return text, None
    width, full = found
    out: list[str] = []
    open_paragraph = False      # the last line of ``out`` was full: it may continue
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            out.append("")
            open_paragraph = False
            continue
        indented = line[:1].isspace()
        if open_paragraph and not indented:
            out[-1] = _glue(out[-1], line.strip())
        else:
            out.append(line)
        # a full line may continue; one a little short of the width that ends a sentence
        # closes its paragraph (the next word would have fitted)
        line_width = display_width(line)
        open_paragraph = line_width >= width or (
            line_width >= width - SLACK and not line.endswith(tuple(SENTENCE_ENDS)))
    lines_after = sum(1 for line in out if line.strip())
    return "\n".join(out), HardWrap(width, full, len(nonblank), lines_after)
