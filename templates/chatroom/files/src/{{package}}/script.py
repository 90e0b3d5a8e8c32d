"""The conversation the two demo bots act out.

A script is a list of steps: wait ``dt`` seconds, then bot A or B joins a room, says
something or leaves. The generator picks the wording at random (fixed seed) around fixed
"beats" that show every rule of the chat room: greetings, HTML that must stay text, an
action (/me), a whisper (/w), a burst that hits the rate limit, an empty message, a room
switch (rooms are isolated) and leaving.

``data/sample/conversation.csv`` is ``generate --seed 11``; a test checks they agree.
Write your own script in the same CSV format and run ``demo --script my.csv``.
"""

from __future__ import annotations

import csv
import random
from dataclasses import astuple, dataclass
from pathlib import Path

DEFAULT_SEED = 11
COLUMNS = ["step", "dt", "bot", "action", "room", "zh", "en"]
ACTIONS = ("join", "say", "leave")

# Invented bot names, per language.
BOTS = {"A": ("小蓝", "Blue"), "B": ("小橙", "Orange")}
ROOMS = {"lobby": ("大厅", "lobby"), "garden": ("花园", "garden")}

GREETINGS = [
    ("大家好！", "Hello everyone!"),
    ("嗨，有人在吗？", "Hi, anyone here?"),
    ("晚上好～今天过得怎么样？", "Good evening! How was your day?"),
]
REPLIES = [
    ("{A}，你好呀！", "Hi {A}!"),
    ("在的在的，欢迎 {A}", "Yes, I'm here. Welcome, {A}"),
    ("你好 {A}，刚写完作业", "Hello {A}, just finished my homework"),
]
ACTIONS_ME = [
    ("/me 挥了挥手", "/me waves"),
    ("/me 给大家递上一杯茶", "/me hands everyone a cup of tea"),
    ("/me 伸了个懒腰", "/me stretches"),
]
WHISPERS = [
    ("/w {B} 悄悄告诉你：明天的测验改到下午了",
     "/w {B} psst: tomorrow's quiz moved to the afternoon"),
    ("/w {B} 这句话只有你能看到", "/w {B} only you can read this"),
]
TOPICS = [
    ("最近在学 WebSocket，挺有意思的", "I'm learning WebSockets, they're fun"),
    ("Python 的 asyncio 你用过吗？", "Have you used Python's asyncio?"),
    ("我在看《算法图解》", "I'm reading a book about algorithms"),
    ("周末一起去图书馆吗？", "Library this weekend?"),
]
CHATTER = [
    ("哈哈", "haha"), ("好的", "ok"), ("对", "right"), ("嗯嗯", "mm-hm"),
    ("真的？", "really?"), ("继续", "go on"), ("没错", "exactly"), ("厉害", "nice"),
]
HTML_LINE = ("{B}，试试 <b>加粗</b> 和 <script>alert('hi')</script>？",
             "{B}, try <b>bold</b> and <script>alert('hi')</script>?")
LOOKING = ("{A}？人呢？", "{A}? Where did you go?")


@dataclass(frozen=True)
class Step:
    step: int
    dt: float
    bot: str
    action: str
    room: str
    zh: str
    en: str

    def nick(self, lang: str) -> str:
        return bot_nick(self.bot, lang)

    def text(self, lang: str) -> str:
        raw = self.zh if lang == "zh" else self.en
        return raw.replace("{A}", bot_nick("A", lang)).replace("{B}", bot_nick("B", lang))

    def event(self, lang: str) -> tuple[str, dict]:
        """The Socket.IO / WebSocket event this step sends."""
        if self.action == "join":
            return "join", {"nick": self.nick(lang), "room": room_name(self.room, lang)}
        if self.action == "say":
            return "chat", {"text": self.text(lang)}
        return "leave", {}


def bot_nick(bot: str, lang: str) -> str:
    zh, en = BOTS[bot]
    return zh if lang == "zh" else en


def room_name(key: str, lang: str) -> str:
    zh, en = ROOMS.get(key, (key, key))
    return zh if lang == "zh" else en


def generate_script(seed: int = DEFAULT_SEED) -> list[Step]:
    rng = random.Random(seed)
    plan: list[tuple[float, str, str, str, tuple[str, str]]] = [
        (0, "A", "join", "lobby", ("", "")),
        (1, "B", "join", "lobby", ("", "")),
        (2, "A", "say", "", rng.choice(GREETINGS)),
        (2, "B", "say", "", rng.choice(REPLIES)),
        (3, "A", "say", "", HTML_LINE),
        (2, "B", "say", "", rng.choice(ACTIONS_ME)),
        (3, "A", "say", "", rng.choice(WHISPERS)),
        (2, "B", "say", "", rng.choice(TOPICS)),
    ]
    # A burst of 6 messages at the same instant: the rate limit lets 5 through.
    burst = rng.sample(CHATTER, 6)
    plan += [(5 if i == 0 else 0, "B", "say", "", line) for i, line in enumerate(burst)]
    plan += [
        (2, "A", "say", "", ("   ", "   ")),          # empty after stripping: rejected
        (2, "A", "join", "garden", ("", "")),        # switch rooms
        (2, "A", "say", "", rng.choice(TOPICS)),     # B does not see this
        (3, "B", "say", "", LOOKING),                # and A does not see this
        (2, "B", "leave", "", ("", "")),
        (1, "A", "leave", "", ("", "")),
    ]
    return [Step(i + 1, float(dt), bot, action, room, zh, en)
            for i, (dt, bot, action, room, (zh, en)) in enumerate(plan)]


def write_script(path: str | Path, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for step in generate_script(seed):
            row = list(astuple(step))
            row[1] = f"{step.dt:g}"
            writer.writerow(row)
    return path


class ScriptError(ValueError):
    """A script CSV that cannot be acted out (the message names the line)."""


def read_script(path: str | Path) -> list[Step]:
    steps = []
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ScriptError(f"{path}: missing column(s): {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            try:
                step = Step(int(row["step"]), float(row["dt"]), row["bot"], row["action"],
                            row["room"], row["zh"], row["en"])
            except ValueError as exc:
                raise ScriptError(f"{path}:{line}: {exc}") from None
            if step.bot not in BOTS or step.action not in ACTIONS or step.dt < 0:
                raise ScriptError(f"{path}:{line}: bot must be A or B, action one of "
                                  f"{', '.join(ACTIONS)}, dt >= 0")
            steps.append(step)
    return steps
