"""Command line interface.

    demo      the whole pipeline against a demo site on 127.0.0.1 (no internet needed)
    crawl     the pictures of a Zhihu question's answers (answers API, paging); --dry-run
    generic   the pictures of one web page that allows crawling; --dry-run
    parse     list the pictures of HTML pages saved from your browser (no network at all)
    generate  write the demo site's text files (data/sample/)

Exit codes: 0 done, 2 bad input or a failed request, 3 the site said no (robots.txt,
403, error 10003, login or captcha). Downloads go to ``<out>/images/``, with
``index.csv``, ``index.html`` and ``contact_sheet.png`` next to them.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang, tr

DEFAULT_OUT = "outputs"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__,
                                     description="Zhihu answer images / 知乎回答图片")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug log lines")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    def download_options(p, dry_run: bool = True) -> None:
        p.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: outputs)")
        p.add_argument("--max-images", type=int, default=50,
                       help="download at most this many pictures (default 50)")
        p.add_argument("--max-mb", type=float, default=5.0,
                       help="size cap per picture in MB (default 5)")
        if dry_run:
            p.add_argument("--dry-run", action="store_true",
                           help="print what it would fetch and send nothing")

    demo = command("demo", "offline demo against a local demo site")
    demo.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: outputs)")

    crawl = command("crawl", "pictures of a Zhihu question's answers")
    crawl.add_argument("question", help="question id or URL, e.g. 12345 or "
                                        "https://www.zhihu.com/question/12345")
    crawl.add_argument("--limit", type=int, default=5, help="answers per page (1-20, default 5)")
    crawl.add_argument("--max-pages", type=int, default=3,
                       help="answer pages to fetch at most (1-20, default 3)")
    crawl.add_argument("--api-base", default="https://www.zhihu.com",
                       help="API address (default: https://www.zhihu.com)")
    download_options(crawl)

    generic = command("generic", "pictures of one web page that allows crawling")
    generic.add_argument("url", help="the page, http:// or https://")
    download_options(generic)

    parse = command("parse", "list the pictures of saved HTML pages (no network)")
    parse.add_argument("files", nargs="+", help="saved .html pages")
    parse.add_argument("--base-url", default="https://www.zhihu.com/",
                       help="the page's address, to make relative picture URLs absolute")
    parse.add_argument("--out", default=f"{DEFAULT_OUT}/image_urls.csv",
                       help="CSV of picture URLs (default: outputs/image_urls.csv)")

    gen = command("generate", "write the demo site's text files")
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    return parser


# ---- shared pieces -------------------------------------------------------------------


def _max_bytes(args) -> int:
    if not 0 < args.max_mb <= 100:
        raise ValueError(tr("--max-mb 必须在 0 到 100 之间", "--max-mb must be between 0 and 100"))
    return int(args.max_mb * 1024 * 1024)


def _check_max_images(args) -> None:
    if not 1 <= args.max_images <= 1000:
        raise ValueError(tr("--max-images 必须在 1 到 1000 之间",
                            "--max-images must be between 1 and 1000"))


def _summary(records, written, session, started: float) -> None:
    from .index import STATUSES

    counts = Counter(r.status for r in records)
    parts = [f"{tr(*STATUSES.get(s, (s, s)))} {n}" for s, n in sorted(counts.items())]
    say(f"图片：{len(records)} 个地址（{'，'.join(parts) or '无'}）",
        f"pictures: {len(records)} URLs ({', '.join(parts) or 'none'})")
    for record in records:
        if record.status in ("rejected", "failed", "robots"):
            reason = record.note or tr(*STATUSES[record.status])
            print(f"  - {record.url}: {reason}")
    for kind in ("sheet", "csv", "html"):
        if kind in written:
            say(f"已写入 {written[kind]}", f"wrote {written[kind]}")
    say(f"共 {session.requests_made} 次请求，用时 {time.monotonic() - started:.1f} 秒",
        f"{session.requests_made} requests in {time.monotonic() - started:.1f} s")


def _near_duplicates(records, out) -> None:
    from .crawler import mark_near_duplicates

    marked = mark_near_duplicates(records, out)
    if marked is None:
        say("（进阶练习 near_dup.average_hash 还没有完成：跳过近似重复检测）",
            "(stretch exercise near_dup.average_hash not done yet: near duplicates not checked)")
    else:
        say(f"近似重复（平均哈希）：{marked} 张", f"near duplicates (average hash): {marked}")


def _plan(urls, args, cookie, contact, more: str) -> int:
    from .polite import default_user_agent, dry_run_plan

    for line in dry_run_plan(urls, default_user_agent(contact), cookie_set=bool(cookie)):
        print(line)
    print(more)
    say("（--dry-run：没有发送任何请求）", "(--dry-run: no request was sent)")
    return 0


def _contact_hint(contact) -> None:
    if not contact:
        say("提示：设置 CRAWLER_CONTACT（邮箱或主页），网站管理员才能联系到你。",
            "hint: set CRAWLER_CONTACT (e-mail or web page) so site admins can reach you.")


def _download_and_report(refs, session, args, title, started, records=None) -> int:
    from .crawler import download_all, write_outputs
    from .polite import BlockedError

    out = Path(args.out)
    try:
        records = download_all(refs, session, out, max_images=args.max_images,
                               max_bytes=_max_bytes(args), records=records)
    except BlockedError as exc:
        written = write_outputs(exc.records, out, title)
        _summary(exc.records, written, session, started)
        return fail(str(exc), code=3)
    _near_duplicates(records, out)
    written = write_outputs(records, out, title)
    _summary(records, written, session, started)
    return 0


# ---- commands ------------------------------------------------------------------------


def cmd_demo(args) -> int:
    from .config import CONTACT, get_setting
    from .crawler import download_all, fetch_answers, page_images, question_images
    from .demo_server import serve
    from .samples import PAGE_LIMIT, QUESTION_ID
    from .session import make_session

    started = time.monotonic()
    out = Path(args.out)
    with serve() as (base, site):
        say(f"演示网站运行在 {base}（只在本机，无需联网；每秒最多 1 次请求，约 10 秒）",
            f"demo site at {base} (this machine only, no internet; at most 1 request/s, "
            "about 10 s)")
        session = make_session(contact=get_setting(CONTACT))
        paging = fetch_answers(QUESTION_ID, session, limit=PAGE_LIMIT, max_pages=5, base=base)
        say(f"回答：{len(paging.answers)} 个，{paging.pages} 页，停止原因：{paging.stop}",
            f"answers: {len(paging.answers)} on {paging.pages} pages, stopped by: {paging.stop}")
        refs = question_images(paging, paging.urls[0])
        say(f"回答里的图片（去重后）：{len(refs)} 张", f"pictures in the answers "
            f"(de-duplicated): {len(refs)}")
        records = download_all(refs, session, out)
        gallery = page_images(f"{base}/gallery.html", session)
        say(f"generic 模式：{base}/gallery.html 上有 {len(gallery)} 张图片",
            f"generic mode: {len(gallery)} pictures on {base}/gallery.html")
        records = download_all(gallery, session, out, records=records)
    _near_duplicates(records, out)
    from .crawler import write_outputs

    written = write_outputs(records, out, tr("演示：知乎回答图片", "Demo: Zhihu answer images"))
    _summary(records, written, session, started)
    return 0


def cmd_crawl(args) -> int:
    from .api import answers_url, question_id
    from .config import CONTACT, COOKIE, get_setting
    from .crawler import fetch_answers, question_images
    from .polite import BlockedError, CrawlerError, RobotsDisallowedError
    from .session import make_session

    qid = question_id(args.question)
    first = answers_url(qid, limit=args.limit, offset=0, base=args.api_base)
    _check_max_images(args)
    _max_bytes(args)
    cookie = get_setting(COOKIE)
    contact = get_setting(CONTACT)
    if args.dry_run:
        return _plan([first], args, cookie, contact, tr(
            f"之后的页面来自 paging.next（最多 {args.max_pages} 页），图片地址来自回答内容"
            f"（最多 {args.max_images} 张）；Cookie 只发给 API 所在的网站。",
            f"further pages come from paging.next (at most {args.max_pages}), picture URLs "
            f"from the answers (at most {args.max_images}); the cookie goes to the API host "
            "only."))
    _contact_hint(contact)
    started = time.monotonic()
    session = make_session(contact=contact, cookie=cookie, cookie_url=first)
    try:
        paging = fetch_answers(qid, session, limit=args.limit, max_pages=args.max_pages,
                               base=args.api_base)
    except CrawlerError as exc:
        refused = isinstance(exc, (BlockedError, RobotsDisallowedError))
        return fail(str(exc), code=3 if refused else 2)
    say(f"回答：{len(paging.answers)} 个，{paging.pages} 页，停止原因：{paging.stop}",
        f"answers: {len(paging.answers)} on {paging.pages} pages, stopped by: {paging.stop}")
    refs = question_images(paging, first)
    return _download_and_report(refs, session, args, tr(f"知乎问题 {qid} 的回答图片",
                                                        f"Pictures of Zhihu question {qid}"),
                                started)


def cmd_generic(args) -> int:
    from .config import CONTACT, get_setting
    from .crawler import page_images
    from .polite import BlockedError, CrawlerError, RobotsDisallowedError
    from .session import make_session

    if not args.url.startswith(("http://", "https://")):
        raise ValueError(tr("网址必须以 http:// 或 https:// 开头",
                            "the URL must start with http:// or https://"))
    _check_max_images(args)
    _max_bytes(args)
    contact = get_setting(CONTACT)
    if args.dry_run:
        return _plan([args.url], args, None, contact, tr(
            f"图片地址要读到页面后才知道（最多 {args.max_images} 张，"
            "每个图片网站同样先读 robots.txt）。",
            f"picture URLs are known only after reading the page (at most {args.max_images}; "
            "robots.txt is read first on every picture host too)."))
    _contact_hint(contact)
    started = time.monotonic()
    session = make_session(contact=contact)      # never a cookie for arbitrary sites
    try:
        refs = page_images(args.url, session)
    except CrawlerError as exc:
        refused = isinstance(exc, (BlockedError, RobotsDisallowedError))
        return fail(str(exc), code=3 if refused else 2)
    say(f"页面上的图片（去重后）：{len(refs)} 张", f"pictures on the page (de-duplicated): "
        f"{len(refs)}")
    return _download_and_report(refs, session, args, args.url, started)


def cmd_parse(args) -> int:
    import csv

    from .csvsafe import neutralise_row
    from .extract import dedupe, extract_images

    refs = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise FileNotFoundError(tr(f"找不到 {path}", f"{path} not found"))
        found = extract_images(path.read_text(encoding="utf-8", errors="replace"),
                               args.base_url, source=path.name)
        say(f"{path}：{len(found)} 张图片", f"{path}: {len(found)} pictures")
        refs.extend(found)
    refs = dedupe(refs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "key", "attr", "source", "alt"])
        for ref in refs:
            # alt texts come from the page: no cell may start a spreadsheet formula
            writer.writerow(neutralise_row([ref.url, ref.key, ref.attr, ref.source, ref.alt]))
    say(f"已写入 {out}（{len(refs)} 张，去重后）", f"wrote {out} ({len(refs)} pictures, "
        "de-duplicated)")
    return 0


def cmd_generate(args) -> int:
    from .samples import write_samples

    for path in write_samples(args.out, seed=args.seed):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "crawl": cmd_crawl,
    "generic": cmd_generic,
    "parse": cmd_parse,
    "generate": cmd_generate,
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
        return fail(str(exc))
