"""The chat room itself, without any web framework.

Rooms, who is online, nickname rules, message checks, a bounded history per room and the
rate limits all live here. The web front ends (Flask-SocketIO, Tornado) only move
JSON between browsers and :meth:`ChatCore.handle`, which answers with a list of
:class:`Delivery` objects: *which event, with which data, to which connections*.

Because nothing here opens a socket, every rule can be tested with plain function calls, and
time is injected (``clock`` for the rate limit, ``wall_clock`` for message timestamps), so
tests never sleep.

Rate limits. Messages: a token bucket per *nickname* and one per connection; a message
needs a token from both, so reconnecting under the same name (in any letter case or
width) does not refill the allowance, and neither does switching to a new name on the same
connection. Joins are limited the same way with a smaller bucket; a leave needs a join
before it, so joins bound leaves too. Joining the room one is already in, under the same
name, tells nobody else. Join and leave notes are kept apart from what people said, so
even a slow stream of them never pushes messages out of a room's history.

Names (nicknames and rooms) are NFKC-normalised first: full-width ``Ｓｙｓｔｅｍ`` and other
compatibility forms become plain ``System`` before the reserved-name and uniqueness checks.

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
JOIN_CAPACITY = 3          # joins (entering or switching rooms) in a burst ...
JOIN_PER_SECOND = 0.2      # ... then one every 5 seconds
NOTES_SIZE = 20            # join/leave notes kept per room, apart from the messages
MAX_BUCKETS = 10_000       # rate-limit buckets kept before full ones are forgotten

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
    # NFKC, not just NFC: "Ｓｙｓｔｅｍ" (full width) must become "System" before the checks.
    name = unicodedata.normalize("NFKC", raw).strip()
    if not name:
        raise ChatError(f"{what}_empty")
    if len(name) > limit:
        raise ChatError(f"{what}_too_long", limit=limit)
    if not all(ch.isalnum() or ch in NAME_PUNCTUATION for ch in name):
        raise ChatError(f"{what}_chars")
    return name


def check_nick(raw) -> str:
    """A valid nickname (NFKC-normalised, stripped) or ChatError.

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
    """A token bucket per key (a user, a connection).

    Each key starts with ``capacity`` tokens; every action costs one; tokens come back at
    ``per_second``, up to ``capacity``. So a short burst is fine but a flood is not.
    ``clock`` returns seconds (``time.monotonic`` by default; tests pass a fake clock).
    When more than ``max_keys`` buckets exist, the full ones (keys idle long enough to have
    refilled) are forgotten: they would start full anyway.
    """

    def __init__(self, capacity: float = RATE_CAPACITY, per_second: float = RATE_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_BUCKETS):
        if capacity < 1 or per_second <= 0:
            raise ValueError("capacity must be >= 1 and per_second > 0")
        self.capacity = float(capacity)
        self.per_second = float(per_second)
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}   # key -> (tokens, last time)

    def _tokens(self, key: str, now: float) -> float:
        tokens, last = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - last) * self.per_second)

    def allow(self, *keys: str) -> bool:
        """Take one token from the bucket of every key, or from none if one is empty."""
        now = self.clock()
        tokens = {key: self._tokens(key, now) for key in keys}
        allowed = all(t >= 1 for t in tokens.values())
        for key, t in tokens.items():
            self._buckets[key] = (t - 1 if allowed else t, now)
        if len(self._buckets) > self.max_keys:
            self._forget_full(now)
        return allowed

    def _forget_full(self, now: float) -> None:
        full = [key for key in self._buckets if self._tokens(key, now) >= self.capacity]
        for key in full:
            del self._buckets[key]

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)

    def __len__(self) -> int:
        return len(self._buckets)


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
    history: deque      # what people said (chat, /me)
    notes: deque        # join/leave notes, kept apart so they never push messages out
    members: dict       # connection id -> nickname, in joining order

    def messages(self) -> list[Message]:
        """History and notes in order; notes older than the oldest kept message are
        dropped once the history is full (they belong to a part of the talk now gone)."""
        said = list(self.history)
        notes = list(self.notes)
        if said and len(said) == self.history.maxlen:
            notes = [n for n in notes if n.id > said[0].id]
        return sorted(said + notes, key=lambda m: m.id)


