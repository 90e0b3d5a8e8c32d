"""Two bots chat through a real front end, offline, and the transcript is written down.

Drivers (``--server``):

* ``core``    — calls :meth:`ChatCore.handle` directly (no web framework at all);
* ``flask``   — Flask-SocketIO's in-process test client (no network);
* ``tornado`` — a real Tornado server on 127.0.0.1 with a random port, and two WebSocket
  clients connecting to it over the loopback interface.

The same script gives the same transcript on every driver: the rules live in the core.
A fake clock makes the timestamps and the rate limit deterministic.
"""

from __future__ import annotations

import asyncio
import csv
import html
import time
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path

from . import SERVERS
from .core import ChatCore
from .script import BOTS, Step, bot_nick

START = 1_704_139_200.0   # 2024-01-01 20:00:00 UTC: the demo's fake wall clock starts here


class FakeClock:
    """Time that moves only when told to (``advance``)."""

    def __init__(self, start: float = START):
        self.now = start

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- transcript


@dataclass
class Row:
    step: int
    time: str
    room: str
    kind: str        # chat | me | whisper | system | error | presence
    nick: str
    to: str
    text: str
    seen_by: str


@dataclass
class Transcript:
    lang: str
    rows: list[Row] = field(default_factory=list)
    _index: dict = field(default_factory=dict)

    def add(self, step: Step, clock: FakeClock, bot: str, event: str, data: dict) -> None:
        me = bot_nick(bot, self.lang)
        stamp = time.strftime("%H:%M:%S", time.gmtime(clock()))
        if event == "chat":
            key = ("message", data["id"])
            row = Row(step.step, stamp, data["room"], data["kind"], data["nick"], data["to"],
                      data["text"], "")
        elif event == "presence":
            key = ("presence", step.step, data["room"])
            row = Row(step.step, stamp, data["room"], "presence", "", "",
                      ", ".join(data["users"]), "")
        elif event == "chat_error":
            key = ("error", step.step, bot, len(self.rows))
            row = Row(step.step, stamp, "", "error", me, "", data["message"], "")
        else:                       # "joined" repeats what chat/presence show; "pong" is plumbing
            return
        if key not in self._index:
            self._index[key] = row
            self.rows.append(row)
        found = self._index[key]
        seen = set(found.seen_by.split(",")) | {me}
        found.seen_by = ",".join(n for n in (bot_nick(b, self.lang) for b in BOTS) if n in seen)

    def lines(self) -> list[str]:
        zh = self.lang == "zh"
        out = []
        for r in self.rows:
            room = f"#{r.room}" if r.room else ""
            if r.kind == "chat":
                body = f"{room} <{r.nick}> {r.text}"
            elif r.kind == "me":
                body = f"{room} * {r.nick} {r.text}"
            elif r.kind == "whisper":
                body = f"({'私聊' if zh else 'whisper'}) {r.nick} -> {r.to}: {r.text}"
            elif r.kind == "system":
                body = f"{room} -- {r.text}"
            elif r.kind == "presence":
                body = f"{room} [{'在线' if zh else 'online'}: {r.text}]"
            else:
                body = f"!! {'发给' if zh else 'to'} {r.nick}: {r.text}"
            out.append(f"[{r.time}] {body}")
        return out

    def write(self, out: str | Path) -> list[Path]:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        txt, table, page = out / "transcript.txt", out / "transcript.csv", out / "transcript.html"
        txt.write_text("\n".join(self.lines()) + "\n", encoding="utf-8")
        names = [f.name for f in fields(Row)]
        with table.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(names)
            writer.writerows(astuple(r) for r in self.rows)
        page.write_text(self.to_html(names), encoding="utf-8")
        return [txt, table, page]

    def to_html(self, names: list[str]) -> str:
        """A self-contained page; every cell goes through html.escape (no scripts run)."""
        title = "聊天记录" if self.lang == "zh" else "Chat transcript"
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        body = "\n".join(
            f'<tr class="{html.escape(r.kind)}">'
            + "".join(f"<td>{html.escape(str(v))}</td>" for v in astuple(r)) + "</tr>"
            for r in self.rows
        )
        return (
            f'<!doctype html>\n<html lang="{self.lang}">\n<head><meta charset="utf-8">'
            f"<title>{title}</title>\n<style>body{{font-family:sans-serif}}"
            "td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}"
            ".error{color:#b00}.system,.presence{color:#777}.whisper{font-style:italic}"
            f"</style></head>\n<body><h1>{title}</h1>\n<table>\n<tr>{head}</tr>\n{body}\n"
            "</table>\n</body>\n</html>\n"
        )


# --------------------------------------------------------------------------- drivers


