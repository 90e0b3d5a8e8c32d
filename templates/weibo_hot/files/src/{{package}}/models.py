"""One entry of the hot search list, and the error every parser raises."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Labels shown next to a topic. "荐" marks a promoted (paid) entry: never kept.
AD_LABELS = {"荐", "商", "广告"}


class ParseError(ValueError):
    """The payload does not have the expected shape (the site changed, or it is not
    the page we think it is)."""


@dataclass(frozen=True)
class HotItem:
    rank: int               # 1 = top of the list, counted after ads are removed
    title: str              # the topic ("word"), without the surrounding #
    heat: int | None        # the heat number shown next to it, if any
    label: str = ""         # 新 / 热 / 沸 / 爆 / ... or "" (none)
    url: str = ""           # the search page of the topic
    source: str = ""        # which source it came from: ajax | band | mobile | html

    def as_dict(self) -> dict:
        return asdict(self)


def is_ad_label(label: str | None) -> bool:
    return (label or "").strip() in AD_LABELS