# --------------------------------------------------------------------------- the room server


class ChatCore:
    """All chat state. Thread-safe: Flask-SocketIO calls it from several threads.

    Connection ids are whatever the front end uses to tell connections apart (Socket.IO's
    ``request.sid``, a counter for Tornado, a name in tests).
    """

    def __init__(self, *, lang: str = "zh", history_size: int = HISTORY_SIZE,
                 max_length: int = MAX_MESSAGE_LENGTH, max_rooms: int = MAX_ROOMS,
                 rate_capacity: float = RATE_CAPACITY, rate_per_second: float = RATE_PER_SECOND,
                 join_capacity: float = JOIN_CAPACITY, join_per_second: float = JOIN_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time):
        self.lang = lang
        self.history_size = history_size
        self.max_length = max_length
        self.max_rooms = max_rooms
        self.default_room = DEFAULT_ROOM.get(lang, DEFAULT_ROOM["en"])
        self.limiter = RateLimiter(rate_capacity, rate_per_second, clock)
        self.join_limiter = RateLimiter(join_capacity, join_per_second, clock)
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
        """The connection is gone: leave its room and forget the connection's buckets.

        The buckets of its nickname stay: coming back under the same name does not
        refill them."""
        with self._lock:
            self.limiter.forget(_conn_key(cid))
            self.join_limiter.forget(_conn_key(cid))
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
        """The last ``history_size`` messages of ``room`` with at most ``NOTES_SIZE``
        join/leave notes among them (oldest first)."""
        with self._lock:
            found = self._rooms.get(room)
            return found.messages() if found else []

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
            taken = owner is not None and owner != cid
            # Someone else's name costs only this connection's token: trying a taken name
            # over and over must not use up its owner's allowance.
            keys = [_conn_key(cid)] if taken else [_conn_key(cid), _nick_bucket(nick)]
            if not self.join_limiter.allow(*keys):
                raise ChatError("join_rate_limited")
            if taken:
                raise ChatError("nick_taken", nick=nick, suggestion=self.suggest_nick(nick))
            current = self._rooms.get(self._where.get(cid, ""))
            if current is not None and current.name == room and current.members[cid] == nick:
                return [self._joined(cid, current)]          # already there: nobody else hears
            out: list[Delivery] = []
            if cid in self._where:
                out += self.leave(cid)
            target = self._room(room)
            target.members[cid] = nick
            self._where[cid] = room
            self._nicks[nick_key(nick)] = cid
            out.append(self._joined(cid, target))
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
            room = self._rooms[room_name]
            nick = room.members[cid]
            if not self.limiter.allow(_conn_key(cid), _nick_bucket(nick)):
                raise ChatError("rate_limited")
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
        # raise NotImplementedError(
        #     "练习（学生）：找到收件人，只发给发送者和收件人，不存入历史"
        #     " / exercise: find the recipient, send to sender and recipient only, keep it out of"
        #     " the history")
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
        room = _Room(name, deque(maxlen=self.history_size), deque(maxlen=NOTES_SIZE), {})
        self._rooms[name] = room
        return room

    def _take_id(self) -> int:
        with self._lock:
            number = self._next_id
            self._next_id += 1
            return number

    def _store(self, room: str, nick: str, text: str, kind: str) -> Message:
        message = Message(self._take_id(), room, nick, text, kind, self.wall_clock())
        target = self._rooms[room]
        (target.notes if kind == "system" else target.history).append(message)
        return message

    def _joined(self, cid: str, room: _Room) -> Delivery:
        return Delivery("joined", {
            "nick": room.members[cid],
            "room": room.name,
            "users": list(room.members.values()),
            "history": [m.to_dict() for m in room.messages()],
        }, (cid,))

    def _presence(self, room: _Room) -> Delivery:
        users = list(room.members.values())
        return Delivery("presence", {"room": room.name, "users": users}, tuple(room.members))


def _conn_key(cid: str) -> str:
    return "conn:" + cid


def _nick_bucket(nick: str) -> str:
    return "nick:" + nick_key(nick)
