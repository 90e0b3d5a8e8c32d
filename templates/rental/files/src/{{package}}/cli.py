"""Command line interface.

    demo      synthetic listings -> cleaning -> fair-rent models -> bargains -> report
    generate  write synthetic raw listings (data/sample/listings.csv)
    analyze   the same analysis on your own raw CSV (from crawl or parse)
    crawl     fetch a few list pages politely (robots.txt, 1 request/s); --dry-run first
    parse     parse list pages you saved from your browser (no network at all)

Exit codes: 0 done, 2 bad input or a failed request, 3 the site said no
(robots.txt or a block). Heavy libraries are imported inside the commands, so
``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang, tr

DEFAULT_SEED = 5800   # keep in sync with synth.DEFAULT_SEED (not imported: it pulls in pandas)
DEFAULT_N = 800
DEFAULT_WORK = "116.397,39.909"   # the centre of the synthetic city (中心区)
DEFAULT_RAW = "data/raw/listings_raw.csv"
MODEL_CHOICES = ["median", "district_m2", "linear", "boosting"]  # = model.MODEL_NAMES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__,
                                     description="Rental listings analysis / 租房数据分析")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug log lines")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang(p):
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    def analysis_options(p):
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed of the CV folds")
        p.add_argument("--models", nargs="+", choices=MODEL_CHOICES, default=MODEL_CHOICES,
                       help="models to cross-validate (default: all four)")
        p.add_argument("--threshold", type=float, default=0.15,
                       help="bargain = rent at least this share below fair rent (default 0.15)")
        p.add_argument("--max-commute", type=float, default=None, metavar="MIN",
                       help="keep only bargains with an estimated commute of at most MIN minutes")
        p.add_argument("--no-figures", action="store_true",
                       help="skip the PNG figures (faster)")
        p.add_argument("--no-amap", action="store_true",
                       help="never call the AMap API, even if AMAP_KEY is set")
        p.add_argument("--amap-city", default="北京",
                       help="city name for AMap transit routes (default: 北京)")
        p.add_argument("--amap-limit", type=int, default=10,
                       help="query AMap for at most this many bargains (default 10)")

    demo = lang(sub.add_parser("demo", help="offline demo on synthetic listings"))
    analysis_options(demo)
    demo.add_argument("--n", type=int, default=DEFAULT_N, help="number of listings")
    demo.add_argument("--work", default=DEFAULT_WORK, metavar="LON,LAT",
                      help=f"where you work (default: {DEFAULT_WORK})")

    gen = lang(sub.add_parser("generate", help="write synthetic raw listings"))
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    gen.add_argument("--n", type=int, default=DEFAULT_N, help="number of listings")

    analyze = lang(sub.add_parser("analyze", help="analyse a raw listings CSV"))
    analyze.add_argument("--data", default=DEFAULT_RAW, help=f"raw CSV (default: {DEFAULT_RAW})")
    analysis_options(analyze)
    analyze.add_argument("--work", default=None, metavar="LON,LAT",
                         help="where you work, for commute columns (optional)")

    crawl = lang(sub.add_parser("crawl", help="fetch list pages politely"))
    crawl.add_argument("--url", required=True, metavar="TEMPLATE",
                       help="list page URL with {page}, e.g. https://host/zufang/pg{page}/")
    crawl.add_argument("--pages", type=int, default=2, help="number of pages (default 2, max 20)")
    crawl.add_argument("--out", default=DEFAULT_RAW, help=f"raw CSV (default: {DEFAULT_RAW})")
    crawl.add_argument("--dry-run", action="store_true",
                       help="print the URLs it would fetch and send nothing")

    parse = lang(sub.add_parser("parse", help="parse list pages saved from a browser"))
    parse.add_argument("files", nargs="+", help="saved .html list pages")
    parse.add_argument("--base-url", default="https://rent.example.com/",
                       help="the site's address, to make listing links absolute")
    parse.add_argument("--out", default=DEFAULT_RAW, help=f"raw CSV (default: {DEFAULT_RAW})")
    return parser


# ---- the analysis shared by demo and analyze ------------------------------------------


def _print_table(df, columns=None, rows: int = 10) -> None:
    view = df if columns is None else df[[c for c in columns if c in df.columns]]
    print(view.head(rows).to_string(index=False))


def _amap_minutes(bargains, args, work):
    """AMap transit minutes for the top bargains, or None (with a message) when skipped."""
    from .commute import AMapClient, AMapError, amap_commute
    from .config import AMAP_KEY, get_setting

    if args.no_amap:
        say("已关闭高德通勤查询（--no-amap）。", "AMap commute lookup switched off (--no-amap).")
        return None
    key = get_setting(AMAP_KEY)
    if not key:
        say("未设置 AMAP_KEY：跳过高德通勤查询（离线的距离与通勤估算照常输出）。"
            "需要时把高德 Web 服务 key 写进环境变量或 .env（见 .env.example）。",
            "AMAP_KEY is not set: skipping the AMap commute lookup (the offline distance and "
            "commute estimate are still written). To use it, put an AMap Web service key into "
            "the environment or .env (see .env.example).")
        return None
    if work is None:
        say("没有 --work 坐标：跳过高德通勤查询。", "no --work coordinates: skipping AMap.")
        return None
    limit = max(0, args.amap_limit)
    say(f"查询高德公交通勤时间（前 {limit} 个捡漏房源，每秒最多 1 次）…",
        f"asking AMap for transit times (top {limit} bargains, at most 1 request/s)...")
    try:
        return amap_commute(bargains, AMapClient(key), work, args.amap_city, limit=limit)
    except AMapError as exc:
        say(f"高德查询失败，已跳过：{exc}", f"AMap lookup failed, skipped: {exc}")
        return None


def run_analysis(raw, args, work, truth=None) -> int:
    from .clean import clean_listings, cleaning_summary, model_ready
    from .commute import add_commute, filter_by_commute
    from .model import compare_models, district_summary, fair_rent, find_bargains
    from .report import make_figures, write_html
    from .synth import write_csv

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    clean = clean_listings(raw)
    ready = model_ready(clean)
    stats = cleaning_summary(raw, clean, ready)
    say(f"清洗：原始 {stats['raw_rows']} 行，去重 {stats['duplicates_removed']} 行，"
        f"缺租金 {stats['missing_rent']} 行，可建模 {stats['model_rows']} 行",
        f"cleaning: {stats['raw_rows']} raw rows, {stats['duplicates_removed']} duplicates "
        f"removed, {stats['missing_rent']} without rent, {stats['model_rows']} usable")
    if len(ready) < 20:
        return fail(tr(f"可用于建模的房源只有 {len(ready)} 条，至少需要 20 条",
                       f"only {len(ready)} usable listings; at least 20 are needed"))
    write_csv(clean, out / "listings_clean.csv")

    summary = district_summary(ready)
    write_csv(summary, out / "district_summary.csv")
    say("各区租金：", "rent by district:")
    _print_table(summary, rows=30)

    cv = compare_models(ready, seed=args.seed, models=args.models)
    write_csv(cv, out / "cv_scores.csv")
    say("5 折交叉验证（越小越好：mae 平均绝对误差，元/月）：",
        "5-fold cross-validation (lower mae = better, yuan/month):")
    _print_table(cv)
    best = str(cv.loc[0, "model"])
    say(f"最佳模型：{best}", f"best model: {best}")
    if "median" in set(cv["model"]) and best != "median":
        share = cv.loc[0, "mae"] / float(cv.loc[cv["model"] == "median", "mae"].iloc[0])
        say(f"它的误差是中位数基线的 {share:.0%}",
            f"its error is {share:.0%} of the median baseline's")

    predicted = fair_rent(ready, best, seed=args.seed)
    scored = ready.copy()
    if work is not None:
        scored = add_commute(scored, work)
    bargains = find_bargains(scored, predicted, threshold=args.threshold)
    if args.max_commute is not None:
        if "commute_min" in bargains.columns:
            bargains = filter_by_commute(bargains, args.max_commute)
        else:
            say("没有通勤数据，忽略 --max-commute", "no commute data; --max-commute ignored")
    minutes = _amap_minutes(bargains, args, work)
    if minutes is not None:
        bargains["amap_commute_min"] = minutes
    columns = ["listing_id", "district", "community", "area_m2", "rooms", "subway_m", "rent",
               "fair_rent", "saving", "discount", "distance_km", "commute_min",
               "amap_commute_min", "title", "url"]
    bargains = bargains[[c for c in columns if c in bargains.columns]]
    write_csv(bargains, out / "bargains.csv")
    say(f"捡漏清单：{len(bargains)} 套房源的租金比合理租金低 {args.threshold:.0%} 以上",
        f"bargain list: {len(bargains)} listings at least {args.threshold:.0%} below fair rent")
    _print_table(bargains, ["listing_id", "district", "area_m2", "rent", "fair_rent",
                            "discount", "commute_min", "amap_commute_min"])
    if truth is not None:
        planted = set(truth.loc[truth["planted_bargain"], "listing_id"]) & set(ready["listing_id"])
        found = set(bargains["listing_id"]) & planted
        say(f"合成数据里藏了 {len(planted)} 个低价房源，找到了 {len(found)} 个",
            f"the synthetic data hides {len(planted)} underpriced listings; found {len(found)}")

    written = []
    if work is not None:
        scored["fair_rent"] = predicted.round(0)
        try:
            from .value import rank_by_value

            ranking = rank_by_value(scored)
            keep = ["listing_id", "district", "area_m2", "rent", "fair_rent", "commute_min",
                    "commute_cost", "value_score"]
            written.append(write_csv(ranking[keep], out / "value_ranking.csv"))
        except NotImplementedError:
            say("进阶练习 value.py 还没完成：跳过 value_ranking.csv",
                "stretch exercise value.py not done yet: value_ranking.csv skipped")

    figures = [] if args.no_figures else make_figures(ready, predicted, bargains, cv, out,
                                                      lang=args.lang)
    sections = [
        (tr("各区租金", "Rent by district"), summary),
        (tr("模型比较（5 折交叉验证）", "Model comparison (5-fold CV)"), cv),
        (tr(f"捡漏清单（低于合理租金 {args.threshold:.0%} 以上）",
            f"Bargains (at least {args.threshold:.0%} below fair rent)"), bargains.head(30)),
    ]
    if figures:
        sections.append((tr("图表", "Figures"), figures))
    report = write_html(out / "report.html", tr("租房数据分析", "Rental listings analysis"),
                        sections)
    files = 5 + len(written) + len(figures)
    say(f"已写入 {out}/ 下 {files} 个文件，打开 {report} 查看报告",
        f"wrote {files} files into {out}/; open {report} for the report")
    return 0


# ---- commands -------------------------------------------------------------------------


def _work(text):
    from .commute import parse_lonlat

    return None if text in (None, "") else parse_lonlat(text)


def cmd_demo(args) -> int:
    from .synth import generate_listings

    start = time.perf_counter()
    work = _work(args.work)
    listings = generate_listings(n=args.n, seed=args.seed, with_truth=True)
    say(f"合成房源（种子 {args.seed}）：{len(listings)} 行原始数据，全部是虚构的",
        f"synthetic listings (seed {args.seed}): {len(listings)} raw rows, all invented")
    truth = listings.drop_duplicates("listing_id")
    raw = listings.drop(columns=["fair_rent_true", "planted_bargain"])
    code = run_analysis(raw, args, work, truth=truth)
    say(f"用时 {time.perf_counter() - start:.1f} 秒", f"took {time.perf_counter() - start:.1f} s")
    return code


def cmd_generate(args) -> int:
    from .synth import write_sample

    path = write_sample(args.out, n=args.n, seed=args.seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


def cmd_analyze(args) -> int:
    from .synth import read_raw_csv

    raw = read_raw_csv(args.data)
    return run_analysis(raw, args, _work(args.work))


def cmd_crawl(args) -> int:
    from .config import CONTACT, COOKIE, get_setting
    from .crawler import crawl, dry_run_plan, page_urls
    from .polite import (
        BlockedError,
        CrawlerError,
        PoliteSession,
        RobotsDisallowedError,
        default_user_agent,
        host_of,
    )
    from .synth import write_csv

    urls = page_urls(args.url, args.pages)
    contact = get_setting(CONTACT)
    cookie = get_setting(COOKIE)
    user_agent = default_user_agent(contact)
    if args.dry_run:
        for line in dry_run_plan(args.url, args.pages, user_agent, cookie_set=bool(cookie)):
            print(line)
        say("（--dry-run：没有发送任何请求）", "(--dry-run: no request was sent)")
        return 0
    if not contact:
        say("提示：设置 CRAWLER_CONTACT（邮箱或主页），网站管理员才能联系到你。",
            "hint: set CRAWLER_CONTACT (e-mail or web page) so site admins can reach you.")
    session = PoliteSession(user_agent=user_agent, cookie=cookie,
                            cookie_host=host_of(urls[0]) if cookie else None)
    try:
        rows = crawl(args.url, args.pages, session)
    except CrawlerError as exc:
        partial = getattr(exc, "rows", None)
        if partial is not None and len(partial):
            write_csv(partial, args.out)
            say(f"停止前已解析的 {len(partial)} 条房源写入了 {args.out}",
                f"the {len(partial)} listings parsed before the stop were written to {args.out}")
        refused = isinstance(exc, (RobotsDisallowedError, BlockedError))
        return fail(str(exc), code=3 if refused else 2)
    path = write_csv(rows, args.out)
    say(f"抓取 {session.requests_made} 次请求，{len(rows)} 条房源，已写入 {path}",
        f"{session.requests_made} requests, {len(rows)} listings, wrote {path}")
    say(f"下一步：python -m {__package__} analyze --data {path}",
        f"next: python -m {__package__} analyze --data {path}")
    return 0


def cmd_parse(args) -> int:
    import pandas as pd

    from .crawler import parse_list
    from .synth import RAW_COLUMNS, write_csv

    frames = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found")
        rows = parse_list(path.read_text(encoding="utf-8", errors="replace"),
                          page_url=args.base_url)
        say(f"{path}：{len(rows)} 条房源", f"{path}: {len(rows)} listings")
        frames.append(pd.DataFrame(rows, columns=RAW_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    out = write_csv(table, args.out)
    say(f"已写入 {out}（{len(table)} 行）", f"wrote {out} ({len(table)} rows)")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "analyze": cmd_analyze,
    "crawl": cmd_crawl,
    "parse": cmd_parse,
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
        if isinstance(exc, FileNotFoundError) and args.command == "analyze":
            hint = tr("（还没有数据？先试试 demo，或 --data data/sample/listings.csv）",
                      " (no data yet? try demo, or --data data/sample/listings.csv)")
        return fail(f"{exc}{hint}")
