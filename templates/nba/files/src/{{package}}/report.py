"""Tables and figures: standings, Elo ratings, model scores and calibration.

Figures are drawn with ``matplotlib.figure.Figure`` directly (not ``pyplot``):
saving to PNG then uses the non-interactive Agg renderer, needs no window and
works the same on a laptop, a server and in CI.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .elo import CLASSIC, EloConfig
from .features import elo_history
from .fonts import setup_cjk
from .teams import load_teams

TEXT = {
    "zh": {
        "elo_title": "赛季末 Elo 等级分",
        "elo": "Elo 等级分",
        "East": "东部",
        "West": "西部",
        "history_title": "Elo 等级分的变化（前三名与后三名）",
        "date": "日期",
        "calibration_title": "预测概率 vs 实际主队胜率（10 折交叉验证）",
        "predicted": "预测的主队获胜概率",
        "observed": "实际主队胜率",
        "perfect": "完美校准",
        "model": "逻辑回归（Elo + 近况）",
        "baseline": "基线：主队必胜",
        "cv_title": "10 折交叉验证准确率",
        "accuracy": "准确率",
    },
    "en": {
        "elo_title": "Elo ratings at the end",
        "elo": "Elo rating",
        "East": "East",
        "West": "West",
        "history_title": "Elo over the season (top 3 and bottom 3)",
        "date": "Date",
        "calibration_title": "Predicted vs observed home wins (10-fold CV)",
        "predicted": "Predicted home-win probability",
        "observed": "Observed home-win share",
        "perfect": "perfect calibration",
        "model": "logistic regression (Elo + form)",
        "baseline": "baseline: home team wins",
        "cv_title": "10-fold cross-validation accuracy",
        "accuracy": "Accuracy",
    },
}


def labels(lang: str) -> tuple[dict[str, str], bool]:
    """(texts, chinese?) - Chinese only when a CJK font is available."""
    if lang == "zh" and setup_cjk():
        return TEXT["zh"], True
    return TEXT["en"], False


def standings(games: pd.DataFrame, config: EloConfig = CLASSIC) -> pd.DataFrame:
    """Wins, losses and final Elo of every team, by conference (best first).

    With several seasons, wins and losses are those of the last one.
    """
    teams = load_teams().set_index("abbreviation")
    history = elo_history(games, config)
    if "season" in games.columns:
        games = games[games["season"] == games["season"].iloc[-1]]
    home_won = games["home_pts"] > games["visitor_pts"]
    winners = pd.concat([games.loc[home_won, "home"], games.loc[~home_won, "visitor"]])
    losers = pd.concat([games.loc[home_won, "visitor"], games.loc[~home_won, "home"]])
    final_elo = history.groupby("team")["elo"].last()
    table = pd.DataFrame({"team": teams.index})
    table["name"] = table["team"].map(teams["full_name"])
    table["conference"] = table["team"].map(teams["conference"])
    table["division"] = table["team"].map(teams["division"])
    table["wins"] = table["team"].map(winners.value_counts()).fillna(0).astype("int64")
    table["losses"] = table["team"].map(losers.value_counts()).fillna(0).astype("int64")
    played = (table["wins"] + table["losses"]).replace(0, np.nan)
    table["win_pct"] = (table["wins"] / played).round(3).fillna(0.0)
    table["elo"] = table["team"].map(final_elo).fillna(config.base).astype("int64")
    table = table.sort_values(["conference", "win_pct", "elo"], ascending=[True, False, False])
    return table.reset_index(drop=True)


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def _team_label(team: str, chinese: bool, names_zh: dict[str, str]) -> str:
    return names_zh.get(team, team) if chinese else team


def plot_elo(table: pd.DataFrame, path: Path, text: dict, chinese: bool,
             base: int = CLASSIC.base) -> Path:
    names_zh = load_teams().set_index("abbreviation")["name_zh"].to_dict()
    ordered = table.sort_values("elo")
    fig = Figure(figsize=(7, 8))
    ax = fig.add_subplot()
    colors = {"East": "tab:blue", "West": "tab:red"}
    ax.barh([_team_label(t, chinese, names_zh) for t in ordered["team"]],
            ordered["elo"] - base, left=base,
            color=[colors.get(c, "grey") for c in ordered["conference"]])
    for conference, color in colors.items():
        ax.bar([0], [0], color=color, label=text[conference])   # legend entries only
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_xlim(ordered["elo"].min() - 30, ordered["elo"].max() + 30)
    ax.set_xlabel(text["elo"])
    ax.set_title(text["elo_title"])
    ax.legend(loc="lower right")
    return _save(fig, path)


def plot_history(history: pd.DataFrame, table: pd.DataFrame, path: Path, text: dict,
                 chinese: bool) -> Path:
    names_zh = load_teams().set_index("abbreviation")["name_zh"].to_dict()
    ranked = table.sort_values("elo", ascending=False)["team"].tolist()
    chosen = ranked[:3] + ranked[-3:]
    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot()
    for team in chosen:
        part = history[history["team"] == team]
        ax.plot(pd.to_datetime(part["date"]), part["elo"],
                label=_team_label(team, chinese, names_zh))
    ax.set_xlabel(text["date"])
    ax.set_ylabel(text["elo"])
    ax.set_title(text["history_title"])
    ax.legend(ncol=2, fontsize=8)
    fig.autofmt_xdate()
    return _save(fig, path)


def calibration_table(y, p, bins: int = 10) -> pd.DataFrame:
    """Games, mean predicted and observed home-win share per probability bin."""
    frame = pd.DataFrame({"y": np.asarray(y), "p": np.asarray(p)})
    frame["bin"] = np.minimum((frame["p"] * bins).astype(int), bins - 1)
    grouped = frame.groupby("bin")
    return pd.DataFrame({
        "games": grouped.size(),
        "predicted": grouped["p"].mean(),
        "observed": grouped["y"].mean(),
    }).reset_index()


def plot_calibration(y, p, path: Path, text: dict) -> Path:
    table = calibration_table(y, p)
    table = table[table["games"] >= 5]          # a bin of 2 games says nothing
    fig = Figure(figsize=(5.5, 5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label=text["perfect"])
    ax.scatter(table["predicted"], table["observed"], s=12 + table["games"] / 2,
               label=text["model"])
    share = float(np.mean(y))
    ax.scatter([share], [share], marker="x", color="black", s=60, label=text["baseline"])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(text["predicted"])
    ax.set_ylabel(text["observed"])
    ax.set_title(text["calibration_title"], fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    return _save(fig, path)


def plot_cv(cv: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(7, 4))
    ax = fig.add_subplot()
    names = [f"{m}\n{f}\n{e}" if f != "-" else m
             for m, f, e in zip(cv["model"], cv["features"], cv["elo"], strict=True)]
    ax.bar(names, cv["mean_accuracy"], yerr=cv["std_accuracy"], capsize=4)
    low = float(cv["mean_accuracy"].min())
    ax.set_ylim(max(0.0, low - 0.1), min(1.0, float(cv["mean_accuracy"].max()) + 0.1))
    ax.set_ylabel(text["accuracy"])
    ax.set_title(text["cv_title"])
    ax.tick_params(axis="x", labelsize=8)
    return _save(fig, path)


def make_report(games: pd.DataFrame, out_dir: str | Path, lang: str = "zh",
                cv: pd.DataFrame | None = None, oof=None) -> list[Path]:
    """Write standings.csv and the figures; return the written paths.

    ``cv`` is the table of :func:`model.compare_models`; ``oof`` its out-of-fold
    probabilities (same order as ``games``) for the calibration plot.
    """
    out_dir = Path(out_dir)
    figs = out_dir / "figs"
    text, chinese = labels(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = standings(games)
    standings_path = out_dir / "standings.csv"
    table.to_csv(standings_path, index=False, lineterminator="\n")
    history = elo_history(games)
    written = [
        standings_path,
        plot_elo(table, figs / "elo_ratings.png", text, chinese),
        plot_history(history, table, figs / "elo_history.png", text, chinese),
    ]
    if oof is not None:
        y = (games["home_pts"] > games["visitor_pts"]).astype(int).to_numpy()
        written.append(plot_calibration(y, oof, figs / "calibration.png", text))
    if cv is not None:
        written.append(plot_cv(cv, figs / "cv_scores.png", text))
    return written
