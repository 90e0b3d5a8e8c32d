"""Command line interface.

    demo          sample data -> demo database -> statistics, CSV, PNG chart, HTML report
    generate      write the invented sample students to data/sample/students.csv
    console       the text menu on a database
    web           the Flask web UI (127.0.0.1 by default; development server)
    create-admin  create a web user or change its password (prompt or ADMIN_PASSWORD)
    import        load a CSV file into a database (bad rows are reported, good ones kept)
    export        write a database to CSV (UTF-8 with BOM, Chinese headers)
    stats         print per-class statistics

A database path ending in .json uses the JSON repository, anything else SQLite.
matplotlib and Flask are imported inside the commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import getpass
import os
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_DB = "instance/students.db"
DEFAULT_USERS = "instance/users.json"
SAMPLE_CSV = "data/sample/students.csv"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def load_dotenv(path: str | Path = ".env") -> None:
    """Read KEY=VALUE lines of an untracked .env file into os.environ (existing
    variables win). Lines starting with # are comments."""
    path = Path(path)
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Student information system / 学生信息管理系统",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages, errors and chart labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, help_text, db=True):
        p = sub.add_parser(name, help=help_text)
        # --lang also after the command name; SUPPRESS keeps the top-level value.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        if db:
            p.add_argument("--db", default=DEFAULT_DB,
                           help=f"database file, .db (SQLite) or .json (default: {DEFAULT_DB})")
        return p

    demo = command("demo", "offline demo on the invented sample students", db=False)
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    demo.add_argument("--sample", default=SAMPLE_CSV,
                      help=f"sample CSV (default: {SAMPLE_CSV}; generated if missing)")

    gen = command("generate", "write the invented sample students", db=False)
    gen.add_argument("--out", default=SAMPLE_CSV, help=f"CSV file (default: {SAMPLE_CSV})")
    gen.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    gen.add_argument("--per-class", type=int, default=12, help="students per class")

    command("console", "the text menu")

    web = command("web", "the web UI (development server)")
    web.add_argument("--users", default=DEFAULT_USERS,
                     help=f"user file (default: {DEFAULT_USERS})")
    web.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    web.add_argument("--port", type=int, default=5000)
    web.add_argument("--debug", action="store_true", help="Flask debug mode (never in public)")

    admin = command("create-admin", "create a web user or set its password", db=False)
    admin.add_argument("--users", default=DEFAULT_USERS,
                       help=f"user file (default: {DEFAULT_USERS})")
    admin.add_argument("--username", default="admin")

    imp = command("import", "import a CSV file")
    imp.add_argument("csv", help="CSV file with Chinese or English headers")
    imp.add_argument("--replace", action="store_true", help="update students that exist")

    exp = command("export", "export to CSV")
    exp.add_argument("--out", default="outputs/students.csv")

    command("stats", "per-class statistics")
    return parser


def _print_stats(students, lang: str) -> None:
    from .models import SUBJECTS, label
    from .services import class_statistics, score_distribution

    for c in class_statistics(students):
        means = "  ".join(f"{label(s, lang)} {c.averages[s]:5.1f}" for s in SUBJECTS)
        say(f"{c.class_name}  {c.count:>2} 人  {means}  平均总分 {c.averages['total']:6.1f}  "
            f"全科及格率 {c.pass_rate:4.0%}",
            f"{c.class_name}  {c.count:>2} students  {means}  mean total "
            f"{c.averages['total']:6.1f}  pass rate {c.pass_rate:4.0%}")
    dist = score_distribution(students)
    say("成绩分布（全部科目）：", "score distribution (all subjects):")
    print("  " + "  ".join(f"{band}: {n}" for band, n in dist.items()))


