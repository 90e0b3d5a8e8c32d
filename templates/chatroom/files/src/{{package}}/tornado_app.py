"""The Tornado front end: plain browser WebSockets carrying JSON frames.

Every frame, in both directions, is ``{"type": <event>, "data": {...}}`` with the same
events and data as the Socket.IO front end, so both share ChatCore and the page logic.

* ``WebSocketHandler.check_origin`` is left at Tornado's default: a page from another site
  cannot open a connection to this server (cross-site WebSocket hijacking).
* The only HTTP routes are GET pages; Tornado templates escape every ``{{ }}``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path

import tornado.web
import tornado.websocket

from . import DEFAULT_LANG
from .core import ChatCore, check_room, clock_text
from .errors import ChatError
from .texts import ui_texts

HERE = Path(__file__).resolve().parent
MAX_FRAME_BYTES = 16 * 1024
CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'"


def encode(event: str, data: dict) -> str:
    return json.dumps({"type": event, "data": data}, ensure_ascii=False)


class _Page(tornado.web.RequestHandler):
    def initialize(self, core: ChatCore):
        self.core = core

    def set_default_headers(self):
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")


class IndexHandler(_Page):
    def get(self):
        self.render("index.html", t=ui_texts(self.core.lang), lang=self.core.lang,
                    default_room=self.core.default_room)


class HistoryHandler(_Page):
    def get(self, room: str):
        try:
            room = check_room(room)
        except ChatError:
            raise tornado.web.HTTPError(404) from None
        self.render("history.html", t=ui_texts(self.core.lang), lang=self.core.lang,
                    room=room, messages=self.core.history(room), clock=clock_text)


class ChatSocket(tornado.websocket.WebSocketHandler):
    """One browser connection. All connections of an app share ``sockets``."""

    ids = itertools.count(1)

    def initialize(self, core: ChatCore, sockets: dict):
        self.core = core
        self.sockets = sockets
        self.cid = ""

    def open(self):
        self.cid = f"ws-{next(self.ids)}"
        self.sockets[self.cid] = self

    def on_message(self, message):
        try:
            frame = json.loads(message)
            event, data = frame["type"], frame.get("data")
            if not isinstance(event, str):
                raise TypeError("type")
        except (ValueError, KeyError, TypeError, AttributeError):
            error = ChatError("bad_request", detail='{"type": ..., "data": {...}}')
            self.write_message(encode("chat_error", error.to_dict(self.core.lang)))
            return
        self.deliver(self.core.handle(self.cid, event, data))

    def on_close(self):
        self.sockets.pop(self.cid, None)
        self.deliver(self.core.disconnect(self.cid))

    def deliver(self, deliveries) -> None:
        for delivery in deliveries:
            text = encode(delivery.event, delivery.data)
            for cid in delivery.to:
                sock = self.sockets.get(cid)
                if sock is None:
                    continue
                try:
                    sock.write_message(text)
                except tornado.websocket.WebSocketClosedError:
                    pass              # it is leaving; its on_close cleans up


def make_app(*, core: ChatCore | None = None, lang: str = DEFAULT_LANG,
             debug: bool = False) -> tornado.web.Application:
    core = core or ChatCore(lang=lang)
    page = {"core": core}
    return tornado.web.Application(
        [
            (r"/", IndexHandler, page),
            (r"/history/([^/]+)", HistoryHandler, page),
            (r"/ws", ChatSocket, {"core": core, "sockets": {}}),
        ],
        template_path=str(HERE / "templates" / "tornado"),
        static_path=str(HERE / "static"),
        websocket_max_message_size=MAX_FRAME_BYTES,
        xsrf_cookies=True,
        debug=debug,
    )


async def serve(host: str = "127.0.0.1", port: int = 8888, *, debug: bool = False,
                lang: str = DEFAULT_LANG) -> None:
    app = make_app(lang=lang, debug=debug)
    app.listen(port, address=host)
    await asyncio.Event().wait()      # until Ctrl+C


def run(host: str = "127.0.0.1", port: int = 8888, *, debug: bool = False,
        lang: str = DEFAULT_LANG) -> None:
    asyncio.run(serve(host, port, debug=debug, lang=lang))
