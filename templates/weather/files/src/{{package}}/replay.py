"""An offline stand-in for both websites, for the demo.

:func:`replay_session` returns a ``requests.Session`` whose every request is answered
from the sample files instead of the network, so the demo runs the real code path
(PoliteSession -> robots.txt -> page -> charset -> parser -> fallback) without sending
a single packet. Like the real sites it answers:

* ``/robots.txt`` with a small invented robots file;
* ``/weather/<code>.shtml`` with the sample page, with a bare ``text/html`` header so
  the charset must come from the page's ``<meta>`` tag - or **403** for a city without
  a sample page, to show what happens when a site refuses us;
* ``/v1/forecast?latitude=..&longitude=..`` with the sample JSON of that city.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from .cities import CITIES

ROBOTS = b"User-agent: *\nDisallow: /user/\nDisallow: /search/\n"
_PAGE = re.compile(r"^/weather/(\d{9})\.shtml$")


class ReplayAdapter(BaseAdapter):
    """Answers requests from a dict of sample files (name -> bytes)."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__()
        self.files = files
        self.seen: list[str] = []

    def _answer(self, url: str) -> tuple[int, str, bytes]:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return 200, "text/plain", ROBOTS
        page = _PAGE.match(parts.path)
        if page:
            body = self.files.get(f"weathercn_{page.group(1)}.html")
            if body is None:
                return 403, "text/html", b"<h1>403 Forbidden</h1>"
            return 200, "text/html", body
        if parts.path == "/v1/forecast":
            query = parse_qs(parts.query)
            try:
                lat = float(query["latitude"][0])
                lon = float(query["longitude"][0])
            except (KeyError, ValueError):
                return 400, "application/json", b'{"error": true, "reason": "bad position"}'
            for city in CITIES:
                if abs(city.lat - lat) < 0.01 and abs(city.lon - lon) < 0.01:
                    body = self.files.get(f"open_meteo_{city.code}.json")
                    if body is not None:
                        return 200, "application/json", body
        return 404, "text/plain", b"not found"

    def send(self, request, **kwargs):
        self.seen.append(request.url)
        status, content_type, body = self._answer(request.url)
        response = requests.Response()
        response.status_code = status
        response.reason = {200: "OK", 400: "Bad Request", 403: "Forbidden"}.get(status,
                                                                                 "Not Found")
        response.headers = CaseInsensitiveDict({"Content-Type": content_type})
        response._content = body
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def load_files(folder: str | Path) -> dict[str, bytes]:
    folder = Path(folder)
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*"))
            if path.suffix in (".html", ".json")}


def replay_session(files: dict[str, bytes]) -> tuple[requests.Session, ReplayAdapter]:
    session = requests.Session()
    adapter = ReplayAdapter(files)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session, adapter
