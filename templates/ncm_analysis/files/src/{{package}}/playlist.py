"""Song ids from a playlist page.

The server-rendered playlist page (``https://music.163.com/playlist?id=...``) has, besides
the JavaScript player, a hidden plain list of the songs for search engines:

    <ul class="f-hide">
      <li><a href="/song?id=1001">第一首歌</a></li>
      <li><a href="/song?id=1002">第二首歌</a></li>
    </ul>

That list is all this module reads: ``/song?id=<digits>`` links inside ``ul.f-hide``. The
page usually lists only the first songs of a long playlist (tutorials report 10-20 without
logging in); the parser takes what is there. ``tests/fixtures/playlist_page.html`` shows the
expected structure; when the site changes its HTML, update ``SELECTOR`` and that fixture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

BASE_URL = "https://music.163.com"
SELECTOR = "ul.f-hide a[href]"
_DIGITS = re.compile(r"^\d{1,15}$")


@dataclass(frozen=True)
class Song:
    song_id: int
    title: str


def playlist_url(playlist_id: int | str) -> str:
    return f"{BASE_URL}/playlist?id={check_id(playlist_id, 'playlist')}"


def check_id(value: int | str, what: str = "song") -> int:
    """A numeric id as int; anything else raises ValueError (ids end up in URLs)."""
    text = str(value).strip()
    if not _DIGITS.match(text) or int(text) == 0:
        raise ValueError(f"not a valid {what} id: {value!r} (digits only)")
    return int(text)


def song_id_from_href(href: str) -> int | None:
    """``/song?id=1001`` (also absolute, or the ``#/song?id=`` form) -> 1001, else None."""
    parts = urlsplit(href.replace("/#/", "/"))
    if not parts.path.rstrip("/").endswith("/song") and parts.path != "song":
        return None
    values = parse_qs(parts.query).get("id", [])
    if len(values) != 1 or not _DIGITS.match(values[0]):
        return None
    return int(values[0])


def parse_playlist(html: str) -> list[Song]:
    """The songs of a playlist page in page order, each id once."""
    soup = BeautifulSoup(html, "html.parser")
    songs: list[Song] = []
    seen: set[int] = set()
    for link in soup.select(SELECTOR):
        song_id = song_id_from_href(link.get("href", ""))
        if song_id is None or song_id in seen:
            continue
        seen.add(song_id)
        songs.append(Song(song_id, " ".join(link.get_text(" ", strip=True).split())))
    return songs
