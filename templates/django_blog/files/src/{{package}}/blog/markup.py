"""Markdown -> HTML -> sanitised HTML.

Markdown lets authors write raw HTML, so its output is *untrusted*: a post (or a stolen
admin account) could contain ``<script>``, ``onerror=`` handlers or ``javascript:`` links.
Every piece of HTML we render therefore goes through nh3 (a Rust HTML sanitiser) with an
allow-list: only the tags and attributes below survive, and links may only use
http/https/mailto (or be relative). Only the result of :func:`render_markdown` is ever
marked safe for templates.

Images come only from the site itself (a relative address such as ``/media/cat.png``):
a picture from another site is a request the reader never agreed to, telling that site
who reads what and when, and the Content-Security-Policy (``img-src 'self'``) would block
it anyway. A Markdown image from elsewhere becomes a link the reader may choose to open;
an ``<img>`` written as raw HTML with an outside address is dropped.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},  # fenced code: class="language-python"
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def is_local_url(url: str) -> bool:
    """True for an address on this site: no scheme, no host (``/static/a.png``,
    ``img/a.png``). Backslashes, spaces and control characters are refused because
    browsers read a slash and a backslash, or a slash, a tab and a slash, like ``//``:
    the start of another host."""
    if not url or any(ch == "\\" or ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


class _ForeignImagesToLinks(Treeprocessor):
    """``![alt](https://other.example/a.png)`` -> ``<a href="...">alt</a>``."""

    def run(self, root):
        for element in root.iter("img"):
            src = element.get("src", "")
            if is_local_url(src):
                continue
            label = element.get("alt") or src
            title = element.get("title")
            element.tag = "a"
            element.attrib.clear()
            element.set("href", src)
            if title:
                element.set("title", title)
            element.text = label


class LocalImagesExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (the name Python-Markdown calls)
        # After the inline patterns (priority 20) have turned ![...](...) into <img>.
        md.treeprocessors.register(_ForeignImagesToLinks(md), "foreign_images", 15)


MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists", LocalImagesExtension()]

# nh3 writes every attribute as name="value" with " escaped, so a tag can be read exactly.
_IMG_TAG = re.compile(r'<img((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*/?>')
_SRC_ATTR = re.compile(r'\ssrc="')


def _keep_local_image_sources(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not is_local_url(value):
        return None
    return value


def sanitize_html(dirty: str) -> str:
    """Keep only allow-listed tags/attributes; drop scripts, styles, event handlers,
    dangerous URLs (``javascript:``, ``data:`` ...) and images from other sites."""
    clean = nh3.clean(
        dirty,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_keep_local_image_sources,
    )
    # An <img> whose outside address was removed above shows nothing: drop it.
    return _IMG_TAG.sub(lambda m: m.group(0) if _SRC_ATTR.search(m.group(1)) else "", clean)


def render_markdown(text: str) -> SafeString:
    """Markdown source -> sanitised HTML, marked safe for templates."""
    raw_html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS)
    return mark_safe(sanitize_html(raw_html))  # safe: sanitised on the line above


_BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|br|hr|pre|blockquote|table|tr|td|th)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _rendered(text: str) -> str:
    return sanitize_html(markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS))


def _flatten(rendered: str) -> str:
    flat = _TAG.sub("", _BLOCK_TAG.sub(" ", rendered))
    return _SPACE.sub(" ", html.unescape(flat)).strip()


def plain_text(text: str) -> str:
    """Markdown source -> plain text: block tags become spaces, inline tags (``<strong>``,
    ``<a>`` ...) simply vanish, entities are decoded and runs of spaces collapsed."""
    return _flatten(_rendered(text))


_HEADINGS_AND_CODE = re.compile(r"<(h[1-6]|pre)\b[^>]*>.*?</\1>", re.S)


def plain_text_excerpt(text: str, length: int = 120) -> str:
    """The first ``length`` characters of the text without headings and code blocks,
    with "…" when cut."""
    flat = _flatten(_HEADINGS_AND_CODE.sub(" ", _rendered(text)))
    return flat if len(flat) <= length else flat[:length].rstrip() + "…"


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def reading_minutes(text: str, cjk_per_minute: int = 400, words_per_minute: int = 200) -> int:
    """Estimated reading time in whole minutes (at least 1): Chinese characters are counted
    one by one, other text word by word."""
    flat = plain_text(text)
    cjk = len(_CJK.findall(flat))
    words = len(_WORD.findall(_CJK.sub(" ", flat)))
    minutes = cjk / cjk_per_minute + words / words_per_minute
    return max(1, round(minutes))
