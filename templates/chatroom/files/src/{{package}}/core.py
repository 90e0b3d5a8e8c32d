"""The chat room itself, without any web framework.

Rooms, who is online, nickname rules, message checks, a bounded history per room and a
per-user rate limit all live here. The web front ends (Flask-SocketIO, Tornado) only move
JSON between browsers and :meth:`ChatCore.handle`, which answers with a list of
:class:`Delivery` objects: *which event, with which data, to which connections*.

Because nothing here opens a socket, every rule can be tested with plain function calls, and
time is injected (``clock`` for the rate limit, ``wall_clock`` for message timestamps), so
tests never sleep.

Messages are stored exactly as typed: ``<b>hi</b>`` stays the text ``<b>hi</b>``. Turning
text into HTML safely is the job of whoever displays it (``textContent`` in the browser,
auto-escaping in the HTML templates, ``html.escape`` in the demo's report).
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass

from .commands import Command, parse_command
from .errors import ChatError
from .texts import DEFAULT_ROOM, system_text

MAX_MESSAGE_LENGTH = 500
MAX_NICK_LENGTH = 16
MAX_ROOM_LENGTH = 24
HISTORY_SIZE = 100
MAX_ROOMS = 50
RATE_CAPACITY = 5          # messages a user may send in a burst ...
RATE_PER_SECOND = 1.0      # ... and how fast the allowance refills

RESERVED_NICKS = frozenset({"system", "admin", "server", "系统", "管理员"})
NAME_PUNCTUATION = "_-"
# Invisible characters that reorder text (used to disguise what a message says).
BIDI_CONTROLS = frozenset(
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)
EVENTS = ("join", "chat", "leave", "ping")


# --------------------------------------------------------------------------- rules


def _check_name(raw, *, limit: int, what: str) -> str:
    if not isinstance(raw, str):
        raise ChatError(f"{what}_empty")
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise ChatError(f"{what}_empty")
    if len(name) > limit:
        raise ChatError(f"{what}_too_long", limit=limit)
    if not all(ch.isalnum() or ch in NAME_PUNCTUATION for ch in name):
        raise ChatError(f"{what}_chars")
    return name


def check_nick(raw) -> str:
    """A valid nickname (NFC-normalised, stripped) or ChatError.

    1 to 16 characters; letters of any script, digits, ``_`` and ``-``; not a reserved word
    such as "system" (in any letter case).
    """
    nick = _check_name(raw, limit=MAX_NICK_LENGTH, what="nick")
    if nick.casefold() in RESERVED_NICKS:
        raise ChatError("nick_reserved", nick=nick)
    return nick


def check_room(raw) -> str:
    """A valid room name: same characters as nicknames, at most 24 of them."""
    return _check_name(raw, limit=MAX_ROOM_LENGTH, what="room")


def check_text(raw, max_length: int = MAX_MESSAGE_LENGTH) -> str:
    """A message ready to store, or ChatError.

    Surrounding spaces are removed; the result must not be empty, must have at most
    ``max_length`` characters and must not contain control characters (newlines, tabs,
    escape codes, NUL) or the invisible direction marks that can disguise text.
    HTML is *not* removed or escaped: it is just text.
    """
    if not isinstance(raw, str):
        raise ChatError("bad_request", detail="text")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise ChatError("empty")
    if len(text) > max_length:
        raise ChatError("too_long", length=len(text), limit=max_length)
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in text):
        raise ChatError("control_chars")
    return text


def clock_text(seconds: float) -> str:
    """A timestamp as HH:MM:SS in local time (for the history pages)."""
    return time.strftime("%H:%M:%S", time.localtime(seconds))


def nick_key(nick: str) -> str:
    """Nicknames are unique regardless of letter case: "Blue" and "blue" collide."""
    return nick.casefold()


class RateLimiter:
    """A token bucket per user.

    Each user starts with ``capacity`` tokens; every message costs one; tokens come back at
    ``per_second``, up to ``capacity``. So a short burst is fine but a flood is not.
    ``clock`` returns seconds (``time.monotonic`` by default; tests pass a fake clock).
    """

    def __init__(self, capacity: float = RATE_CAPACITY, per_second: float = RATE_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic):
        if capacity < 1 or per_second <= 0:
            raise ValueError("capacity must be >= 1 and per_second > 0")
        self.capacity = float(capacity)
        self.per_second = float(per_second)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}   # key -> (tokens, last time)

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return True
        self._buckets[key] = (tokens, now)
        return False

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Message:
    id: int
    room: str
    nick: str
    text: str
    kind: str = "chat"       # chat | me | whisper | system
    time: float = 0.0        # seconds since the epoch (wall_clock)
    to: str = ""             # the recipient of a whisper

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Delivery:
    """Send ``event`` with ``data`` to each connection id in ``to``."""

    event: str
    data: dict
    to: tuple[str, ...]


@dataclass
class _Room:
    name: str
    history: deque
    members: dict       # connection id -> nickname, in joining order


# --------------------------------------------------------------------------- the room server


class ChatCore:
    """All chat state. Thread-safe: Flask-SocketIO calls it from several threads.

    Connection ids are whatever the front end uses to tell connections apart (Socket.IO's
    ``request.sid``, a counter for Tornado, a name in tests).
    """

    def __init__(self, *, lang: str = "zh", history_size: int = HISTORY_SIZE,
                 max_length: int = MAX_MESSAGE_LENGTH, max_rooms: int = MAX_ROOMS,
                 rate_capacity: float = RATE_CAPACITY, rate_per_second: float = RATE_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time):
        self.lang = lang
        self.history_size = history_size
        self.max_length = max_length
        self.max_rooms = max_rooms
        self.default_room = DEFAULT_ROOM.get(lang, DEFAULT_ROOM["en"])
        self.limiter = RateLimiter(rate_capacity, rate_per_second, clock)
        self.wall_clock = wall_clock
        self._lock = threading.RLock()
        self._rooms: dict[str, _Room] = {}
        self._where: dict[str, str] = {}        # connection id -> room name
        self._nicks: dict[str, str] = {}        # nick_key -> connection id
        self._next_id = 1

    # ---- the one entry point of the front ends

    def handle(self, cid: str, event: str, data=None) -> list[Delivery]:
        """Process one event from connection ``cid``; errors go back to it as ``chat_error``."""
        try:
            if not isinstance(data, dict):
                data = {} if data is None else {"text": data}
            if event == "join":
                return self.join(cid, data.get("nick"), data.get("room") or self.default_room)
            if event == "chat":
                return self.send(cid, data.get("text"))
            if event == "leave":
                return self.leave(cid)
            if event == "ping":
                return [Delivery("pong", {"token": str(data.get("token", ""))[:40]}, (cid,))]
            raise ChatError("unknown_event", event=str(event)[:40])
        except ChatError as exc:
            return [Delivery("chat_error", exc.to_dict(self.lang), (cid,))]

    def disconnect(self, cid: str) -> list[Delivery]:
        """The connection is gone: leave its room and forget its rate-limit bucket."""
        self.limiter.forget(cid)
        return self.leave(cid)

    # ---- queries

    def nick_of(self, cid: str) -> str | None:
        with self._lock:
            room = self._where.get(cid)
            return self._rooms[room].members[cid] if room else None

    def room_of(self, cid: str) -> str | None:
        with self._lock:
            return self._where.get(cid)

    def presence(self, room: str) -> list[str]:
        """Nicknames in ``room``, in the order they joined."""
        with self._lock:
            found = self._rooms.get(room)
            return list(found.members.values()) if found else []

    def history(self, room: str) -> list[Message]:
        """The last ``history_size`` messages of ``room`` (oldest first)."""
        with self._lock:
            found = self._rooms.get(room)
            return list(found.history) if found else []

    def rooms(self) -> dict[str, int]:
        """Room name -> number of people in it."""
        with self._lock:
            return {name: len(room.members) for name, room in self._rooms.items()}

    def suggest_nick(self, nick: str) -> str:
        """A free variant of a taken nickname: nick2, nick3, ..."""
        with self._lock:
            for n in range(2, 1000):
                suffix = str(n)
                candidate = nick[: MAX_NICK_LENGTH - len(suffix)] + suffix
                if nick_key(candidate) not in self._nicks:
                    return candidate
        return nick

    # ---- actions

    def join(self, cid: str, nick, room) -> list[Delivery]:
        nick, room = check_nick(nick), check_room(room)
        with self._lock:
            owner = self._nicks.get(nick_key(nick))
            if owner is not None and owner != cid:
                raise ChatError("nick_taken", nick=nick, suggestion=self.suggest_nick(nick))
            out: list[Delivery] = []
            if cid in self._where:
                out += self.leave(cid)
            target = self._room(room)
            target.members[cid] = nick
            self._where[cid] = room
            self._nicks[nick_key(nick)] = cid
            out.append(Delivery("joined", {
                "nick": nick,
                "room": room,
                "users": list(target.members.values()),
                "history": [m.to_dict() for m in target.history],
            }, (cid,)))
            note = self._store(room, "", system_text("joined", self.lang, nick=nick), "system")
            everyone = tuple(target.members)
            out.append(Delivery("chat", note.to_dict(), everyone))
            out.append(self._presence(target))
            return out

    def leave(self, cid: str) -> list[Delivery]:
        with self._lock:
            room_name = self._where.pop(cid, None)
            if room_name is None:
                return []
            room = self._rooms[room_name]
            nick = room.members.pop(cid)
            self._nicks.pop(nick_key(nick), None)
            note = self._store(room_name, "", system_text("left", self.lang, nick=nick), "system")
            if not room.members:
                return []
            return [Delivery("chat", note.to_dict(), tuple(room.members)), self._presence(room)]

    def send(self, cid: str, text) -> list[Delivery]:
        with self._lock:
            room_name = self._where.get(cid)
            if room_name is None:
                raise ChatError("not_joined")
            text = check_text(text, self.max_length)
            if not self.limiter.allow(cid):
                raise ChatError("rate_limited")
            room = self._rooms[room_name]
            nick = room.members[cid]
            try:
                command = parse_command(text) or Command("chat", text)
                if command.kind == "whisper":
                    return self._whisper(cid, nick, room_name, command)
            except NotImplementedError:
                # The student version of the stretch exercise: tell the user, do not crash.
                raise ChatError("command_unavailable") from None
            message = self._store(room_name, nick, command.body, command.kind)
            return [Delivery("chat", message.to_dict(), tuple(room.members))]

    # ---- helpers

    def _whisper(self, cid: str, nick: str, room: str, command: Command) -> list[Delivery]:
        """A private message: only the sender and the recipient get it; never stored."""
        # >>> SOLUTION
        try:
            target = check_nick(command.target)
        except ChatError:
            raise ChatError("unknown_user", nick=command.target[:MAX_NICK_LENGTH]) from None
        target_cid = self._nicks.get(nick_key(target))
        if target_cid is None:
            raise ChatError("unknown_user", nick=target)
        target_nick = self.nick_of(target_cid)
        message = Message(self._take_id(), room, nick, command.body, "whisper",
                          self.wall_clock(), target_nick)
        receivers = (cid,) if target_cid == cid else (cid, target_cid)
        return [Delivery("chat", message.to_dict(), receivers)]
        # <<< SOLUTION
        # >>> STUB
        # raise NotImplementedError("练习（学生）：找到收件人，只发给发送者和收件人，不存入历史")
        # <<< STUB

    def _room(self, name: str) -> _Room:
        room = self._rooms.get(name)
        if room is not None:
            return room
        if len(self._rooms) >= self.max_rooms:
            empty = [n for n, r in self._rooms.items() if not r.members]
            if not empty:
                raise ChatError("too_many_rooms", limit=self.max_rooms)
            del self._rooms[empty[0]]          # the oldest empty room goes first
        room = _Room(name, deque(maxlen=self.history_size), {})
        self._rooms[name] = room
        return room

    def _take_id(self) -> int:
        with self._lock:
            number = self._next_id
            self._next_id += 1
            return number

    def _store(self, room: str, nick: str, text: str, kind: str) -> Message:
        message = Message(self._take_id(), room, nick, text, kind, self.wall_clock())
        self._rooms[room].history.append(message)
        return message

    def _presence(self, room: _Room) -> Delivery:
        users = list(room.members.values())
        return Delivery("presence", {"room": room.name, "users": users}, tuple(room.members))