class CoreDriver:
    """No framework: deliveries are routed to per-bot inboxes by hand."""

    def __init__(self, core: ChatCore, lang: str):
        self.core = core
        self.inbox: dict[str, list] = {}

    async def start(self) -> None:
        pass

    async def connect(self, bot: str) -> None:
        self.inbox[bot] = []

    async def send(self, bot: str, event: str, data: dict) -> None:
        for delivery in self.core.handle(bot, event, data):
            for cid in delivery.to:
                self.inbox[cid].append((delivery.event, delivery.data))

    async def collect(self, bot: str) -> list[tuple[str, dict]]:
        got, self.inbox[bot] = self.inbox[bot], []
        return got

    async def stop(self) -> None:
        for bot in self.inbox:
            self.core.disconnect(bot)


class FlaskDriver:
    """Flask-SocketIO's test client: the real event handlers, in-process, no sockets."""

    def __init__(self, core: ChatCore, lang: str):
        import secrets

        from .flask_app import create_app

        # A throwaway key: this app lives only for the demo, inside this process.
        self.app = create_app({"SECRET_KEY": secrets.token_hex(16)}, core=core, lang=lang)
        self.socketio = self.app.extensions["socketio"]
        self.clients: dict = {}

    async def start(self) -> None:
        pass

    async def connect(self, bot: str) -> None:
        self.clients[bot] = self.socketio.test_client(self.app)

    async def send(self, bot: str, event: str, data: dict) -> None:
        self.clients[bot].emit(event, data)

    async def collect(self, bot: str) -> list[tuple[str, dict]]:
        return [(p["name"], p["args"][0]) for p in self.clients[bot].get_received()]

    async def stop(self) -> None:
        for client in self.clients.values():
            if client.is_connected():
                client.disconnect()


class TornadoDriver:
    """A Tornado server on 127.0.0.1 (random free port) and two WebSocket clients."""

    def __init__(self, core: ChatCore, lang: str):
        from .tornado_app import make_app

        self.app = make_app(core=core, lang=lang)
        self.conns: dict = {}
        self.tokens = 0

    async def start(self) -> None:
        from tornado.httpserver import HTTPServer
        from tornado.netutil import bind_sockets

        sockets = bind_sockets(0, "127.0.0.1")
        self.url = f"ws://127.0.0.1:{sockets[0].getsockname()[1]}/ws"
        self.server = HTTPServer(self.app)
        self.server.add_sockets(sockets)

    async def connect(self, bot: str) -> None:
        from tornado.websocket import websocket_connect

        self.conns[bot] = await websocket_connect(self.url)

    async def send(self, bot: str, event: str, data: dict) -> None:
        from .tornado_app import encode

        await self.conns[bot].write_message(encode(event, data))

    async def collect(self, bot: str) -> list[tuple[str, dict]]:
        """Everything the server sent to ``bot`` so far.

        A ping with a fresh token goes out; the server answers it after every earlier
        frame, so reading up to the matching pong collects exactly what was sent before.
        """
        import json

        self.tokens += 1
        token = str(self.tokens)
        await self.send(bot, "ping", {"token": token})
        got = []
        while True:
            raw = await asyncio.wait_for(self.conns[bot].read_message(), timeout=10)
            if raw is None:
                raise ConnectionError("the demo server closed the connection")
            frame = json.loads(raw)
            if frame["type"] == "pong" and frame["data"]["token"] == token:
                return got
            got.append((frame["type"], frame["data"]))

    async def stop(self) -> None:
        for conn in self.conns.values():
            conn.close()
        self.server.stop()
        await self.server.close_all_connections()


DRIVERS = {"core": CoreDriver, "flask": FlaskDriver, "tornado": TornadoDriver}


def available() -> list[str]:
    """The drivers this project has: the core always, plus its front ends."""
    return ["core", *SERVERS]


async def _act(script: list[Step], server: str, lang: str) -> Transcript:
    clock = FakeClock()
    core = ChatCore(lang=lang, clock=clock, wall_clock=clock)
    driver = DRIVERS[server](core, lang)
    transcript = Transcript(lang)
    await driver.start()
    try:
        for bot in BOTS:
            await driver.connect(bot)
        for step in script:
            clock.advance(step.dt)
            event, data = step.event(lang)
            await driver.send(step.bot, event, data)
            # The sender's view first, then the others': the same order on every driver.
            for bot in [step.bot, *(b for b in BOTS if b != step.bot)]:
                for name, payload in await driver.collect(bot):
                    transcript.add(step, clock, bot, name, payload)
    finally:
        await driver.stop()
    return transcript


def run_demo(script: list[Step], server: str = "core", lang: str = "zh") -> Transcript:
    if server not in available():
        raise ValueError(f"server must be one of {', '.join(available())}")
    return asyncio.run(_act(script, server, lang))
