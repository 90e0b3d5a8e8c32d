"""Command line interface.

    demo      synthetic season -> Elo + features -> 10-fold CV -> predictions + figures
    generate  write a synthetic games.csv (played part) and schedule.csv (the rest)
    train     10-fold cross-validation and figures for your own results file(s)
    predict   win probabilities for a schedule -> predictions.csv
    teams     list the 30 teams by conference and division

Heavy libraries (pandas, scikit-learn, matplotlib) are imported inside the
commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 2016  # keep in sync with synth.DEFAULT_SEED (not imported: it pulls in pandas)
SAMPLE_GAMES = "data/sample/games.csv"
# Below this many played games the models do not reliably beat "the home team always
# wins". Measured on 12 synthetic seasons (first N games to learn, the next 300 to test):
# N = 55: the model beat the baseline in 5 of 12 seasons and called 36 % of the games
# against the Elo favourite; N = 150-200: 11 of 12; N = 300 and more: 12 of 12.
MIN_GAMES = 300


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1, e.g. 0.8")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="NBA game prediction with Elo and logistic regression / NBA 比赛预测",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p, out="outputs", seed=True):
        # --lang also after the command name ("demo --lang en"); SUPPRESS keeps the
        # top-level value when it is not given here.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--out", default=out, help=f"output folder (default: {out})")
        if seed:
            p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                           help=f"random seed (default: {DEFAULT_SEED})")
        return p

    def season_options(p):
        p.add_argument("--format", dest="season_format", choices=["nba", "double"],
                       default="nba",
                       help="nba: 82 games per team (default); double: 58 (home and away "
                            "against everybody)")
        p.add_argument("--played-fraction", type=_fraction, default=0.8,
                       help="share of the season already played (default: 0.8)")

    season_options(common(sub.add_parser("demo", help="offline demo on a synthetic season")))
    season_options(common(sub.add_parser("generate", help="write synthetic games.csv and "
                                         "schedule.csv"), out="data/sample"))

    train = common(sub.add_parser("train", help="cross-validate on your results file(s)"))
    train.add_argument("--games", nargs="+", default=[SAMPLE_GAMES], metavar="FILE",
                       help="results: tidy CSV or Basketball-Reference export; several "
                            f"files = several seasons, oldest first (default: {SAMPLE_GAMES})")

    pred = common(sub.add_parser("predict", help="win probabilities for a schedule"),
                  seed=False)
    pred.add_argument("schedule", nargs="?", default=None,
                      help="schedule CSV (date,visitor,home) or Basketball-Reference export; "
                           "default: the unplayed rows of the last --games file")
    pred.add_argument("--games", nargs="+", default=[SAMPLE_GAMES], metavar="FILE",
                      help=f"results to learn from (default: {SAMPLE_GAMES})")
    pred.add_argument("--features", choices=["elo", "elo_form"], default="elo_form",
                      help="feature set of the model (default: elo_form)")

    teams = sub.add_parser("teams", help="list the 30 teams")
    teams.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    return parser


def _warn_if_few_games(n_games: int) -> None:
    """Warn when there are too few results for the models to learn from (MIN_GAMES)."""
    if n_games >= MIN_GAMES:
        return
    say(f"警告：只有 {n_games} 场比赛结果。少于 {MIN_GAMES} 场（每队约 20 场）时，"
        "Elo 评分还没拉开，模型常常连“主队必胜”都比不过，预测甚至会和评分相反；请多给一些比赛"
        "（整个赛季，或用 --games 加上前几个赛季）。",
        f"warning: only {n_games} games. With fewer than {MIN_GAMES} (about 20 per team) the "
        "Elo ratings have hardly separated, the models often do not beat \"the home team always "
        "wins\", and predictions can contradict the ratings; give more games (a whole season, "
        "or earlier seasons with --games).")


def _print_cv(cv) -> None:
    say("10 折交叉验证（准确率越高越好，对数损失越低越好）：",
        "10-fold cross-validation (accuracy: higher is better, log loss: lower is better):")
    columns = ["model", "features", "elo", "mean_accuracy", "mean_log_loss"]
    print(cv[columns].to_string(index=False))
    baseline, models = cv.iloc[0], cv.iloc[1:]
    if not (models["mean_log_loss"] < baseline["mean_log_loss"]).any():
        say("警告：没有一个模型的对数损失比“主队必胜”低——这些数据还不够模型学到东西。",
            "warning: no model beats the baseline (\"home team always wins\") on log loss: "
            "these games are not enough for the models to learn anything.")
    if len(cv) < 4:
        say("（进阶练习 elo.mov_multiplier 完成后，表中会多出一行改进版 Elo。）",
            "(once the stretch exercise elo.mov_multiplier is done, an improved Elo row appears)")


def _evaluate(games, args, out: Path):
    from .games import write_csv
    from .model import compare_models
    from .report import make_report

    cv, per_fold, oof = compare_models(games, seed=args.seed)
    write_csv(cv, out / "cv_scores.csv")
    write_csv(per_fold, out / "cv_folds.csv")
    _print_cv(cv)
    return cv, make_report(games, out, lang=args.lang, cv=cv, oof=oof)


def cmd_demo(args) -> int:
    import numpy as np
    from sklearn.metrics import log_loss

    from .games import write_csv
    from .predict import predict_schedule
    from .report import standings
    from .synth import simulate_season, split_season

    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    season = simulate_season(seed=args.seed, season_format=args.season_format)
    played, schedule, hidden = split_season(season.games, args.played_fraction)
    home_share = float((played["home_pts"] > played["visitor_pts"]).mean())
    overtime = int((played["overtime"] != "").sum())
    say(f"合成赛季（种子 {args.seed}）：30 支球队，共 {len(season.games)} 场；已赛 {len(played)} 场"
        f"（主队胜率 {home_share:.3f}，加时 {overtime} 场），待预测 {len(schedule)} 场",
        f"synthetic season (seed {args.seed}): 30 teams, {len(season.games)} games; "
        f"{len(played)} played (home teams won {home_share:.3f}, {overtime} overtime), "
        f"{len(schedule)} to predict")

    _warn_if_few_games(len(played))
    cv, written = _evaluate(played, args, out)

    predictions = predict_schedule(played, schedule)
    write_csv(predictions, out / "predictions.csv")
    # A synthetic world knows the results of the remaining games: score ourselves.
    actual = (hidden["home_pts"] > hidden["visitor_pts"]).astype(int).to_numpy()
    p = predictions["home_win_prob"].to_numpy()
    model_acc = float(np.mean((p >= 0.5) == actual))
    base_acc = float(np.mean(actual == 1))
    model_ll = log_loss(actual, p, labels=[0, 1])
    base_ll = log_loss(actual, np.full(len(actual), home_share), labels=[0, 1])
    say(f"剩余 {len(actual)} 场的真实结果：模型准确率 {model_acc:.3f}（主队必胜 {base_acc:.3f}），"
        f"对数损失 {model_ll:.3f}（基线 {base_ll:.3f}）",
        f"on the {len(actual)} remaining games: model accuracy {model_acc:.3f} (home team "
        f"always wins {base_acc:.3f}), log loss {model_ll:.3f} (baseline {base_ll:.3f})")

    table = standings(played).set_index("team")
    corr = float(np.corrcoef(table.loc[season.final_strength.index, "elo"],
                             season.final_strength)[0, 1])
    say(f"Elo 与隐藏的真实实力的相关系数：{corr:.2f}",
        f"correlation of Elo with the hidden true strength: {corr:.2f}")
    say(f"已写入 {out / 'predictions.csv'}、{out / 'cv_scores.csv'} 等 {len(written) + 3} 个文件"
        f"（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {out / 'predictions.csv'}, {out / 'cv_scores.csv'} and {len(written) + 1} more "
        f"files ({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_generate(args) -> int:
    from .synth import write_sample

    paths = write_sample(args.out, seed=args.seed, season_format=args.season_format,
                         played_fraction=args.played_fraction)
    for path in paths:
        say(f"已写入 {path}", f"wrote {path}")
    return 0


def cmd_train(args) -> int:
    from .games import load_games

    games = load_games(*args.games)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    say(f"比赛结果：{len(games)} 场，{games['season'].nunique()} 个赛季",
        f"results: {len(games)} games, {games['season'].nunique()} season(s)")
    _warn_if_few_games(len(games))
    _, written = _evaluate(games, args, out)
    for path in written:
        say(f"已写入 {path}", f"wrote {path}")
    return 0


def cmd_predict(args) -> int:
    from .games import DataFormatError, is_bref_export, load_games, load_schedule, write_csv
    from .predict import predict_schedule

    games = load_games(*args.games)
    if args.schedule:
        schedule = load_schedule(args.schedule)
    elif is_bref_export(args.games[-1]):
        schedule = load_schedule(args.games[-1])      # its rows without scores
    else:
        schedule = None
    if schedule is None or schedule.empty:
        raise DataFormatError(
            "没有待预测的比赛：请给出赛程文件 / nothing to predict: give a schedule file, "
            "e.g. predict data/sample/schedule.csv")
    _warn_if_few_games(len(games))
    predictions = predict_schedule(games, schedule, feature_set=args.features)
    path = write_csv(predictions, Path(args.out) / "predictions.csv")
    print(predictions.head(10).to_string(index=False))
    say(f"已写入 {path}（{len(predictions)} 场）",
        f"wrote {path} ({len(predictions)} games)")
    return 0


def cmd_teams(args) -> int:
    from .teams import load_teams

    teams = load_teams()
    name = "name_zh" if args.lang == "zh" else "full_name"
    for (conference, division), group in teams.groupby(["conference", "division"], sort=False):
        entries = ", ".join(f"{a} {n}" for a, n in zip(group["abbreviation"], group[name],
                                                        strict=True))
        print(f"{conference:<5} {division:<10} {entries}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "train": cmd_train,
    "predict": cmd_predict,
    "teams": cmd_teams,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .games import DataFormatError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, DataFormatError) as exc:
        hint = ""
        if isinstance(exc, FileNotFoundError):
            if args.lang == "zh":
                hint = "（还没有数据？先运行 demo，或用 generate 生成 data/sample/）"
            else:
                hint = " (no data yet? run the demo, or write data/sample/ with generate)"
        return fail(f"{exc}{hint}")
