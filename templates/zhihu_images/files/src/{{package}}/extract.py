"""Image URLs from HTML: which attribute to trust, what to skip, what counts as "the same".

An image in a Zhihu answer is usually written twice: once inside ``<noscript>`` and
once as a lazy-loading ``<img>`` whose ``src`` is only a placeholder::

    <img src="data:image/svg+xml;utf8,<svg .../>" class="origin_image lazy"
         data-original="https://pic1.zhimg.com/v2-4fa1..._r.jpg"
         data-actualsrc="https://pic1.zhimg.com/v2-4fa1..._b.jpg"
         data-rawwidth="1080" data-rawheight="720">

* **priority**: ``data-original`` (the full-size picture) > ``data-actualsrc`` (the
  displayed size) > ``src``; ``data:`` URIs are never images to download;
* **placeholders**: emoji/stickers, icons, tracking pixels and anything declared smaller
  than :data:`MIN_SIDE` pixels is skipped;
* **de-duplication**: the same picture appears under several URLs - another server
  name (``pic1``/``pic3``/``picx``), a query string, or a size suffix (``_720w``,
  ``_r``, ``_b``, ``_hd``...). :func:`image_key` removes those differences; of the URLs
  with one key the largest version (by :data:`SUFFIX_RANK`) is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

ATTR_PRIORITY = ("data-original", "data-actualsrc", "src")
MIN_SIDE = 40                      # pixels; smaller images are icons, emoji or pixels
SKIP_CLASSES = ("emoji", "sticker", "avatar", "icon", "placeholder")
SKIP_URL_WORDS = ("emoji", "sticker", "placeholder", "spacer", "blank.gif", "pixel.gif")
# Size suffixes before the extension: v2-abc_720w.jpg, v2-abc_r.jpg, v2-abc_b.jpg ...
SIZE_SUFFIX = re.compile(r"_(\d+w|\d+x\d+|r|b|hd|qhd|fhd|xl|xll|l|m|s|xs)(?=\.[A-Za-z0-9]+$)")
# Lower is better: r = the original upload, b/hd = large, 720w = the web size.
SUFFIX_RANK = {"r": 0, "": 1, "qhd": 2, "fhd": 2, "hd": 3, "b": 3, "xll": 4, "xl": 4,
               "l": 5, "m": 6, "s": 7, "xs": 8}
_MIRRORS = re.compile(r"^pic[x\d]?\.zhimg\.com$", re.I)


@dataclass(frozen=True)
class ImageRef:
    url: str            # absolute http(s) URL to download
    key: str            # identity of the picture (see image_key)
    attr: str           # the attribute the URL came from
    source: str = ""    # where it was found (an answer id or a page URL)
    alt: str = ""


def _suffix(url: str) -> str:
    match = SIZE_SUFFIX.search(urlsplit(url).path)
    return match.group(1).lower() if match else ""


def suffix_rank(url: str) -> int:
    """How good a version of the picture the URL names (0 = original)."""
    suffix = _suffix(url)
    if suffix.endswith("w") and suffix[:-1].isdigit():
        return 4 - min(int(suffix[:-1]), 9999) / 10000   # after _b/_hd, _1440w before _720w
    return SUFFIX_RANK.get(suffix, 10)


def image_key(url: str) -> str:
    """The same string for every URL of one picture.

    Lower-case scheme and host, one name for Zhihu's mirror hosts, no query or
    fragment, no size suffix, extension kept.
    """
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if _MIRRORS.match(host):
        host = "pic.zhimg.com"
    path = SIZE_SUFFIX.sub("", parts.path)
    return urlunsplit((parts.scheme.lower(), host, path, "", ""))


def pick_url(tag) -> tuple[str, str] | None:
    """(value, attribute) of the best attribute of an ``<img>`` tag, or None."""
    for attr in ATTR_PRIORITY:
        value = (tag.get(attr) or "").strip()
        if value and not value.lower().startswith("data:"):
            return value, attr
    return None


def _declared_side(tag) -> int | None:
    """The smaller declared side in pixels (data-rawwidth/height, else width/height)."""
    sides = []
    for names in (("data-rawwidth", "width"), ("data-rawheight", "height")):
        for name in names:
            value = str(tag.get(name) or "").strip().removesuffix("px")
            if value.isdigit():
                sides.append(int(value))
                break
    return min(sides) if sides else None


def is_placeholder(tag, url: str) -> bool:
    """Emoji, stickers, icons, tracking pixels and other tiny images."""
    classes = " ".join(tag.get("class") or []).lower()
    if any(word in classes for word in SKIP_CLASSES):
        return True
    lowered = url.lower()
    if any(word in lowered for word in SKIP_URL_WORDS):
        return True
    side = _declared_side(tag)
    return side is not None and side < MIN_SIDE


def dedupe(refs: list[ImageRef]) -> list[ImageRef]:
    """One ImageRef per key, in order of first appearance, the best version of each."""
    best: dict[str, ImageRef] = {}
    for ref in refs:
        kept = best.get(ref.key)
        if kept is None or suffix_rank(ref.url) < suffix_rank(kept.url):
            # a better version replaces the URL but keeps where it was first seen
            best[ref.key] = ref if kept is None else ImageRef(
                ref.url, ref.key, ref.attr, kept.source, kept.alt or ref.alt)
    return list(best.values())


def extract_images(html: str, base_url: str, source: str = "") -> list[ImageRef]:
    """The downloadable pictures of an HTML fragment or page, de-duplicated.

    Relative URLs are resolved against ``base_url``; only http(s) URLs are kept.
    """
    soup = BeautifulSoup(html or "", "html.parser")
    refs = []
    for tag in soup.find_all("img"):
        picked = pick_url(tag)
        if picked is None:
            continue
        value, attr = picked
        url = urljoin(base_url, value)
        if urlsplit(url).scheme not in ("http", "https") or is_placeholder(tag, url):
            continue
        refs.append(ImageRef(url, image_key(url), attr, source, (tag.get("alt") or "").strip()))
    return dedupe(refs)
