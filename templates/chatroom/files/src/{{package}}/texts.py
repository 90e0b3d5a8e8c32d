"""Every sentence the chat room shows people, in Chinese and English.

The core raises errors by *code* ("nick_taken", "too_long", ...); the text a person reads is
looked up here, in the language the server was started with.
"""

from __future__ import annotations

ERRORS: dict[str, tuple[str, str]] = {
    "bad_request": ("请求格式不对：{detail}", "malformed request: {detail}"),
    "nick_empty": ("昵称不能为空", "the nickname is empty"),
    "nick_too_long": ("昵称最多 {limit} 个字符", "nicknames have at most {limit} characters"),
    "nick_chars": (
        "昵称只能包含文字、数字、下划线和减号",
        "nicknames may contain only letters, digits, '_' and '-'",
    ),
    "nick_reserved": ("“{nick}”是保留名字，请换一个", "'{nick}' is reserved, pick another one"),
    "nick_taken": (
        "昵称“{nick}”已被使用，试试“{suggestion}”？",
        "the nickname '{nick}' is taken; how about '{suggestion}'?",
    ),
    "room_empty": ("房间名不能为空", "the room name is empty"),
    "room_too_long": ("房间名最多 {limit} 个字符", "room names have at most {limit} characters"),
    "room_chars": (
        "房间名只能包含文字、数字、下划线和减号",
        "room names may contain only letters, digits, '_' and '-'",
    ),
    "too_many_rooms": ("房间太多了（上限 {limit} 个）", "too many rooms (at most {limit})"),
    "not_joined": ("请先进入一个房间", "join a room first"),
    "empty": ("不能发送空消息", "empty messages are not sent"),
    "too_long": (
        "消息太长：{length} 个字符，最多 {limit} 个",
        "message too long: {length} characters, at most {limit}",
    ),
    "control_chars": (
        "消息里不能有控制字符（换行、制表符、方向控制符等）",
        "messages may not contain control characters (newline, tab, direction marks, ...)",
    ),
    "rate_limited": ("说得太快了，请稍等一下再发", "slow down: wait a moment before sending again"),
    "join_rate_limited": (
        "进出房间太频繁了，请过几秒再试",
        "joining rooms too often: wait a few seconds and try again",
    ),
    "unknown_event": ("未知的事件“{event}”", "unknown event '{event}'"),
    "unknown_command": (
        "未知的命令“{command}”（可用：/me 动作、/w 昵称 内容、//开头发送斜杠）",
        "unknown command '{command}' (try: /me action, /w nick text, // to send a slash)",
    ),
    "command_usage": ("用法：{usage}", "usage: {usage}"),
    "command_unavailable": (
        "命令功能（/me、/w）是进阶练习，还没有实现",
        "commands (/me, /w) are a stretch exercise and not implemented yet",
    ),
    "unknown_user": ("没有叫“{nick}”的在线用户", "nobody called '{nick}' is online"),
}

SYSTEM: dict[str, tuple[str, str]] = {
    "joined": ("{nick} 进入了房间", "{nick} joined the room"),
    "left": ("{nick} 离开了房间", "{nick} left the room"),
}

USAGE: dict[str, tuple[str, str]] = {
    "me": ("/me 动作", "/me action"),
    "w": ("/w 昵称 内容", "/w nick text"),
}

DEFAULT_ROOM = {"zh": "大厅", "en": "lobby"}

# Labels of the web page (both front ends render the same page).
UI: dict[str, tuple[str, str]] = {
    "title": ("聊天室", "Chat room"),
    "nick": ("昵称", "Nickname"),
    "room": ("房间", "Room"),
    "join": ("进入", "Join"),
    "send": ("发送", "Send"),
    "placeholder": (
        "说点什么……（/me 动作，/w 昵称 悄悄话）",
        "Say something… (/me action, /w nick whisper)",
    ),
    "online": ("在线", "Online"),
    "history": ("聊天记录", "History"),
    "back": ("返回聊天室", "Back to the chat"),
    "no_messages": ("还没有消息。", "No messages yet."),
    "connecting": ("正在连接……", "Connecting…"),
    "connected": ("已连接", "Connected"),
    "disconnected": ("连接已断开", "Disconnected"),
    "whisper_to": ("悄悄对 {nick} 说", "whisper to {nick}"),
    "whisper_from": ("悄悄说", "whispers"),
    "dev_only": (
        "开发用服务器，只适合在本机学习使用",
        "Development server: for learning on this computer only",
    ),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def error_text(code: str, lang: str, **details) -> str:
    template = pick(ERRORS.get(code, ("错误：{code}", "error: {code}")), lang)
    try:
        return template.format(code=code, **details)
    except (KeyError, IndexError):
        return template


def system_text(key: str, lang: str, **details) -> str:
    return pick(SYSTEM[key], lang).format(**details)


def ui_texts(lang: str) -> dict[str, str]:
    """The page labels as one dict (passed to the HTML templates and to the browser code)."""
    return {key: pick(pair, lang) for key, pair in UI.items()}
