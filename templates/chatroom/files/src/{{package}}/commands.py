"""Slash commands typed into the message box (the stretch exercise).

    /me waves          -> an action line:  "* Blue waves"
    /w Orange hello    -> a private message only Orange (and the sender) receive
    //not a command    -> the plain message "/not a command"

``parse_command`` only *understands* the text; ``core.ChatCore`` decides who receives what.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ChatError  # noqa: F401  (parse_command raises it)


@dataclass(frozen=True)
class Command:
    kind: str            # "chat" | "me" | "whisper"
    body: str            # the text after the command word
    target: str = ""     # the nickname of a whisper's recipient


def parse_command(text: str) -> Command | None:
    """Return the command in ``text``, or None for an ordinary message.

    ``text`` has already passed ``core.check_text`` (stripped, not empty, no control
    characters). Raise ``ChatError("command_usage", usage=...)`` for a command without its
    arguments and ``ChatError("unknown_command", command=...)`` for an unknown one.
    """
    if not text.startswith("/"):
        return None
    # >>> SOLUTION
    if text.startswith("//"):
        return Command("chat", text[1:])
    word, _, rest = text.partition(" ")
    word, rest = word.lower(), rest.strip()
    if word == "/me":
        if not rest:
            raise ChatError("command_usage", usage="me")
        return Command("me", rest)
    if word in ("/w", "/whisper", "/msg"):
        target, _, body = rest.partition(" ")
        body = body.strip()
        if not target or not body:
            raise ChatError("command_usage", usage="w")
        return Command("whisper", body, target=target)
    raise ChatError("unknown_command", command=word)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：解析 /me 动作、/w 昵称 内容 和 // 开头的普通消息"
    #     " / exercise: parse /me actions, /w nickname text and plain messages starting with //")
    # <<< STUB
