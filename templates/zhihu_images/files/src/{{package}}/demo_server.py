"""The demo site on 127.0.0.1, served by the standard library's ``http.server``.

    /robots.txt                             allows everything except /private/
    /api/v4/questions/<id>/answers?offset=  answers_page1.json (offset < 3) or page 2
    /gallery.html                           an ordinary web page with pictures
    /pics/<id>[_suffix].png                 the pictures of the answers (PNG)
    /gallery/<id>.png, /private/<id>.png    the pictures of the web page
    anything else                           404

It binds to 127.0.0.1 only, on a free port, in a background thread, and is stopped when
the ``with serve() as base_url:`` block ends. It is a test double, not a web server
for anything else.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .samples import (
    DEFAULT_SEED,
    PAGE_LIMIT,
    QUESTION_ID,
    broken_ids,
    pictures,
    site_files,
    sticker_png,
)

_PICTURE = re.compile(r"^/(?:pics|gallery|private)/(v2-[0-9a-f]{32})(?:_[a-z0-9]+)?\.png$")
_ANSWERS = f"/api/v4/questions/{QUESTION_ID}/answers"


class DemoSite:
    """Routes a path to (status, content type, body)."""

    def __init__(self, seed: int = DEFAULT_SEED):
        self.files = site_files(seed)
        self.pictures = pictures(seed)
        self.broken = broken_ids(seed)
        self.requests: list[str] = []

    def answer(self, target: str) -> tuple[int, str, bytes]:
        self.requests.append(target)
        parts = urlsplit(target)
        path = parts.path
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.files["robots.txt"].encode()
        if path == _ANSWERS:
            offset = parse_qs(parts.query).get("offset", ["0"])[0]
            page = 1 if not offset.isdigit() or int(offset) < PAGE_LIMIT else 2
            body = self.files[f"answers_page{page}.json"].encode("utf-8")
            return 200, "application/json; charset=utf-8", body
        if path == "/gallery.html":
            return 200, "text/html; charset=utf-8", self.files["gallery.html"].encode("utf-8")
        if path.startswith("/pics/emoji/"):
            return 200, "image/png", sticker_png()
        match = _PICTURE.match(path)
        if match and match.group(1) in self.broken:
            return 200, "text/html; charset=utf-8", b"<html><body>upload failed</body></html>"
        if match and match.group(1) in self.pictures:
            return 200, "image/png", self.pictures[match.group(1)]
        return 404, "text/plain; charset=utf-8", b"not found"


def _handler(site: DemoSite):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            status, content_type, body = site.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002 - keep the console quiet
            pass

    return Handler


@contextmanager
def serve(seed: int = DEFAULT_SEED) -> Iterator[tuple[str, DemoSite]]:
    """``with serve() as (base_url, site):`` - the demo site on http://127.0.0.1:<port>."""
    site = DemoSite(seed)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
