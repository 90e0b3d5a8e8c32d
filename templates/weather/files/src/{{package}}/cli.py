"""Command line interface.

    demo      offline: sample pages and JSON answered by a local stand-in, no network
    forecast  fetch the forecast of one or more cities (--source, --dry-run first)
    cities    list the city table, or look one name up
    parse     parse a 7-day page you saved from your browser (no network at all)
    generate  rewrite the sample files in data/sample/

Exit codes: 0 done, 2 bad input (e.g. an unknown city), 3 no source could give a
forecast (refused, blocked or broken). Heavy libraries are imported inside the
commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, get_lang, say, set_lang, tr

SOURCE_CHOICES = ["weathercn", "open-meteo"]     # = models.SOURCES
DEMO_CITIES = ["北京", "上海", "广州"]
MAX_CITIES = 10


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__,
                                     description="Weather forecasts / 天气预报")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug log lines")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def lang(p):
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    def output_options(p):
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        p.add_argument("--no-figures", action="store_true", help="skip the PNG charts")

    demo = lang(sub.add_parser("demo", help="offline demo from the sample files"))
    output_options(demo)
    demo.add_argument("--samples", default="data/sample",
                      help="folder with the sample files (default: data/sample)")

    fc = lang(sub.add_parser("forecast", help="fetch forecasts (network; --dry-run first)"))
    fc.add_argument("cities", nargs="+", metavar="CITY",
                    help="Chinese name, pinyin or code: 北京 / beijing / 101010100")
    fc.add_argument("--source", choices=SOURCE_CHOICES, default=None,
                    help="source tried first (default: WEATHER_SOURCE or weathercn)")
    fc.add_argument("--no-fallback", action="store_true",
                    help="do not try the other source when the first one fails")
    fc.add_argument("--compare", action="store_true",
                    help="ask both sources and write compare.csv (twice the requests)")
    fc.add_argument("--days", type=int, default=7, help="days, 1-7 (default 7)")
    fc.add_argument("--dry-run", action="store_true",
                    help="print what it would fetch and send nothing")
    output_options(fc)

    cities = lang(sub.add_parser("cities", help="list the city table or look a name up"))
    cities.add_argument("query", nargs="?", help="a name to look up")

    parse = lang(sub.add_parser("parse", help="parse a saved weather.com.cn 7-day page"))
    parse.add_argument("file", help="the saved .html / .shtml file")
    parse.add_argument("--date", default=None,
                       help="the day the page was saved, YYYY-MM-DD (default: today)")
    parse.add_argument("--city", default="", help="city name for the table (optional)")
    output_options(parse)

    gen = lang(sub.add_parser("generate", help="rewrite the sample files"))
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    return parser


# ---- shared by demo and forecast ------------------------------------------------------


def _show(result) -> None:
    for source, why in result.failures:
        say(f"  {source} 失败：{why}", f"  {source} failed: {why}")
    if result.fell_back:
        say(f"  → 改用 {result.source}", f"  -> used {result.source} instead")
    for day in result.days:
        high = "–" if day.high is None else f"{day.high:g}"
        low = "–" if day.low is None else f"{day.low:g}"
        rain = "" if day.precipitation_mm is None else f"  {day.precipitation_mm:g} mm"
        print(f"  {day.date}  {low:>5} ~ {high:<5}℃  {day.weather}  {day.wind}{rain}")
    if any(day.high is None for day in result.days[:1]):
        say("  （今天的最高温已过，页面只给出今晚的最低温）",
            "  (today's high has passed: the page only gives tonight's low)")


def _compare(results, session, args, today, bases, refused) -> list[dict] | None:
    """Stretch: the other source for every city, compared day by day (None = not done)."""
    from .compare import COMPARE_COLUMNS, compare_sources
    from .models import SOURCE_OPEN_METEO, SOURCE_WEATHERCN
    from .report import write_csv
    from .sources import SOURCE_ERRORS, fetch_from

    rows: list[dict] = []
    try:
        for result in results:
            other = SOURCE_OPEN_METEO if result.source == SOURCE_WEATHERCN else SOURCE_WEATHERCN
            if other in refused:
                say(f"{result.city.name}：{other} 之前拒绝了访问，不做比较",
                    f"{result.city.english}: {other} refused us earlier, no comparison")
                continue
            try:
                other_days = fetch_from(other, result.city, session, args.days, today, bases)
            except SOURCE_ERRORS as exc:
                say(f"{result.city.name}：{other} 不可用，无法比较（{exc}）",
                    f"{result.city.english}: {other} unavailable, no comparison ({exc})")
                continue
            by_source = {result.source: result.days, other: other_days}
            for row in compare_sources(by_source[SOURCE_WEATHERCN], by_source[SOURCE_OPEN_METEO]):
                rows.append({"city": result.city.name, **row})
    except NotImplementedError:
        say("进阶练习 compare.py 还没完成：跳过 compare.csv",
            "stretch exercise compare.py not done yet: compare.csv skipped")
        return None
    write_csv(rows, Path(args.out) / "compare.csv", ["city"] + COMPARE_COLUMNS)
    flagged = [row for row in rows if row["flagged"]]
    say(f"两个来源逐日比较（a = 中国天气网，b = Open-Meteo）：{len(rows)} 天，"
        f"{len(flagged)} 天相差超过 3℃",
        f"day-by-day comparison (a = weather.com.cn, b = Open-Meteo): {len(rows)} days, "
        f"{len(flagged)} differ by more than 3 °C")
    for row in flagged:
        high, low = tr("最高", "high"), tr("最低", "low")
        print(f"  ⚠ {row['city']} {row['date']}  {high} {row['high_a']} vs {row['high_b']}, "
              f"{low} {row['low_a']} vs {row['low_b']}")
    return rows


def _advice(results, args) -> list[dict] | None:
    """Stretch: what to wear on each day (None = exercise not done yet)."""
    from .advice import clothing_advice
    from .report import write_csv

    rows = []
    try:
        for result in results:
            for day in result.days:
                rows.append({"city": result.city.name, "date": day.date, "weather": day.weather,
                             "low": day.low, "high": day.high,
                             "advice": clothing_advice(day, get_lang())})
    except NotImplementedError:
        say("进阶练习 advice.py 还没完成：跳过 advice.csv",
            "stretch exercise advice.py not done yet: advice.csv skipped")
        return None
    write_csv(rows, Path(args.out) / "advice.csv")
    say("穿衣建议（明天）：", "what to wear tomorrow:")
    for row in rows:
        if row["date"] == _tomorrow(results, row["city"]):
            print(f"  {row['city']} {row['date']}: {row['advice']}")
    return rows


def _tomorrow(results, city_name: str) -> str | None:
    for result in results:
        if result.city.name == city_name and len(result.days) > 1:
            return result.days[1].date
    return None


def run_forecasts(cities, session, args, first: str, fallback: bool, today: date | None,
                  bases=None, compare: bool = False) -> int:
    from .models import SOURCE_OPEN_METEO
    from .open_meteo import ATTRIBUTION
    from .report import forecast_rows, plot_band, write_csv, write_html
    from .sources import AllSourcesFailed, get_forecast

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results, failed = [], []
    refused: set[str] = set()
    for city in cities:
        say(f"{city.name}（{city.code}）：", f"{city.english} ({city.code}):")
        try:
            result = get_forecast(city, session, first=first, fallback=fallback,
                                  days=args.days, today=today, bases=bases, refused=refused)
        except AllSourcesFailed as exc:
            print(str(exc), file=sys.stderr)
            failed.append(city)
            continue
        results.append(result)
        _show(result)
    if not results:
        return fail(tr("没有拿到任何预报", "no forecast at all"), code=3)

    rows = [row for result in results for row in forecast_rows(result.days)]
    csv_path = write_csv(rows, out / "forecast.csv")
    figures = []
    if not args.no_figures:
        for result in results:
            figures.append(plot_band(result.days, out / "figs" / f"temp_{result.city.pinyin}.png",
                                     result.city, lang=get_lang()))
    advice = _advice(results, args)
    compared = _compare(results, session, args, today, bases, refused) if compare else None

    columns = ["date", "weather", "low", "high", "wind", "precipitation_mm", "source"]
    sections = [(f"{r.city.name} {r.city.english} · {r.source}", forecast_rows(r.days), columns)
                for r in results]
    if figures:
        sections.append((tr("气温图", "Temperature charts"), figures, None))
    if advice is not None:
        sections.append((tr("穿衣建议", "What to wear"), advice,
                         ["city", "date", "weather", "low", "high", "advice"]))
    if compared is not None:
        sections.append((tr("两个来源逐日比较", "The two sources day by day"), compared,
                         ["city", "date", "high_a", "high_b", "high_diff", "low_a", "low_b",
                          "low_diff", "flagged"]))
    used = {r.source for r in results} | ({SOURCE_OPEN_METEO} if compared else set())
    footer = tr("数据来源：", "Sources: ") + ", ".join(sorted(used))
    if SOURCE_OPEN_METEO in used:
        footer += f". {ATTRIBUTION}"
    page = write_html(out / "forecast.html", tr("天气预报", "Weather forecast"), sections, footer)
    files = 2 + len(figures) + (compared is not None) + (advice is not None)
    say(f"已写入 {out}/ 下 {files} 个文件：{csv_path.name}、{page.name} 等，用浏览器打开 {page}",
        f"wrote {files} files into {out}/ ({csv_path.name}, {page.name}, ...); open {page}")
    if failed:
        return fail(tr(f"{len(failed)} 个城市没有预报",
                       f"{len(failed)} city(ies) without a forecast"), code=3)
    return 0


def _session(args, session=None, clock=None, sleep=None):
    from .config import CONTACT, COOKIE, get_setting
    from .polite import PoliteSession, default_user_agent, host_of
    from .weathercn import BASE_URL

    cookie = get_setting(COOKIE)
    return PoliteSession(user_agent=default_user_agent(get_setting(CONTACT)), cookie=cookie,
                         cookie_host=host_of(BASE_URL) if cookie else None,
                         session=session, clock=clock, sleep=sleep)


# ---- commands -------------------------------------------------------------------------


def cmd_demo(args) -> int:
    from .cities import find_cities
    from .replay import load_files, replay_session
    from .sample import SAMPLE_START, sample_files

    start = time.perf_counter()
    folder = Path(args.samples)
    files = load_files(folder) if folder.is_dir() else {}
    if files:
        say(f"离线演示：示例文件来自 {folder}/（数字是虚构的），不访问网络",
            f"offline demo: sample files from {folder}/ (invented numbers), no network")
    else:
        files = sample_files()
        say(f"离线演示：没找到 {folder}/，改用内存中生成的示例（数字是虚构的）",
            f"offline demo: {folder}/ not found, using samples generated in memory "
            "(invented numbers)")
    say("本地替身网站回答所有请求：北京页面是 GBK 编码，上海页面是晚上保存的，"
        "广州页面返回 403（演示自动改用 Open-Meteo）",
        "a local stand-in answers every request: the 北京 page is GBK, the 上海 page was "
        "saved in the evening, the 广州 page answers 403 (watch the fallback to Open-Meteo)")
    http, adapter = replay_session(files)
    # Nothing leaves this computer, so there is nobody to be polite to: no real waiting.
    session = _session(args, session=http, clock=lambda: 0.0, sleep=lambda seconds: None)
    args.days = 7
    code = run_forecasts(find_cities(DEMO_CITIES), session, args, first="weathercn",
                         fallback=True, today=SAMPLE_START, compare=True)
    say(f"替身网站收到 {len(adapter.seen)} 个请求；用时 {time.perf_counter() - start:.1f} 秒",
        f"the stand-in got {len(adapter.seen)} requests; took {time.perf_counter() - start:.1f} s")
    return code


def cmd_forecast(args) -> int:
    from .cities import find_cities
    from .config import CONTACT, COOKIE, SOURCE, get_setting
    from .polite import default_user_agent, dry_run_plan
    from .sources import planned_urls

    if not 1 <= args.days <= 7:
        raise ValueError(tr("--days 必须在 1 到 7 之间", "--days must be between 1 and 7"))
    if len(args.cities) > MAX_CITIES:
        raise ValueError(tr(f"一次最多 {MAX_CITIES} 个城市",
                            f"at most {MAX_CITIES} cities at a time"))
    cities = find_cities(args.cities)
    first = args.source or get_setting(SOURCE) or "weathercn"
    if first not in SOURCE_CHOICES:
        raise ValueError(tr(f"WEATHER_SOURCE 必须是 {' 或 '.join(SOURCE_CHOICES)}，不是 {first!r}",
                            f"WEATHER_SOURCE must be {' or '.join(SOURCE_CHOICES)}, not {first!r}"))
    fallback = not args.no_fallback
    if args.dry_run:
        urls = []
        for city in cities:
            planned = planned_urls(city, first, fallback or args.compare, args.days)
            urls += planned if (args.compare or not fallback) else planned[:1]
        user_agent = default_user_agent(get_setting(CONTACT))
        for line in dry_run_plan(urls, user_agent, cookie_set=bool(get_setting(COOKIE))):
            print(line)
        if fallback and not args.compare:
            say("第一个来源失败时，还会请求另一个来源：", "if the first source fails, also:")
            for city in cities:
                for url in planned_urls(city, first, True, args.days)[1:]:
                    print(f"  {url}")
        say("（--dry-run：没有发送任何请求）", "(--dry-run: no request was sent)")
        return 0
    if not get_setting(CONTACT):
        say("提示：设置 CRAWLER_CONTACT（邮箱或主页），网站管理员才能联系到你。",
            "hint: set CRAWLER_CONTACT (e-mail or web page) so site admins can reach you.")
    session = _session(args)
    return run_forecasts(cities, session, args, first=first, fallback=fallback, today=None,
                         compare=args.compare)


def cmd_cities(args) -> int:
    from .cities import CITIES, find_city

    chosen = [find_city(args.query)] if args.query else list(CITIES)
    for city in chosen:
        print(f"{city.name}\t{city.pinyin}\t{city.english}\t{city.code}\t"
              f"{city.lat:.3f}\t{city.lon:.3f}")
    return 0


def cmd_parse(args) -> int:
    from .report import forecast_rows, write_csv
    from .sources import china_today
    from .weathercn import decode_page, parse_7d

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(tr(f"找不到 {path}", f"{path} not found"))
    today = date.fromisoformat(args.date) if args.date else china_today()
    days = parse_7d(decode_page(path.read_bytes()), today, city=args.city)
    out = write_csv(forecast_rows(days), Path(args.out) / "parsed.csv")
    for day in days:
        print(f"  {day.date}  {day.low} ~ {day.high}  {day.weather}  {day.wind}")
    say(f"解析出 {len(days)} 天，已写入 {out}", f"parsed {len(days)} days, wrote {out}")
    return 0


def cmd_generate(args) -> int:
    from .sample import write_samples

    for path in write_samples(args.out, seed=args.seed):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "forecast": cmd_forecast,
    "cities": cmd_cities,
    "parse": cmd_parse,
    "generate": cmd_generate,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .config import SECRET_NAMES, get_setting
    from .envconfig import setup_logging

    setup_logging(__package__, args.verbose, secrets=[get_setting(n) for n in SECRET_NAMES])
    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, ValueError) as exc:
        return fail(str(exc))
