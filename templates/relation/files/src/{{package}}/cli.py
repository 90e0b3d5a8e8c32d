"""Command line interface.

    demo      synthetic script -> relation network -> outputs/ (offline)
    extract   your own script/novel + names file -> outputs/
    generate  write the synthetic script, names file and answers (data/sample/)

jieba, networkx and matplotlib are imported inside the commands, so ``--help``
answers instantly.
"""

from __future__ import annotations

import argparse
import time

from . import DEFAULT_LANG, DEFAULT_UNIT
from .i18n import fail, say, set_lang

# Kept in sync with graph.py / synth.py by a test (not imported: that pulls in networkx).
DEFAULT_MIN_WEIGHT = 3
DEFAULT_SEED = 2024
DEFAULT_SCRIPT_SEED = 1935
UNITS = ["paragraph", "sentence"]


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Character relations in a Chinese script / 电影人物关系提取",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        # --lang also after the command name ("demo --lang en"); SUPPRESS keeps the
        # top-level value when it is not given here.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        p.add_argument("--unit", choices=UNITS, default=DEFAULT_UNIT,
                       help=f"co-occurrence window (default: {DEFAULT_UNIT})")
        p.add_argument("--min-weight", type=positive_int, default=DEFAULT_MIN_WEIGHT,
                       help="drop pairs seen together fewer times than this "
                            f"(default: {DEFAULT_MIN_WEIGHT})")
        p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                       help="seed of Louvain and of the layout")
        p.add_argument("--resolution", type=float, default=1.0,
                       help="Louvain resolution: >1 more, smaller communities")
        return p

    common(sub.add_parser("demo", help="offline demo on the synthetic script"))

    ext = common(sub.add_parser("extract", help="analyse your own script or novel"))
    ext.add_argument("--text", required=True, help="the script or novel (.txt)")
    ext.add_argument("--names", required=True,
                     help="names file: one character per line, full name then aliases")
    ext.add_argument("--encoding", default=None,
                     help="encoding of --text, e.g. gb18030 or big5 (default: detect)")
    ext.add_argument("--names-encoding", default=None,
                     help="encoding of --names (default: detect)")
    ext.add_argument("--keep-lines", action="store_true",
                     help="do not join the lines of a hard-wrapped text (default: join them)")

    gen = sub.add_parser("generate", help="write the synthetic script, names and answers")
    gen.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SCRIPT_SEED, help="random seed")
    gen.add_argument("--scenes", type=positive_int, default=180, help="number of scenes")
    return parser


def _summary(analysis) -> None:
    cooc = analysis.cooc
    unit_zh = {"paragraph": "段落", "sentence": "句子"}[analysis.unit]
    say(f"共 {cooc.n_units} 个{unit_zh}，找到 {len(cooc.mentions)} 个人物、"
        f"{len(cooc.pairs)} 对共现关系；权重 ≥ {analysis.min_weight} 的保留 "
        f"{analysis.graph.number_of_edges()} 条边、{analysis.graph.number_of_nodes()} 个人物。",
        f"{cooc.n_units} {analysis.unit}s, {len(cooc.mentions)} characters found, "
        f"{len(cooc.pairs)} co-occurring pairs; {analysis.graph.number_of_edges()} edges and "
        f"{analysis.graph.number_of_nodes()} characters have weight >= {analysis.min_weight}.")
    if analysis.graph.number_of_nodes() == 0:
        say("提示：没有关系达到阈值，试试更小的 --min-weight 或 --unit paragraph。",
            "hint: no pair reaches the threshold; try a smaller --min-weight or "
            "--unit paragraph.")
        return
    pairs = sorted(cooc.pairs.items(), key=lambda item: (-item[1], item[0]))[:5]
    say("共现最多的人物对：", "most frequent pairs:")
    for (a, b), weight in pairs:
        print(f"  {a} - {b}: {weight}")
    say("核心人物（按加权度）：", "central characters (by weighted degree):")
    for row in analysis.table[:5]:
        print(f"  {row.name}: strength={row.strength} degree={row.degree} "
              f"betweenness={row.betweenness:.3f}")
    say(f"Louvain 社区（模块度 {analysis.modularity:.3f}）：",
        f"Louvain communities (modularity {analysis.modularity:.3f}):")
    for i, group in enumerate(analysis.communities):
        print(f"  {i}: {'、'.join(group)}")
    if analysis.talks is None:
        say("进阶练习 speech.talk_counts 还没完成，跳过“谁对谁说话”。",
            "stretch exercise speech.talk_counts is not done yet; skipping who-talks-to-whom.")
    elif analysis.talks:
        from .speech import top_talks

        say("说话最多（甲 → 乙）：", "who talks to whom most (A -> B):")
        for a, b, times in top_talks(analysis.talks, 3):
            print(f"  {a} → {b}: {times}")


