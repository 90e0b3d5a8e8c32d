"""Command line interface.

    list      the exercises, with how much of each prediction is filled in
    show N    an exercise's README and code (what to predict)
    run N     run an exercise's script and show its output
    check N   run it and compare the output with your prediction, line by line
    demo      run every exercise offline and write a report to outputs/
    generate  write the sample learner's predictions to data/sample/predictions/

N is a number (3 or 03), a folder name (03_reload) or a slug (reload).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DEFAULT_LANG, NOTES_LANG
from .course import (
    PREDICTION,
    SCRIPT,
    CourseError,
    Exercise,
    compare,
    find_root,
    fits,
    interpreter_name,
    is_filled,
    load_exercises,
    normalise,
    note_ref,
    prediction_text,
    read_prediction,
    run_exercise,
    select,
    write_samples,
)
from .i18n import fail, say, set_lang

PACKAGE = __name__.rpartition(".")[0]  # the import name of this package
REQUIRES_TEXT = {
    "cpython": ("CPython", "CPython"),
    "gil": ("带 GIL 的 CPython（默认构建）", "CPython with the GIL (the default build)"),
}


def shown(path: Path) -> str:
    """A path as the learner would type it: relative to the current folder if inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}",
        description="Predict, run, compare: a small course on imports, the GIL, "
                    "multiprocessing and memory / 先预测，再运行，再对照",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of the messages")
    parser.add_argument("--root", default=None,
                        help="the project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        # --lang also after the command name; SUPPRESS keeps the top-level value otherwise.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        return p

    add("list", "list the exercises")
    show = add("show", "print an exercise's README and code")
    show.add_argument("exercise", help="number, folder name or slug")
    show.add_argument("--no-code", action="store_true", help="only the README")
    run = add("run", "run an exercise's script and show its output")
    run.add_argument("exercise", help="number, folder name or slug")
    check = add("check", "compare your prediction with the script's real output")
    check.add_argument("exercise", help="number, folder name or slug")
    check.add_argument("--prediction", default=None,
                       help=f"prediction file (default: the exercise's {PREDICTION})")
    check.add_argument("-i", "--interactive", action="store_true",
                       help="type the prediction now (it is saved to the prediction file)")
    demo = add("demo", "run every exercise and write a report")
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    demo.add_argument("--only", nargs="+", default=None, metavar="N",
                      help="run only these exercises")
    demo.add_argument("--jobs", type=int, default=1, metavar="J",
                      help="run J scripts at a time (default: 1, one after another)")
    gen = add("generate", "write the sample learner's predictions")
    gen.add_argument("--out", default=None,
                     help="folder (default: data/sample/predictions in the project)")
    return parser


# --- list / show / run ----------------------------------------------------------------


def cmd_list(args, root: Path, exercises: list[Exercise]) -> int:
    lang = args.lang
    for ex in exercises:
        prediction = read_prediction(ex.path / PREDICTION)
        filled = sum(is_filled(prediction.get(label)) for label in ex.labels)
        extra = []
        if ex.stretch:
            extra.append("进阶" if lang == "zh" else "stretch")
        if not fits(ex.requires):
            extra.append(("需要 " if lang == "zh" else "needs ")
                         + REQUIRES_TEXT[ex.requires][lang != "zh"])
        tag = f" [{', '.join(extra)}]" if extra else ""
        state = (f"预测 {filled}/{len(ex.labels)}" if lang == "zh"
                 else f"predicted {filled}/{len(ex.labels)}")
        print(f"{ex.number:2d}  {ex.title_in(lang)}{tag}  ({ex.topic}; {state})")
    say(f"\n从 python -m {PACKAGE} show 1 开始。",
        f"\nStart with: python -m {PACKAGE} show 1")
    return 0


def code_files(ex: Exercise) -> list[Path]:
    """run.py first, then the helper modules it uses."""
    helpers = sorted(p for p in ex.path.glob("*.py") if p.name != SCRIPT)
    return [ex.path / SCRIPT, *helpers]


def cmd_show(args, root: Path, exercises: list[Exercise]) -> int:
    ex = select(exercises, args.exercise)
    readme = ex.path / "README.md"
    print(readme.read_text(encoding="utf-8").rstrip())
    if not args.no_code:
        for path in code_files(ex):
            print(f"\n----- {path.relative_to(root).as_posix()} -----")
            print(path.read_text(encoding="utf-8").rstrip())
    prediction = (ex.path / PREDICTION).relative_to(root).as_posix()
    say(f"\n下一步：在 {prediction} 里写下预测，再运行 python -m {PACKAGE} check {ex.number}",
        f"\nNext: write your prediction in {prediction}, then run "
        f"python -m {PACKAGE} check {ex.number}")
    return 0


def warn_if_not_fitting(ex: Exercise, lang: str) -> None:
    if fits(ex.requires):
        return
    needs = REQUIRES_TEXT[ex.requires][lang != "zh"]
    say(f"注意：这个练习描述的是 {needs}，而你正在用 {interpreter_name()}，"
        f"输出可能与笔记不同。",
        f"note: this exercise describes {needs}; you are running {interpreter_name()}, "
        f"so the output may differ from the notes.")


def cmd_run(args, root: Path, exercises: list[Exercise]) -> int:
    ex = select(exercises, args.exercise)
    warn_if_not_fitting(ex, args.lang)
    script = (ex.path / SCRIPT).relative_to(root).as_posix()
    print(f"$ python {script}    # {interpreter_name()}")
    result = run_exercise(ex)
    print(result.stdout.rstrip(), flush=True)
    if result.stderr.strip():
        print(result.stderr.rstrip(), file=sys.stderr, flush=True)
    if result.not_done:
        say("这个进阶练习还没完成：照 README 写好代码后再运行。",
            "This stretch exercise is not done yet: write the code its README asks for.")
        return 1
    if not result.ok:
        say(f"脚本以退出码 {result.returncode} 结束。",
            f"The script ended with exit code {result.returncode}.")
        return 1
    say(f"\n和你的预测对照：python -m {PACKAGE} check {ex.number}",
        f"\nCompare with your prediction: python -m {PACKAGE} check {ex.number}")
    return 0


# --- check ---------------------------------------------------------------------------


def ask_prediction(ex: Exercise, lang: str, old: dict[str, str]) -> dict[str, str]:
    say(f"练习 {ex.number:02d}：{ex.title_in(lang)}。每一行输入你预测的值"
        f"（直接回车表示跳过）。",
        f"Exercise {ex.number:02d}: {ex.title_in(lang)}. Type the value you expect on each "
        f"line (Enter skips it).")
    values = {}
    for label in ex.labels:
        try:
            answer = input(f"{label}: ").strip()
        except EOFError:
            break
        values[label] = answer if answer else old.get(label, "")
    return values


def cmd_check(args, root: Path, exercises: list[Exercise]) -> int:
    lang = args.lang
    ex = select(exercises, args.exercise)
    path = Path(args.prediction) if args.prediction else ex.path / PREDICTION
    prediction = read_prediction(path)
    filled = any(is_filled(prediction.get(label)) for label in ex.labels)

    if args.interactive or (not filled and sys.stdin.isatty()):
        prediction = ask_prediction(ex, lang, prediction)
        if not any(is_filled(prediction.get(label)) for label in ex.labels):
            # Every line skipped: the exercise was not attempted, so nothing is revealed.
            say("一行都没有预测，所以不运行、不揭晓答案。先想一想，再来检查。",
                "No line predicted, so nothing is run or revealed. Think it over, then check "
                "again.")
            return 1
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(prediction_text(ex, NOTES_LANG, PACKAGE, prediction))
        say(f"预测已保存到 {shown(path)}", f"prediction saved to {shown(path)}")
    elif not filled:
        say(f"{shown(path)} 里还没有预测：把每个 ? 换成你预测的值，"
            f"或者加 --interactive 直接输入。",
            f"{shown(path)} has no predictions yet: replace each ? with the value you expect, "
            f"or add --interactive to type them.")
        return 1

    warn_if_not_fitting(ex, lang)
    result = run_exercise(ex)
    if not result.ok:
        sys.stdout.flush()
        print(result.stderr.rstrip(), file=sys.stderr, flush=True)
        if result.not_done:
            say("这个进阶练习还没完成：照 README 写好代码后再检查。",
                "This stretch exercise is not done yet: write the code its README asks for.")
        else:
            say(f"脚本以退出码 {result.returncode} 结束，无法对照。",
                f"The script ended with exit code {result.returncode}; nothing to compare.")
        return 1

    verdicts = compare(prediction, result.answers)
    say(f"练习 {ex.number:02d}：{ex.title_in(lang)}（{interpreter_name()}）",
        f"Exercise {ex.number:02d}: {ex.title_in(lang)} ({interpreter_name()})")
    notes_missing = False
    for v in verdicts:
        if v.correct:
            print(f"  [ok] {v.label}: {v.actual}")
            continue
        if v.predicted is None:
            print(f"  [ ?] {v.label}: {v.actual}"
                  + ("    （没有预测）" if lang == "zh" else "    (not predicted)"))
        else:
            print(f"  [xx] {v.label}: {v.actual}"
                  + (f"    （你的预测：{v.predicted}）" if lang == "zh"
                     else f"    (you predicted: {v.predicted})"))
        line = ex.line(v.label)
        if line is None:
            continue
        why = line.why.get(lang) or line.why["en"]
        ref = note_ref(root, ex.sections[line.section], NOTES_LANG)
        notes_missing = notes_missing or not ref.exists
        say(f"       为什么：{why}", f"       why: {why}")
        say(f"       笔记：{ref.describe(root)}", f"       note: {ref.describe(root)}")
    for info in result.info:
        print(f"  {info}")
    known = {normalise(label) for label in ex.labels}
    unknown = [label for label in prediction if normalise(label) not in known]
    if unknown:
        say(f"  （预测文件里这些行没有对应的输出，已忽略：{'; '.join(unknown)}）",
            f"  (ignored prediction lines with no matching output: {'; '.join(unknown)})")
    right = sum(v.correct for v in verdicts)
    say(f"预测正确 {right}/{len(verdicts)}。", f"{right}/{len(verdicts)} predicted right.")
    if notes_missing:
        say(f"这个项目里没有 concepts/ 笔记；用 pystart explain {ex.topic} 可以读到。",
            f"This project has no concepts/ notes; pystart explain {ex.topic} prints them.")
    return 0 if right == len(verdicts) else 1


# --- demo / generate -------------------------------------------------------------------


def cmd_demo(args, root: Path, exercises: list[Exercise]) -> int:
    from .demo import run_demo

    if args.only:
        exercises = [select(exercises, key) for key in args.only]
    return run_demo(root, exercises, Path(args.out), args.lang, NOTES_LANG, PACKAGE,
                    jobs=args.jobs)


def cmd_generate(args, root: Path, exercises: list[Exercise]) -> int:
    out = Path(args.out) if args.out else root / "data" / "sample" / "predictions"
    for path in write_samples(exercises, out):
        say(f"已写入 {shown(path)}", f"wrote {shown(path)}")
    return 0


COMMANDS = {
    "list": cmd_list,
    "show": cmd_show,
    "run": cmd_run,
    "check": cmd_check,
    "demo": cmd_demo,
    "generate": cmd_generate,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    try:
        root = find_root(args.root)
        exercises = load_exercises(root)
        return COMMANDS[args.command](args, root, exercises)
    except CourseError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        print()
        return 130
