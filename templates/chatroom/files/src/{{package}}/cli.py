"""Command line interface.

    demo      two bots chat through a front end (offline) -> outputs/transcript.*
    run       start the chat server on 127.0.0.1 (development server)
    generate  write the demo conversation script (data/sample/conversation.csv)

Web frameworks are imported inside the commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from pathlib import Path

from . import DEFAULT_LANG, LOOPBACK, SERVERS
from .i18n import fail, say, set_lang
from .script import DEFAULT_SEED

DEFAULT_PORTS = {"flask": 5000, "tornado": 8888}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__, description="Chat room / 聊天室")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and of the chat page")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang_option(p):
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    demo = lang_option(sub.add_parser("demo", help="two bots chat offline; writes a transcript"))
    demo.add_argument("--server", choices=["core", *SERVERS], default=SERVERS[0],
                      help=f"which front end the bots talk through (default: {SERVERS[0]})")
    demo.add_argument("--script", default=None,
                      help="a conversation CSV (default: generated with --seed)")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed of the script")
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")

    run = lang_option(sub.add_parser("run", help="start the development chat server"))
    run.add_argument("--server", choices=list(SERVERS), default=SERVERS[0])
    run.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default: 127.0.0.1, this computer only)")
    run.add_argument("--port", type=int, default=None,
                     help="port (default: 5000 for flask, 8888 for tornado)")
    run.add_argument("--debug", action="store_true", help="debug mode (development only)")

    gen = lang_option(sub.add_parser("generate", help="write the demo conversation CSV"))
    gen.add_argument("--out", default="data/sample/conversation.csv")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser


def cmd_demo(args) -> int:
    from .demo import run_demo
    from .script import generate_script, read_script

    start = time.perf_counter()
    script = read_script(args.script) if args.script else generate_script(args.seed)
    transcript = run_demo(script, server=args.server, lang=args.lang)
    for line in transcript.lines():
        print(line)
    paths = transcript.write(args.out)
    kinds = Counter(row.kind for row in transcript.rows)
    say(f"前端：{args.server}；消息 {kinds['chat']} 条，动作 {kinds['me']} 条，"
        f"私聊 {kinds['whisper']} 条，被拒绝 {kinds['error']} 次",
        f"front end: {args.server}; {kinds['chat']} messages, {kinds['me']} actions, "
        f"{kinds['whisper']} whispers, {kinds['error']} rejected")
    names = "、".join(str(p) for p in paths)
    say(f"已写入 {names}（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {', '.join(str(p) for p in paths)} ({time.perf_counter() - start:.1f} s)")
    return 0


def load_env_file(path: str | Path = ".env") -> list[str]:
    """Read KEY=VALUE lines of an untracked .env file into os.environ (never overriding).

    Returns the names it set. Lines starting with # and blank lines are skipped.
    """
    path = Path(path)
    if not path.is_file():
        return []
    set_names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip().strip("\"'")
        if key and key not in os.environ:
            os.environ[key] = value
            set_names.append(key)
    return set_names


def dev_banner(server: str, host: str, port: int) -> None:
    url_host = f"[{host}]" if ":" in host else host
    say("=" * 60, "=" * 60)
    say(f"开发用服务器（{server}）：仅供本机学习，不要直接用于生产环境。",
        f"Development server ({server}): for learning only, not for production use.")
    if host not in LOOPBACK:
        say(f"警告：监听 {host} 意味着网络上的其他人也能连上来；聊天室没有登录和加密。",
            f"WARNING: listening on {host} lets other machines connect; there is no login "
            "and no encryption.")
    say(f"在浏览器中打开 http://{url_host}:{port}/ ，按 Ctrl+C 停止。",
        f"Open http://{url_host}:{port}/ in a browser; Ctrl+C stops the server.")
    say("=" * 60, "=" * 60)


def cmd_run(args) -> int:
    load_env_file()
    port = args.port or DEFAULT_PORTS[args.server]
    if args.debug and args.host not in LOOPBACK:
        # Debug mode shows tracebacks (Flask: an interactive debugger) to whoever connects.
        return fail("--debug only together with --host 127.0.0.1 / localhost / ::1")
    dev_banner(args.server, args.host, port)
    try:
        if args.server == "flask":
            from .flask_app import run
        else:
            from .tornado_app import run
        run(args.host, port, debug=args.debug, lang=args.lang)
    except KeyboardInterrupt:
        say("已停止。", "stopped.")
    return 0


def cmd_generate(args) -> int:
    from .script import write_script

    path = write_script(args.out, seed=args.seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {"demo": cmd_demo, "run": cmd_run, "generate": cmd_generate}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .script import ScriptError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, ScriptError, RuntimeError, OSError) as exc:
        return fail(str(exc))
