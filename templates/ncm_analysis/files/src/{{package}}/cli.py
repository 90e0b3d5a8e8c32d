"""Command line interface.

    demo      synthetic playlist -> song ids -> paged comments (offline API) -> analysis -> report
    generate  write the synthetic sample (data/sample/playlist.html, comments_api.json)
    playlist  song ids from a playlist page saved in your browser (no network)
    crawl     fetch a playlist page and public comments politely; --dry-run first
    analyze   the analysis on what crawl saved

Exit codes: 0 done, 2 bad input or a failed request, 3 the site said no (robots.txt, a
block, or API code -460 "Cheating"). Heavy libraries are imported inside the commands, so
``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang, tr

DEFAULT_SEED = 163            # keep in sync with synth.DEFAULT_SEED (test_cli checks it)
DEFAULT_RAW = "data/raw/comments.json"
NCM_HOST = "music.163.com"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="NetEase Cloud Music comment analysis / 网易云音乐评论分析")
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
        p.add_argument("--top", type=int, default=30, help="number of keywords (default 30)")
        p.add_argument("--no-figures", action="store_true", help="skip the PNG figures")

    def paging_options(p, pages: int):
        p.add_argument("--pages", type=int, default=pages,
                       help=f"at most this many comment pages per song (default {pages})")
        p.add_argument("--limit", type=int, default=20,
                       help="comments per page (default 20, at most 100)")

    demo = lang(sub.add_parser("demo", help="offline demo on synthetic comments"))
    output_options(demo)
    paging_options(demo, 5)
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    gen = lang(sub.add_parser("generate", help="write the synthetic sample files"))
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    pl = lang(sub.add_parser("playlist", help="song ids from a saved playlist page"))
    pl.add_argument("file", help="playlist page saved from the browser (.html)")
    pl.add_argument("--out", default="data/raw/playlist_songs.csv",
                    help="CSV of song ids and titles (default: data/raw/playlist_songs.csv)")

    crawl = lang(sub.add_parser("crawl", help="fetch public comments politely"))
    which = crawl.add_mutually_exclusive_group(required=True)
    which.add_argument("--playlist", metavar="ID", help="playlist id: its songs are used")
    which.add_argument("--song", nargs="+", metavar="ID", help="one or more song ids")
    paging_options(crawl, 3)
    crawl.add_argument("--max-songs", type=int, default=10,
                       help="use at most this many songs of the playlist (default 10)")
    crawl.add_argument("--out", default=DEFAULT_RAW, help=f"JSON file (default: {DEFAULT_RAW})")
    crawl.add_argument("--dry-run", action="store_true",
                       help="print what it would fetch and send nothing")

    analyze = lang(sub.add_parser("analyze", help="analyse comments saved by crawl"))
    analyze.add_argument("--data", default=DEFAULT_RAW, help=f"JSON file (default: {DEFAULT_RAW})")
    output_options(analyze)
    return parser


# ---- the analysis shared by demo and analyze ------------------------------------------


def _print_table(df, rows: int = 10) -> None:
    print(df.head(rows).to_string(index=False))


def run_analysis(records: list[dict], titles: dict, args) -> int:
    from .analysis import (
        hour_activity,
        keywords,
        length_summary,
        likes_distribution,
        song_summary,
        to_frame,
        top_comments,
    )
    from .report import make_figures, write_csv, write_html

    if not records:
        return fail(tr("没有评论可分析", "there are no comments to analyse"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    df = to_frame(records)
    tables = {
        "song_summary": song_summary(df, titles),
        "likes_distribution": likes_distribution(df),
        "length_summary": length_summary(df),
        "hour_activity": hour_activity(df),
        "keywords": keywords(df, top=args.top),
        "top_comments": top_comments(df, n=10, titles=titles),
    }
    try:
        from .emoji import expression_stats

        tables["expressions"] = expression_stats(df)
    except NotImplementedError:
        say("进阶练习 emoji.py 还没完成：跳过 expressions.csv",
            "stretch exercise emoji.py not done yet: expressions.csv skipped")

    comments = df.drop(columns=["time_ms"]).assign(time=df["time"].dt.strftime("%Y-%m-%d %H:%M"))
    write_csv(comments, out / "comments.csv")
    for name, table in tables.items():
        write_csv(table, out / f"{name}.csv")

    say(f"{len(df)} 条评论，{df['song_id'].nunique()} 首歌：",
        f"{len(df)} comments on {df['song_id'].nunique()} songs:")
    _print_table(tables["song_summary"])
    hours = tables["hour_activity"]
    busiest = int(hours.loc[hours["comments"].idxmax(), "hour"])
    say(f"评论最多的时段：{busiest}:00-{busiest}:59（北京时间）",
        f"busiest hour: {busiest}:00-{busiest}:59 (China time)")
    say("高频词：" + "、".join(tables["keywords"]["word"].head(10)),
        "top words: " + ", ".join(tables["keywords"]["word"].head(10)))

    figures = [] if args.no_figures else make_figures(tables, df, out, lang=args.lang)
    headings = {
        "song_summary": tr("每首歌", "Songs"),
        "likes_distribution": tr("点赞数分布", "Likes distribution"),
        "length_summary": tr("评论长度（字符）", "Comment length (characters)"),
        "hour_activity": tr("各时段评论数（北京时间）", "Comments by hour (China time)"),
        "keywords": tr("高频词", "Keywords"),
        "top_comments": tr("点赞最多的评论", "Most liked comments"),
        "expressions": tr("表情使用（进阶练习）", "Expressions (stretch exercise)"),
    }
    sections: list[tuple[str, object]] = [
        (tr("说明", "Note"), tr("用户 id 和昵称只以加盐哈希的形式出现；评论中的 @昵称 已遮盖。",
                              "User ids and nicknames appear only as salted hashes; "
                              "@mentions in comments are masked.")),
    ]
    sections += [(headings[name], table) for name, table in tables.items()]
    if figures:
        sections.append((tr("图表", "Figures"), figures))
    report = write_html(out / "report.html", tr("网易云音乐评论分析", "Comment analysis"),
                        sections)
    files = 2 + len(tables) + len(figures)
    say(f"已写入 {out}/ 下 {files} 个文件，打开 {report} 查看报告",
        f"wrote {files} files into {out}/; open {report} for the report")
    return 0


# ---- commands -------------------------------------------------------------------------


def _stop_line(result) -> str:
    from .api import describe_stop

    return tr(f"歌曲 {result.song_id}：{result.pages} 页，{len(result.records)} 条评论，"
              f"停止原因：{describe_stop(result.stop)}",
              f"song {result.song_id}: {result.pages} page(s), {len(result.records)} comments, "
              f"stopped: {describe_stop(result.stop)}")


def cmd_demo(args) -> int:
    from .api import fetch_song_comments
    from .playlist import parse_playlist
    from .privacy import DEMO_SALT
    from .synth import SyntheticAPI, generate, playlist_html

    start = time.perf_counter()
    data = generate(args.seed)
    songs = parse_playlist(playlist_html(data))
    say(f"合成歌单（种子 {args.seed}，全部虚构）：{len(songs)} 首歌",
        f"synthetic playlist (seed {args.seed}, all invented): {len(songs)} songs")
    api = SyntheticAPI(data)
    records: list[dict] = []
    for song in songs:
        result = fetch_song_comments(api, song.song_id, max_pages=args.pages, limit=args.limit,
                                     salt=DEMO_SALT)
        print("  " + _stop_line(result))
        records += result.records
    requests_live = len(api.calls) + 2      # + robots.txt and the playlist page
    say(f"离线接口应答了 {len(api.calls)} 次评论请求。真实抓取还要先读 robots.txt 和歌单页，"
        f"共 {requests_live} 次请求，每秒最多 1 次，至少 {requests_live - 1} 秒",
        f"the offline API answered {len(api.calls)} comment requests. A live crawl also reads "
        f"robots.txt and the playlist page: {requests_live} requests at most 1 per second, "
        f"so at least {requests_live - 1} s")
    code = run_analysis(records, {s.song_id: s.title for s in songs}, args)
    say(f"用时 {time.perf_counter() - start:.1f} 秒", f"took {time.perf_counter() - start:.1f} s")
    return code


def cmd_generate(args) -> int:
    from .synth import write_sample

    for path in write_sample(args.out, seed=args.seed):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


def cmd_playlist(args) -> int:
    import pandas as pd

    from .playlist import parse_playlist
    from .report import write_csv

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    songs = parse_playlist(path.read_text(encoding="utf-8", errors="replace"))
    if not songs:
        return fail(tr("页面里没有找到 ul.f-hide 歌曲列表：页面结构可能变了，见 playlist.py",
                       "no ul.f-hide song list found: the page structure may have changed, "
                       "see playlist.py"))
    table = pd.DataFrame([{"song_id": s.song_id, "title": s.title} for s in songs])
    _print_table(table, rows=50)
    out = write_csv(table, args.out)
    say(f"已写入 {out}（{len(table)} 首歌）", f"wrote {out} ({len(table)} songs)")
    ids = " ".join(str(s.song_id) for s in songs[:5])
    say(f"下一步：python -m {__package__} crawl --song {ids} --dry-run",
        f"next: python -m {__package__} crawl --song {ids} --dry-run")
    return 0


def _save_crawl(path, songs: list[dict], records: list[dict]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "source": "music.163.com /api/v1/resource/comments (public, unencrypted)",
        "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "salted_hashes": True,          # crawl runs only with a private salt
        "songs": songs,
        "records": records,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def cmd_crawl(args) -> int:
    from .api import MAX_LIMIT, MAX_PAGES, comments_url, fetch_song_comments, session_getter
    from .config import CONTACT, COOKIE, HASH_SALT, get_setting
    from .playlist import check_id, parse_playlist, playlist_url
    from .polite import (
        BlockedError,
        CrawlerError,
        PoliteSession,
        RobotsDisallowedError,
        default_user_agent,
        dry_run_plan,
    )
    from .privacy import SaltError, check_salt

    if not 1 <= args.pages <= MAX_PAGES:
        raise ValueError(tr(f"--pages 必须在 1 到 {MAX_PAGES} 之间",
                            f"--pages must be 1..{MAX_PAGES}"))
    if not 1 <= args.limit <= MAX_LIMIT:
        raise ValueError(tr(f"--limit 必须在 1 到 {MAX_LIMIT} 之间",
                            f"--limit must be 1..{MAX_LIMIT}"))
    if not 1 <= args.max_songs <= 50:
        raise ValueError(tr("--max-songs 必须在 1 到 50 之间", "--max-songs must be 1..50"))
    song_ids = [check_id(s) for s in args.song] if args.song else []
    start_url = playlist_url(args.playlist) if args.playlist else None
    contact = get_setting(CONTACT)
    cookie = get_setting(COOKIE)
    salt = get_setting(HASH_SALT)
    user_agent = default_user_agent(contact)

    if args.dry_run:
        first = [start_url] if start_url else [comments_url(s, 0, args.limit) for s in song_ids]
        for line in dry_run_plan(first, user_agent, cookie_set=bool(cookie)):
            print(line)
        try:
            check_salt(salt)
            say("NCM_HASH_SALT：已设置（内容不显示）", "NCM_HASH_SALT: set (value hidden)")
        except SaltError as exc:
            say(f"注意：{exc}", f"note: {exc}")
        if start_url:
            say(f"  然后：歌单页上的前 {args.max_songs} 首歌，每首最多 {args.pages} 页评论"
                "（歌曲 id 要读了歌单页才知道）",
                f"  then: the first {args.max_songs} songs of the playlist page, at most "
                f"{args.pages} comment pages each (song ids are known only after reading it)")
        else:
            say(f"  然后：每首歌最多 {args.pages} 页评论（每页 {args.limit} 条）",
                f"  then: at most {args.pages} comment pages per song ({args.limit} each)")
        say("只读取公开评论；不下载音频，不使用加密的 weapi 接口。",
            "public comments only; no audio download, no encrypted weapi endpoint.")
        say("（--dry-run：没有发送任何请求）", "(--dry-run: no request was sent)")
        return 0

    try:
        salt = check_salt(salt)          # before any request: nothing is fetched without it
    except SaltError as exc:
        return fail(str(exc))
    if not contact:
        say("提示：设置 CRAWLER_CONTACT（邮箱或主页），网站管理员才能联系到你。",
            "hint: set CRAWLER_CONTACT (e-mail or web page) so site admins can reach you.")
    session = PoliteSession(user_agent=user_agent, cookie=cookie,
                            cookie_host=NCM_HOST if cookie else None)
    songs: list[dict] = []
    records: list[dict] = []
    titles: dict[int, str] = {}
    try:
        if start_url:
            found = parse_playlist(session.get(start_url).text)
            if not found:
                return fail(tr(
                    "歌单页里没有找到歌曲列表（ul.f-hide）。可能需要登录，或者页面结构变了："
                    "在浏览器里保存歌单页，用 playlist 命令解析后再用 --song 抓取。",
                    "no song list (ul.f-hide) on the playlist page. It may need a login, or "
                    "the page changed: save it in your browser, run the playlist command on it, "
                    "then crawl with --song."))
            found = found[:args.max_songs]
            say(f"歌单 {args.playlist}：使用 {len(found)} 首歌",
                f"playlist {args.playlist}: using {len(found)} songs")
            song_ids = [s.song_id for s in found]
            titles = {s.song_id: s.title for s in found}
        get_json = session_getter(session)
        for song_id in song_ids:
            result = fetch_song_comments(get_json, song_id, max_pages=args.pages,
                                         limit=args.limit, salt=salt)
            print("  " + _stop_line(result))
            songs.append({"song_id": song_id, "title": titles.get(song_id, ""),
                          "pages": result.pages, "stop": result.stop, "total": result.total})
            records += result.records
    except CrawlerError as exc:
        partial = getattr(exc, "partial", None)
        if partial is not None:
            records += partial.records
            songs.append({"song_id": partial.song_id, "title": titles.get(partial.song_id, ""),
                          "pages": partial.pages, "stop": "refused", "total": partial.total})
        if records:
            path = _save_crawl(args.out, songs, records)
            say(f"停止前已取得的 {len(records)} 条评论写入了 {path}",
                f"the {len(records)} comments fetched before the stop were written to {path}")
        refused = isinstance(exc, (RobotsDisallowedError, BlockedError))
        return fail(str(exc), code=3 if refused else 2)
    path = _save_crawl(args.out, songs, records)
    say(f"{session.requests_made} 次请求，{len(records)} 条评论，已写入 {path}",
        f"{session.requests_made} requests, {len(records)} comments, wrote {path}")
    say(f"下一步：python -m {__package__} analyze --data {path}",
        f"next: python -m {__package__} analyze --data {path}")
    return 0


def cmd_analyze(args) -> int:
    path = Path(args.data)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data["records"]
        titles = {s["song_id"]: s.get("title", "") for s in data.get("songs", [])}
    except (ValueError, KeyError, TypeError):
        raise ValueError(tr(f"{path} 不是 crawl 命令保存的文件",
                            f"{path} is not a file saved by the crawl command")) from None
    return run_analysis(records, titles, args)


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "playlist": cmd_playlist,
    "crawl": cmd_crawl,
    "analyze": cmd_analyze,
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
            hint = tr("（还没有数据？先试试 demo，或者先运行 crawl）",
                      " (no data yet? try demo, or run crawl first)")
        return fail(f"{exc}{hint}")
