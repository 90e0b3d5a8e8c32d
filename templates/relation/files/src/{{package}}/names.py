"""The list of characters, their aliases, and jieba word segmentation.

A names file has one character per line: the full name first, then any aliases
(nicknames, titles, short forms), separated by spaces or commas::

    # 注释行以 # 开头
    沈砚秋 老沈 沈探长
    祁三娘 三娘
    阿满

Every form is added to jieba's dictionary with a high frequency, so jieba keeps it
as one word ("沈砚秋" never becomes "沈" + "砚秋"); after segmentation every alias is
mapped back to its full name, so "老沈" and "沈砚秋" count as the same person.

Without the dictionary jieba guesses: an unknown name may be cut into pieces or
glued to the next character, and the counts would silently be wrong.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from .textio import read_text

# jieba gives every registered name this frequency. The most common word in its
# dictionary ("的") has about 320 000, so a name always wins against a word that
# overlaps it ("阿满满脸" -> "阿满" + "满脸", not "阿" + "满满" + "脸").
NAME_FREQ = 100_000

# Middle dots in transliterated names ("诺娃·白桥"): jieba always splits at them,
# so they are removed from names and from the text before segmentation.
NAME_DOTS = "·•‧・"
_DOT_TABLE = str.maketrans("", "", NAME_DOTS)

# Characters jieba can keep together in one word: CJK ideographs (U+4E00..U+9FD5,
# jieba's own range), ASCII letters and digits.
_NAME_RE = re.compile(r"^[\u4e00-\u9fd5A-Za-z0-9]+$")
_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


class NameListError(ValueError):
    """The names file is empty or ambiguous; the message names the line."""


@dataclass(frozen=True)
class Character:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameList:
    characters: tuple[Character, ...]

    @property
    def names(self) -> list[str]:
        """Full names, in file order."""
        return [c.name for c in self.characters]

    @property
    def alias_map(self) -> dict[str, str]:
        """Every form a character is written as (full name included) -> full name."""
        mapping = {}
        for character in self.characters:
            mapping[character.name] = character.name
            for alias in character.aliases:
                mapping[alias] = character.name
        return mapping

    def to_text(self) -> str:
        """The names-file format (one line per character)."""
        return "".join(" ".join((c.name, *c.aliases)) + "\n" for c in self.characters)


def strip_dots(text: str) -> str:
    """Remove the middle dots of transliterated names ("诺娃·白桥" -> "诺娃白桥")."""
    return text.translate(_DOT_TABLE)


def parse_names(text: str) -> NameList:
    """Parse the names-file format; raise :class:`NameListError` on a problem."""
    characters: list[Character] = []
    owner: dict[str, tuple[str, int]] = {}  # form -> (full name, line number)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        forms = [strip_dots(f) for f in _SEPARATORS.split(line) if f]
        for form in forms:
            if not _NAME_RE.match(form):
                raise NameListError(
                    f"第 {number} 行 / line {number}: {form!r} 只能包含汉字、字母和数字 / "
                    "may only contain Chinese characters, letters and digits"
                )
        forms = list(dict.fromkeys(forms))  # the same form twice on one line counts once
        for form in forms:
            if form in owner:
                other, other_line = owner[form]
                raise NameListError(
                    f"第 {number} 行 / line {number}: {form!r} 已出现在第 {other_line} 行"
                    f"（{other}）/ already listed on line {other_line} ({other})"
                )
            owner[form] = (forms[0], number)
        name, aliases = forms[0], forms[1:]
        characters.append(Character(name, tuple(aliases)))
    if not characters:
        raise NameListError("人名表是空的 / the names file lists no names")
    return NameList(tuple(characters))


def load_names(path: str | Path, encoding: str | None = None) -> NameList:
    """Read and parse a names file (any encoding :func:`textio.read_text` detects)."""
    text, _ = read_text(path, encoding)
    try:
        return parse_names(text)
    except NameListError as exc:
        raise NameListError(f"{path}: {exc}") from None


# --------------------------------------------------------------------------------------
# jieba
# --------------------------------------------------------------------------------------

_jieba = {"module": None}


def get_jieba():
    """Import jieba once, quietly, and load its dictionary (about one second).

    jieba's dictionary is global to the process: names registered once stay
    registered. That is harmless here, because only the forms of the current name
    list are counted after segmentation.
    """
    if _jieba["module"] is None:
        with warnings.catch_warnings():
            # jieba 0.42.1 (its last release) imports pkg_resources when setuptools is
            # installed, which newer setuptools versions warn about.
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." chatter
        jieba.initialize()
        _jieba["module"] = jieba
    return _jieba["module"]


def register(names: NameList) -> None:
    """Add every name and alias to jieba's dictionary as a person name (tag ``nr``)."""
    jieba = get_jieba()
    for form in names.alias_map:
        jieba.add_word(form, freq=NAME_FREQ, tag="nr")


def segment(text: str) -> list[str]:
    """Cut text into words with jieba (call :func:`register` first).

    ``HMM=False`` turns off jieba's guessing of unknown words: the names we care
    about are all in the dictionary, and guessing could glue a name's neighbour
    characters into a new "word".
    """
    return get_jieba().lcut(strip_dots(text), HMM=False)
