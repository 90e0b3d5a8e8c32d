"""Command line interface.

    demo      build the text digits -> KNN -> error rate, confusion matrix, k sweep
    prepare   write trainingDigits/ and testDigits/ (32x32 text files)
    evaluate  KNN on a folder with trainingDigits/ and testDigits/
    predict   recognise your own PNG pictures (or 32x32 text files)

Heavy libraries (scikit-learn, matplotlib, Pillow) are imported inside the
commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 777  # keep in sync with data.DEFAULT_SEED (not imported: it pulls in numpy)
TRAIN_DIR, TEST_DIR = "trainingDigits", "testDigits"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Handwritten digit recognition with KNN / K-近邻手写数字识别",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p, out=None, k=False, data=None):
        # --lang also after the command name; SUPPRESS keeps the top-level value.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        if out:
            p.add_argument("--out", default=out, help=f"output folder (default: {out})")
        if data:
            p.add_argument("--data", default=data,
                           help=f"folder with {TRAIN_DIR}/ and {TEST_DIR}/ (default: {data})")
        if k:
            p.add_argument("--k", type=int, default=3, help="number of neighbours (default: 3)")
            p.add_argument("--weights", choices=["uniform", "distance"], default="uniform",
                           help="voting: one vote each, or 1/distance (stretch exercise)")
        return p

    demo = common(sub.add_parser("demo", help="offline demo on the bundled digits"),
                  out="outputs", k=True)
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="train/test split seed")
    demo.add_argument("--source", choices=["bundled", "fonts"], default="bundled",
                      help="bundled: scikit-learn's digits; fonts: stroke-like font digits, "
                           "tested on font families never used in training")

    prep = common(sub.add_parser("prepare", help="write the 32x32 text digits"), out="data/raw")
    prep.add_argument("--seed", type=int, default=DEFAULT_SEED, help="train/test split seed")
    prep.add_argument("--per-digit-train", type=int, default=None,
                      help="keep only the first N training files of each digit")
    prep.add_argument("--per-digit-test", type=int, default=None,
                      help="keep only the first N test files of each digit")
    prep.add_argument("--source", choices=["bundled", "fonts"], default="bundled",
                      help="bundled: scikit-learn's digits; fonts: font digits "
                           "(200 + 50 per digit unless --per-digit-* says otherwise)")

    common(sub.add_parser("evaluate", help="error rate and figures for a digits folder"),
           out="outputs", k=True, data="data/raw")

    pred = common(sub.add_parser("predict", help="recognise PNG pictures or text digits"),
                  k=True)
    pred.add_argument("images", nargs="+", help="PNG/JPG pictures of one digit, or .txt digits")
    pred.add_argument("--data", default=None,
                      help=f"training folder with {TRAIN_DIR}/ (default: built-in digits, "
                           "see --train-on)")
    pred.add_argument("--train-on", choices=["bundled", "fonts", "both"], default="both",
                      help="built-in training digits: scikit-learn's, font digits, or both "
                           "(default: both)")
    pred.add_argument("--show", action="store_true", help="print each 32x32 bitmap")
    return parser


def _report(X_train, y_train, X_test, y_test, args, out: Path) -> float:
    from .evaluate import (
        confusion_matrix,
        error_rate,
        k_sweep,
        plot_confusion,
        plot_k_sweep,
        write_confusion_csv,
        write_rows_csv,
    )
    from .knn import KNNClassifier

    out.mkdir(parents=True, exist_ok=True)
    model = KNNClassifier(k=args.k, weights=args.weights).fit(X_train, y_train)
    pred = model.predict(X_test)
    err = error_rate(y_test, pred)
    counts = confusion_matrix(y_test, pred)
    write_confusion_csv(counts, out / "confusion_matrix.csv")
    plot_confusion(counts, args.k, err, out / "confusion_matrix.png", lang=args.lang)
    rows = k_sweep(X_train, y_train, X_test, y_test, weights=args.weights)
    write_rows_csv(rows, out / "k_sweep.csv")
    plot_k_sweep(rows, out / "k_sweep.png", lang=args.lang)
    wrong = [i for i in range(len(pred)) if pred[i] != y_test[i]]
    say(f"k={args.k}：测试 {len(y_test)} 个数字，错了 {len(wrong)} 个，错误率 {err:.2%}",
        f"k={args.k}: {len(y_test)} test digits, {len(wrong)} wrong, error rate {err:.2%}")
    best = min(rows, key=lambda r: (r["error_rate"], r["k"]))
    say(f"k 值扫描：k={best['k']} 时错误率最低（{best['error_rate']:.2%}）",
        f"k sweep: the lowest error rate is {best['error_rate']:.2%} at k={best['k']}")
    return err


def cmd_demo(args) -> int:
    from .bitmaps import load_dir
    from .data import write_dataset

    start = time.perf_counter()
    out = Path(args.out)
    digits = out / "digits"
    counts = write_dataset(digits, seed=args.seed, source=args.source)
    if args.source == "fonts":
        zh_source = "字体绘制的数字（测试集用训练中没有的字体）"
        en_source = "font digits (test files in font families never used in training)"
    else:
        zh_source, en_source = "scikit-learn 自带的手写数字", "scikit-learn's bundled digits"
    say(f"已从{zh_source}生成文本文件：{digits}/{TRAIN_DIR} "
        f"{counts[TRAIN_DIR]} 个，{digits}/{TEST_DIR} {counts[TEST_DIR]} 个",
        f"wrote the text digits from {en_source}: "
        f"{counts[TRAIN_DIR]} in {digits}/{TRAIN_DIR}, {counts[TEST_DIR]} in {digits}/{TEST_DIR}")
    X_train, y_train, _ = load_dir(digits / TRAIN_DIR)
    X_test, y_test, _ = load_dir(digits / TEST_DIR)
    _report(X_train, y_train, X_test, y_test, args, out)
    say(f"已写入 {out}/confusion_matrix.csv/.png 和 {out}/k_sweep.csv/.png"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {out}/confusion_matrix.csv/.png and {out}/k_sweep.csv/.png "
        f"({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_prepare(args) -> int:
    from .data import write_dataset

    counts = write_dataset(args.out, seed=args.seed, per_digit_train=args.per_digit_train,
                           per_digit_test=args.per_digit_test, source=args.source)
    for name, n in counts.items():
        say(f"已写入 {Path(args.out) / name}：{n} 个文件",
            f"wrote {Path(args.out) / name}: {n} files")
    return 0


def cmd_evaluate(args) -> int:
    from .bitmaps import load_dir

    data = Path(args.data)
    X_train, y_train, _ = load_dir(data / TRAIN_DIR)
    X_test, y_test, _ = load_dir(data / TEST_DIR)
    _report(X_train, y_train, X_test, y_test, args, Path(args.out))
    return 0


def cmd_predict(args) -> int:
    from .bitmaps import SIZE, img2vector, load_dir, png_to_vector
    from .knn import KNNClassifier

    if args.data:
        X_train, y_train, _ = load_dir(Path(args.data) / TRAIN_DIR)
    else:
        from .data import training_set

        X_train, y_train = training_set(args.train_on)
    model = KNNClassifier(k=args.k, weights=args.weights).fit(X_train, y_train)
    for name in args.images:
        path = Path(name)
        vector = img2vector(path) if path.suffix.lower() == ".txt" else png_to_vector(path)
        digit = int(model.predict(vector)[0])
        if args.show:
            for row in vector.reshape(SIZE, SIZE):
                print("".join("#" if v else "." for v in row))
        say(f"{path}：识别为 {digit}", f"{path}: recognised as {digit}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "prepare": cmd_prepare,
    "evaluate": cmd_evaluate,
    "predict": cmd_predict,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .bitmaps import DigitFormatError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, DigitFormatError, ValueError, OSError) as exc:
        hint = ""
        if isinstance(exc, FileNotFoundError) and args.command == "evaluate":
            if args.lang == "zh":
                hint = "（还没有数据？先运行 prepare 命令，或用 --data data/sample）"
            else:
                hint = " (no data yet? run the prepare command first, or use --data data/sample)"
        return fail(f"{exc}{hint}")
