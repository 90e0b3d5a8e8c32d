"""Command line interface.

    demo      synthetic friends -> analysis -> outputs/ (offline, seconds)
    analyze   your own data: an itchat-schema .csv or a vCard .vcf export
    generate  write the synthetic data/sample/friends.csv and contacts.vcf

There is deliberately no command that logs in to WeChat: see the README for why.
Heavy libraries (pandas, matplotlib, jieba) are imported inside the commands, so
``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 2024  # keep in sync with synth.DEFAULT_SEED (not imported: it pulls in pandas)
SALT_ENV = "CONTACTS_SALT"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Friend insights, offline and anonymised / 好友画像分析（离线、匿名化）",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        # --lang also after the command name; SUPPRESS keeps the top-level value.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        p.add_argument("--top", type=int, default=15, help="bars per chart (default: 15)")
        p.add_argument("--salt", default=None,
                       help=f"fixed salt for stable pseudonyms (default: ${SALT_ENV} or random "
                            "per run); keep it secret")
        return p

    demo = common(sub.add_parser("demo", help="offline demo on synthetic friends"))
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    demo.add_argument("-n", "--friends", type=int, default=300, help="number of friends")

    analyze = common(sub.add_parser("analyze", help="analyse a friends .csv or a contacts .vcf"))
    analyze.add_argument("path", help="itchat-schema CSV or vCard file")
    analyze.add_argument("--format", choices=["auto", "csv", "vcf"], default="auto",
                         help="file format (default: by extension)")
    analyze.add_argument("--encoding", default=None,
                         help="text encoding (default: detect UTF-8 / UTF-16 / GBK)")

    gen = sub.add_parser("generate", help="write synthetic friends.csv and contacts.vcf")
    gen.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    gen.add_argument("-n", "--friends", type=int, default=300, help="number of friends")
    return parser


def _anonymizer(args):
    from .anonymize import Anonymizer

    salt = args.salt or os.environ.get(SALT_ENV) or None
    return Anonymizer(salt=salt, prefix="好友" if args.lang == "zh" else "friend")


def _run(friends, args, source: str) -> int:
    from .analysis import prepare
    from .report import make_report

    start = time.perf_counter()
    anonymizer = _anonymizer(args)
    result = make_report(prepare(friends), args.out, lang=args.lang, anonymizer=anonymizer,
                         top=args.top, source=source)
    s = result["summary"]
    ratio = s["male_per_female"] if s["male_per_female"] is not None else "-"
    say(f"好友 {s['friends']} 人：男 {s['male']}，女 {s['female']}，未知 {s['unknown_sex']}"
        f"（男/女 = {ratio}）；{s['provinces']} 个省级地区，地区空白 {s['unknown_place']} 人，"
        f"海外/其他 {s['other_place']} 人",
        f"{s['friends']} friends: {s['male']} male, {s['female']} female, "
        f"{s['unknown_sex']} unknown (male/female = {ratio}); {s['provinces']} provinces, "
        f"{s['unknown_place']} without region, {s['other_place']} abroad/other")
    provinces = result["tables"]["provinces"].head(5)
    counts = provinces["friends"].tolist()
    keywords = result["tables"]["keywords"].head(8)
    say("人数最多的省份：" + "、".join(
            f"{p}({n})" for p, n in zip(provinces["province"], counts, strict=True)),
        "top provinces: " + ", ".join(
            f"{p} ({n})" for p, n in zip(provinces["province_en"], counts, strict=True)))
    say("签名关键词：" + "、".join(keywords["word"]),
        "signature keywords: " + ", ".join(keywords["word"]))
    if anonymizer.random_salt:
        say("名字已替换为化名（本次随机盐，不保存）。",
            "names replaced by pseudonyms (random salt for this run, not stored).")
    say(f"已写入 {len(result['files'])} 个文件到 {args.out}/，打开 {Path(args.out) / 'report.html'}"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {len(result['files'])} files to {args.out}/; open "
        f"{Path(args.out) / 'report.html'} ({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_demo(args) -> int:
    from .synth import generate_friends

    friends = generate_friends(n=args.friends, seed=args.seed)
    say(f"合成好友 {len(friends)} 人（种子 {args.seed}，全部虚构）",
        f"{len(friends)} synthetic friends (seed {args.seed}, all invented)")
    return _run(friends, args, source="synthetic / 合成数据")


def cmd_analyze(args) -> int:
    from .sources import read_friends_csv
    from .vcard import read_vcf

    path = Path(args.path)
    kind = args.format
    if kind == "auto":
        kind = "vcf" if path.suffix.lower() in (".vcf", ".vcard") else "csv"
    reader = read_vcf if kind == "vcf" else read_friends_csv
    friends = reader(path, encoding=args.encoding)
    say(f"读取 {path}：{len(friends)} 人", f"read {path}: {len(friends)} contacts")
    # The report names only the kind of source: a file name may contain a person's name.
    return _run(friends, args, source="vCard" if kind == "vcf" else "CSV")


def cmd_generate(args) -> int:
    from .synth import write_sample

    for path in write_sample(args.out, seed=args.seed, n=args.friends):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {"demo": cmd_demo, "analyze": cmd_analyze, "generate": cmd_generate}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .sources import DataFormatError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, DataFormatError, UnicodeDecodeError, LookupError) as exc:
        return fail(str(exc))