def _finish(analysis, args, start: float) -> None:
    from .export import write_all

    paths = write_all(analysis, args.out, args.lang)
    seconds = time.perf_counter() - start
    say(f"已写入 {len(paths)} 个文件到 {args.out}/（{seconds:.1f} 秒）",
        f"wrote {len(paths)} files to {args.out}/ ({seconds:.1f} s)")


def cmd_demo(args) -> int:
    from .pipeline import analyze
    from .synth import generate_script

    start = time.perf_counter()
    script = generate_script()
    say(f"合成剧本《雾港》：{len(script.text)} 字，{len(script.names.names)} 个虚构人物，"
        f"三个阵营（答案见 data/sample/truth.json）",
        f"synthetic script: {len(script.text)} characters of text, "
        f"{len(script.names.names)} invented characters in three factions "
        "(answers in data/sample/truth.json)")
    analysis = analyze(script.text, script.names, unit=args.unit, min_weight=args.min_weight,
                       seed=args.seed, resolution=args.resolution)
    _summary(analysis)

    truth = sorted(sorted(group) for group in script.truth["factions"].values())
    found = sorted(sorted(group) for group in analysis.communities)
    if found == truth:
        say("✓ 找到的社区与预设的三个阵营完全一致。",
            "OK: the communities are exactly the three factions the script was written with.")
    else:
        say("✗ 找到的社区与预设阵营不一致（试试改变 --min-weight 或 --resolution）。",
            "the communities differ from the factions (try another --min-weight or "
            "--resolution).")
    _finish(analysis, args, start)
    return 0


def _join_hard_wrapped(text: str, keep_lines: bool) -> str:
    """Join a hard-wrapped text (see textio.unwrap_lines) and say so, or warn."""
    from .textio import unwrap_lines

    joined, wrap = unwrap_lines(text)
    if wrap is None:
        return text
    chars = wrap.width // 2
    if keep_lines:
        say(f"警告：文本看起来是硬换行的（{wrap.full_lines} 行都约 {chars} 个汉字宽，"
            "在句子中间断开）。按行统计会漏掉被行尾切开的人名；去掉 --keep-lines 就会先接行。",
            f"warning: the text looks hard-wrapped ({wrap.full_lines} lines about {chars} "
            "Chinese characters wide, cut in mid-sentence). Counted line by line, names cut "
            "at a line end are missed; drop --keep-lines to join the lines first.")
        return text
    say(f"提示：文本是硬换行的（{wrap.full_lines} 行都约 {chars} 个汉字宽，在句子中间断开），"
        f"已把 {wrap.lines_before} 行接成 {wrap.lines_after} 个段落，被行尾切开的人名也能找到了。"
        "不想接行请用 --keep-lines。",
        f"note: the text is hard-wrapped ({wrap.full_lines} lines about {chars} Chinese "
        f"characters wide, cut in mid-sentence); joined {wrap.lines_before} lines into "
        f"{wrap.lines_after} paragraphs, so names cut at a line end are found. Use "
        "--keep-lines to keep the lines as they are.")
    return joined


def cmd_extract(args) -> int:
    from .names import load_names
    from .pipeline import analyze
    from .textio import read_text

    start = time.perf_counter()
    text, encoding = read_text(args.text, args.encoding)
    how = ("指定" if args.lang == "zh" else "given") if args.encoding else (
        "自动检测" if args.lang == "zh" else "detected")
    say(f"读入 {args.text}：{len(text)} 字，编码 {encoding}（{how}）",
        f"read {args.text}: {len(text)} characters, encoding {encoding} ({how})")
    text = _join_hard_wrapped(text, args.keep_lines)
    names = load_names(args.names, args.names_encoding)
    analysis = analyze(text, names, unit=args.unit, min_weight=args.min_weight,
                       seed=args.seed, resolution=args.resolution)
    missing = [n for n in names.names if n not in analysis.cooc.mentions]
    if missing:
        say(f"提示：这些人物在文本中一次也没出现：{'、'.join(missing)}",
            f"note: never found in the text: {', '.join(missing)}")
    _summary(analysis)
    _finish(analysis, args, start)
    return 0


def cmd_generate(args) -> int:
    from .synth import write_sample

    for path in write_sample(args.out, seed=args.seed, scenes=args.scenes):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {"demo": cmd_demo, "extract": cmd_extract, "generate": cmd_generate}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .names import NameListError
    from .textio import EncodingError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, IsADirectoryError, EncodingError, NameListError) as exc:
        return fail(str(exc))
