"""Command line interface.

    demo      a synthetic day of snapshots -> SQLite -> time on list -> CSV/PNG/HTML
    generate  write the synthetic day (data/sample/snapshots.csv)
    crawl     take one snapshot of the live list politely; --dry-run first
    parse     store answers you saved from your browser (JSON or HTML; no network)
    report    the analysis of your own snapshots (SQLite database or CSV)

Exit codes: 0 done, 2 bad input or a failed request, 3 the site said no (robots.txt
or a block on every source). Heavy libraries are imported inside the commands, so
``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang, tr

DEFAULT_SEED = 2025          # keep in sync with synth.DEFAULT_SEED
DEFAULT_DB = "data/raw/weibo_hot.sqlite"
SOURCE_CHOICES = ["all", "ajax", "band", "mobile", "html"]   # "all" + sources.SOURCE_KEYS
MIN_GAP_MINUTES = 10         # crawl refuses to snapshot more often than this


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__,
                                     description="Weibo hot search snapshots / 微博热搜快照分析")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug log lines")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang(p):
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    def report_options(p):
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        p.add_argument("--top", type=int, default=8,
                       help="topics in the rank trajectory chart (default 8)")

    demo = lang(sub.add_parser("demo", help="offline demo on a synthetic day"))
    report_options(demo)
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    gen = lang(sub.add_parser("generate", help="write the synthetic day as CSV"))
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    crawl = lang(sub.add_parser("crawl", help="take one snapshot of the live list politely"))
    crawl.add_argument("--source", choices=SOURCE_CHOICES, default="all",
                       help="one source, or all of them in order with fallback (default)")
    crawl.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default: {DEFAULT_DB})")
    crawl.add_argument("--dry-run", action="store_true",
                       help="print what it would fetch and send nothing")

    parse = lang(sub.add_parser("parse", help="store answers saved from your browser"))
    parse.add_argument("files", nargs="+", help="saved .json or .html answers")
    parse.add_argument("--source", choices=SOURCE_CHOICES, default="all",
                       help="which parser (default: detect from the content)")
    parse.add_argument("--taken-at", default=None, metavar="TIME",
                       help="snapshot time, e.g. 2025-06-01T08:30 (default: the file's "
                            "modification time, Beijing time)")
    parse.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default: {DEFAULT_DB})")

    report = lang(sub.add_parser("report", help="analyse your snapshots"))
    report.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default: {DEFAULT_DB})")
    report.add_argument("--csv", default=None,
                        help="read a snapshots CSV instead, e.g. data/sample/snapshots.csv")
    report.add_argument("--since", default=None, metavar="TIME", help="first snapshot time")
    report.add_argument("--until", default=None, metavar="TIME", help="last snapshot time")
    report_options(report)
    return parser


# ---- the analysis shared by demo and report -------------------------------------------


def _print_rows(rows: list[dict], columns: list[str], limit: int = 10) -> None:
    shown = rows[:limit]
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in shown]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in shown:
        print("  ".join(str("" if row.get(c) is None else row.get(c)).ljust(widths[c])
                        for c in columns))


def run_report(rows: list[dict], out: Path, top: int = 8) -> int:
    from .analysis import (
        REENTRY_COLUMNS,
        SUMMARY_COLUMNS,
        find_reentries,
        interval_minutes,
        label_counts,
        snapshot_times,
        time_on_list,
        trajectories,
    )
    from .report import plot_trajectories, write_csv, write_html

    if not rows:
        return fail(tr("没有快照数据：先运行 crawl 或 parse，或者试试 demo",
                       "no snapshots: run crawl or parse first, or try demo"))
    out.mkdir(parents=True, exist_ok=True)
    times = snapshot_times(rows)
    step = interval_minutes(times)
    summary = time_on_list(rows, interval=step)
    overview = tr(
        f"{len(times)} 个快照（{times[0]} 到 {times[-1]}，间隔约 {step} 分钟），"
        f"共 {len(summary)} 个话题上过榜。",
        f"{len(times)} snapshots ({times[0]} to {times[-1]}, about {step} min apart), "
        f"{len(summary)} different topics on the list.",
    )
    print(overview)
    write_csv(summary, out / "time_on_list.csv", SUMMARY_COLUMNS)
    say("在榜时间最长的话题：", "topics longest on the list:")
    _print_rows(summary, ["title", "minutes_on_list", "best_rank", "first_seen", "last_seen"])

    written = 1
    reentries = None
    try:
        reentries = find_reentries(rows)
    except NotImplementedError:
        say("进阶练习 find_reentries 还没完成：跳过 reentries.csv",
            "stretch exercise find_reentries not done yet: reentries.csv skipped")
    if reentries is not None:
        write_csv(reentries, out / "reentries.csv", REENTRY_COLUMNS)
        written += 1
        say(f"掉出榜单后又回来的话题：{len(reentries)} 个",
            f"topics that left the list and came back: {len(reentries)}")

    chosen = [s["title"] for s in summary[:max(1, top)]]
    png, names = plot_trajectories(trajectories(rows, chosen), out / "rank_trajectories.png")
    written += 1
    counts = [{"label": label or tr("（无）", "(none)"), "rows": n}
              for label, n in label_counts(rows).items()]
    legend = [{"name": names[t], "title": t} for t in chosen]
    sections = [
        (tr("概况", "Overview"), overview),
        (tr("排名轨迹", "Rank trajectories"), Path(png.name)),
        (tr("图例", "Legend"), (legend, ["name", "title"])),
        (tr("在榜时长（前 30）", "Time on list (top 30)"), (summary[:30], SUMMARY_COLUMNS)),
        (tr("标签分布（快照 × 话题）", "Labels (snapshot x topic rows)"),
         (counts, ["label", "rows"])),
    ]
    if reentries is not None:
        sections.append((tr("重新上榜的话题", "Topics that re-entered the list"),
                         (reentries, REENTRY_COLUMNS)))
    report = write_html(out / "report.html", tr("微博热搜在榜时长分析",
                                                "Weibo hot search: time on list"), sections)
    written += 1
    say(f"已写入 {out}/ 下 {written} 个文件，打开 {report} 查看报告",
        f"wrote {written} files into {out}/; open {report} for the report")
    return 0


# ---- commands -------------------------------------------------------------------------


def cmd_demo(args) -> int:
    from .store import connect, load_rows, save_rows
    from .synth import generate_day

    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = generate_day(seed=args.seed)
    say(f"合成的一天（种子 {args.seed}）：{len(rows)} 行，话题全部是虚构的",
        f"a synthetic day (seed {args.seed}): {len(rows)} rows, every topic invented")
    db = out / "demo.sqlite"
    db.unlink(missing_ok=True)
    conn = connect(db)
    try:
        stored = save_rows(conn, rows)
        again = save_rows(conn, rows)             # saving twice adds nothing
        loaded = load_rows(conn)
    finally:
        conn.close()
    say(f"存入 SQLite {db}：{stored} 行（再存一次新增 {again} 行）",
        f"stored in SQLite {db}: {stored} rows (saving again added {again})")
    code = run_report(loaded, out, top=args.top)
    say(f"用时 {time.perf_counter() - start:.1f} 秒", f"took {time.perf_counter() - start:.1f} s")
    return code


def cmd_generate(args) -> int:
    from .synth import write_sample

    path = write_sample(args.out, seed=args.seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


def _sources(choice: str):
    from .sources import SOURCES, get_source

    return SOURCES if choice == "all" else (get_source(choice),)


def cmd_crawl(args) -> int:
    from .config import CONTACT, COOKIE, get_setting
    from .fetch import AllSourcesFailed, CrawlStopped, WeiboClient, fetch_hot, plan
    from .polite import default_user_agent
    from .store import connect, last_snapshot, now_beijing, save_snapshot

    sources = _sources(args.source)
    contact = get_setting(CONTACT)
    cookie = get_setting(COOKIE)
    user_agent = default_user_agent(contact)
    if args.dry_run:
        for line in plan(sources, user_agent, cookie_set=bool(cookie)):
            print(line)
        say("（--dry-run：没有发送任何请求）", "(--dry-run: no request was sent)")
        return 0
    if not contact:
        say("提示：设置 CRAWLER_CONTACT（邮箱或主页），网站管理员才能联系到你。",
            "hint: set CRAWLER_CONTACT (e-mail or web page) so site admins can reach you.")
    conn = connect(args.db)
    try:
        taken_at = now_beijing()
        last = last_snapshot(conn)
        if last is not None:
            gap = (datetime.fromisoformat(taken_at) - datetime.fromisoformat(last))
            if gap.total_seconds() < MIN_GAP_MINUTES * 60:
                return fail(tr(
                    f"上一个快照是 {last}，不到 {MIN_GAP_MINUTES} 分钟前：请稍后再来。"
                    "热搜不会变得那么快，也不要给网站添负担。",
                    f"the last snapshot is from {last}, less than {MIN_GAP_MINUTES} minutes "
                    "ago: come back later. The list does not change that fast, and the site "
                    "should not pay for our curiosity."))
        client = WeiboClient(user_agent=user_agent, cookie=cookie)
        try:
            result = fetch_hot(client, sources)
        except CrawlStopped as exc:
            return fail(str(exc), code=3)
        except AllSourcesFailed as exc:
            return fail(str(exc), code=3 if exc.refused else 2)
        added = save_snapshot(conn, taken_at, result.items)
    finally:
        conn.close()
    for attempt in result.attempts:
        say(f"（数据源 {attempt.source} 失败，已改用下一个）",
            f"(source {attempt.source} failed, used the next one)")
    say(f"数据源 {result.source}：{len(result.items)} 条热搜，{client.requests_made} 次请求；"
        f"快照 {taken_at} 新增 {added} 行 → {args.db}",
        f"source {result.source}: {len(result.items)} topics in {client.requests_made} "
        f"requests; snapshot {taken_at} added {added} rows -> {args.db}")
    _print_rows([item.as_dict() for item in result.items], ["rank", "title", "heat", "label"])
    return 0


def cmd_parse(args) -> int:
    from .sources import parse_any
    from .store import BEIJING, connect, normalise_time, save_snapshot

    conn = connect(args.db)
    try:
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                raise FileNotFoundError(f"{path} not found")
            text = path.read_text(encoding="utf-8", errors="replace")
            items = parse_any(text, None if args.source == "all" else args.source)
            if args.taken_at:
                stamp = normalise_time(args.taken_at)
            else:
                stamp = normalise_time(datetime.fromtimestamp(path.stat().st_mtime, BEIJING))
            added = save_snapshot(conn, stamp, items)
            say(f"{path}：{items[0].source} 格式，{len(items)} 条热搜，"
                f"快照 {stamp} 新增 {added} 行",
                f"{path}: {items[0].source} format, {len(items)} topics, snapshot {stamp} "
                f"added {added} rows")
    finally:
        conn.close()
    say(f"已存入 {args.db}；下一步：python -m {__package__} report --db {args.db}",
        f"stored in {args.db}; next: python -m {__package__} report --db {args.db}")
    return 0


def cmd_report(args) -> int:
    from .store import connect, load_rows

    if args.csv:
        from .synth import read_rows

        rows = read_rows(args.csv)
    else:
        if not Path(args.db).is_file():
            raise FileNotFoundError(f"{args.db} not found")
        conn = connect(args.db)
        try:
            rows = load_rows(conn, since=args.since, until=args.until)
        finally:
            conn.close()
    return run_report(rows, Path(args.out), top=args.top)


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "crawl": cmd_crawl,
    "parse": cmd_parse,
    "report": cmd_report,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .config import SECRET_NAMES, get_setting
    from .envconfig import setup_logging

    # Log lines to stderr; secret values and key=/cookie= parameters are scrubbed.
    setup_logging(__package__, args.verbose,
                  secrets=[get_setting(name) for name in SECRET_NAMES])
    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, ValueError) as exc:
        hint = ""
        if isinstance(exc, FileNotFoundError) and args.command == "report":
            hint = tr("（还没有数据？先试试 demo，或 --csv data/sample/snapshots.csv）",
                      " (no data yet? try demo, or --csv data/sample/snapshots.csv)")
        return fail(f"{exc}{hint}")