def cmd_demo(args) -> int:
    from .charts import make_chart
    from .csvio import export_csv, import_csv, import_into
    from .report import write_report
    from .repository import SqliteRepository
    from .sample import generate_students
    from .services import overview

    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sample = Path(args.sample)
    db_path = out / "demo.db"
    db_path.unlink(missing_ok=True)  # a fresh database on every run
    with SqliteRepository(db_path) as repo:
        if sample.is_file():
            result = import_csv(sample, lang=args.lang)
            stored = import_into(repo, result, lang=args.lang)
            say(f"从 {sample} 导入 {stored} 名学生到 {db_path}",
                f"imported {stored} students from {sample} into {db_path}")
            for row, message in result.errors:
                say(f"  第 {row} 行：{message}", f"  row {row}: {message}")
        else:
            for student in generate_students():
                repo.add(student)
            say(f"未找到 {sample}，改用生成的样例数据（{len(repo)} 名学生）",
                f"{sample} not found; using generated sample students ({len(repo)})")
        students = repo.list_all()

    info = overview(students)
    say(f"共 {info['count']} 名学生、{info['classes']} 个班，平均总分 {info['mean_total']}",
        f"{info['count']} students in {info['classes']} classes, mean total {info['mean_total']}")
    _print_stats(students, args.lang)

    csv_path = export_csv(students, out / "students.csv")
    chart_path = make_chart(students, out / "scores.png", lang=args.lang)
    report_path = write_report(students, out / "report.html", lang=args.lang,
                               chart=chart_path.name)
    say(f"已写入 {csv_path}、{chart_path}、{report_path}（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {csv_path}, {chart_path}, {report_path} ({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_generate(args) -> int:
    from .csvio import export_csv
    from .sample import generate_students

    students = generate_students(n_per_class=args.per_class, seed=args.seed)
    path = export_csv(students, args.out)
    say(f"已写入 {path}（{len(students)} 名学生）",
        f"wrote {path} ({len(students)} students)")
    return 0


def cmd_console(args) -> int:
    from .console import Console
    from .repository import open_repository

    with open_repository(args.db) as repo:
        return Console(repo, lang=args.lang).run()


def cmd_web(args) -> int:
    from .repository import open_repository
    from .users import UserStore
    from .web import ConfigError, create_app

    debug = args.debug or os.environ.get("FLASK_DEBUG") == "1"
    if debug and args.host not in LOOPBACK:
        # Werkzeug's debugger runs any Python code typed into an error page: whoever can
        # reach the port could take over the computer.
        return fail("--debug（或 FLASK_DEBUG=1）只能和 --host 127.0.0.1 / localhost / ::1 一起用："
                    "调试器会让能访问这个端口的人执行任意代码" if args.lang == "zh" else
                    "--debug only together with --host 127.0.0.1 / localhost / ::1 (also "
                    "FLASK_DEBUG=1): the debugger lets anyone who reaches the port run code")
    users = UserStore(args.users)
    if len(users) == 0:
        say(f"提示：还没有用户，先运行 python -m {__package__} create-admin",
            f"hint: no users yet; run python -m {__package__} create-admin first")
    repo = open_repository(args.db)
    try:
        app = create_app(repo, users, {"DEBUG": debug}, lang=args.lang)
    except ConfigError as exc:
        return fail(str(exc))
    say("警告：这是 Flask 自带的开发服务器，仅供开发和学习使用，不要用于生产环境。",
        "WARNING: this is Flask's development server, for development only; "
        "do not use it in production.")
    if args.host not in LOOPBACK:
        say(f"警告：绑定到 {args.host}，同一网络的其他电脑也能访问；请确认这是你想要的。",
            f"WARNING: binding to {args.host} lets other computers on the network connect.")
    app.run(host=args.host, port=args.port, debug=debug)
    return 0


def cmd_create_admin(args) -> int:
    from .users import UserError, UserStore

    password = os.environ.get("ADMIN_PASSWORD")
    if password:
        say("使用环境变量 ADMIN_PASSWORD 中的密码",
            "using the password in ADMIN_PASSWORD")
    else:
        password = getpass.getpass("密码：" if args.lang == "zh" else "password: ")
        again = getpass.getpass("再输入一次：" if args.lang == "zh" else "again: ")
        if password != again:
            return fail("两次输入的密码不一致" if args.lang == "zh"
                        else "the passwords differ")
    store = UserStore(args.users)
    try:
        store.set_password(args.username, password, lang=args.lang)
    except UserError as exc:
        return fail(str(exc))
    say(f"已保存用户 {args.username}（只保存密码哈希）到 {store.path}",
        f"saved user {args.username} (password hash only) to {store.path}")
    return 0


def cmd_import(args) -> int:
    from .csvio import import_csv, import_into
    from .repository import open_repository

    if not Path(args.csv).is_file():
        return fail(f"找不到文件 {args.csv}" if args.lang == "zh"
                    else f"no such file {args.csv}")
    result = import_csv(args.csv, lang=args.lang)
    with open_repository(args.db) as repo:
        stored = import_into(repo, result, lang=args.lang, replace=args.replace)
    say(f"导入 {stored} 条到 {args.db}", f"imported {stored} record(s) into {args.db}")
    for row, message in result.errors:
        say(f"  第 {row} 行：{message}", f"  row {row}: {message}")
    return 0 if not result.errors else 1


def cmd_export(args) -> int:
    from .csvio import export_csv
    from .repository import open_repository

    with open_repository(args.db) as repo:
        path = export_csv(repo.list_all(), args.out)
        say(f"已导出 {len(repo)} 条到 {path}",
            f"exported {len(repo)} record(s) to {path}")
    return 0


def cmd_stats(args) -> int:
    from .repository import open_repository

    with open_repository(args.db) as repo:
        _print_stats(repo.list_all(), args.lang)
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "console": cmd_console,
    "web": cmd_web,
    "create-admin": cmd_create_admin,
    "import": cmd_import,
    "export": cmd_export,
    "stats": cmd_stats,
}


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        # A real command line run reads .env; tests pass argv and so stay independent
        # of a developer's own .env file.
        load_dotenv()
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    return COMMANDS[args.command](args)
