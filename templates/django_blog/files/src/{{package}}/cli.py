"""Command line interface.

    demo      offline demo: throwaway database + demo posts -> HTML pages, feed and CSV
    run       development server on 127.0.0.1 (migrates the database first)
    generate  write data/sample/posts.json (the invented demo posts)

Everything else is Django's own ``python manage.py ...`` (migrate, seed_demo,
createsuperuser, runserver, collectstatic, ...).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__, description="Django blog / Django 个人博客")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="offline demo: pages, feed and CSV into outputs/")
    demo.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")

    run = sub.add_parser("run", help="development server (127.0.0.1:8000)")
    run.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    run.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    run.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    run.add_argument("--seed", action="store_true", help="also add the demo posts (seed_demo)")

    gen = sub.add_parser("generate", help="write the demo posts as JSON")
    gen.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    gen.add_argument("--out", default="data/sample/posts.json",
                     help="file (default: data/sample/posts.json)")
    gen.add_argument("--seed", type=int, default=None, help="random seed (default 2024)")
    return parser


def cmd_demo(args) -> int:
    from .demo import run_demo

    run_demo(Path(args.out), say=say)
    return 0


def dev_server_warning(host: str, port: int) -> None:
    say(f"开发服务器：http://{host}:{port}/ （仅用于本机开发，切勿用于生产环境；按 Ctrl+C 停止）",
        f"development server: http://{host}:{port}/ (development only, never use it in "
        "production; Ctrl+C stops it)")
    if host not in LOOPBACK:
        say(f"警告：绑定到 {host} 后，同一网络中的其他电脑也能访问它。",
            f"warning: bound to {host}, other computers on the network can reach it.")


def cmd_run(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{__package__}.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    # The autoreloader starts this command again in a child process (RUN_MAIN=true):
    # migrate and print the banner only once.
    if os.environ.get("RUN_MAIN") != "true":
        from django.conf import settings

        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if args.seed:
            call_command("seed_demo")
        dev_server_warning(args.host, args.port)
    address = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    execute_from_command_line(["manage.py", "runserver", address])
    return 0


def cmd_generate(args) -> int:
    from .blog.sample_posts import DEFAULT_SEED, write_sample

    path = write_sample(Path(args.out), seed=DEFAULT_SEED if args.seed is None else args.seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {"demo": cmd_demo, "run": cmd_run, "generate": cmd_generate}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from django.core.exceptions import ImproperlyConfigured

    try:
        return COMMANDS[args.command](args)
    except ImproperlyConfigured as exc:
        return fail(str(exc))
