"""Tables and figures: who survived, and how well do the models do?

Figures are drawn with ``matplotlib.figure.Figure`` directly (not ``pyplot``):
saving to PNG then uses the non-interactive Agg renderer, needs no window and
works the same on a laptop, a server and in CI.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .features import add_features
from .fonts import setup_cjk

TEXT = {
    "zh": {
        "survival_rate": "生还率",
        "class_sex_title": "不同舱位与性别的生还率",
        "pclass": "舱位等级",
        "male": "男",
        "female": "女",
        "age_title": "年龄分布：生还 vs 遇难",
        "age": "年龄（岁）",
        "count": "人数",
        "survived": "生还",
        "died": "遇难",
        "by_title": "不同称谓的生还率",
        "by_family": "不同家庭规模的生还率",
        "cv_title": "5 折交叉验证准确率",
        "accuracy": "准确率",
        "baseline": "基线（全猜遇难）",
    },
    "en": {
        "survival_rate": "Survival rate",
        "class_sex_title": "Survival rate by class and sex",
        "pclass": "Ticket class",
        "male": "male",
        "female": "female",
        "age_title": "Age: survived vs died",
        "age": "Age (years)",
        "count": "Passengers",
        "survived": "survived",
        "died": "died",
        "by_title": "Survival rate by title",
        "by_family": "Survival rate by family size",
        "cv_title": "5-fold cross-validation accuracy",
        "accuracy": "Accuracy",
        "baseline": "baseline (always 'died')",
    },
}


def labels(lang: str) -> dict[str, str]:
    """Chinese labels only when a CJK font is available, otherwise English."""
    if lang == "zh" and setup_cjk():
        return TEXT["zh"]
    return TEXT["en"]


def survival_table(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Passengers, survivors and survival rate for each value of ``column``."""
    grouped = df.groupby(column, dropna=False)["Survived"]
    table = pd.DataFrame({
        "passengers": grouped.size(),
        "survived": grouped.sum(),
        "survival_rate": grouped.mean().round(3),
    })
    return table.reset_index()


def survival_rates(train: pd.DataFrame) -> pd.DataFrame:
    """One long table: survival rate by Sex, Pclass, FamilyBand and (if known) Title."""
    featured = add_features(train)
    parts = []
    for column in ["Sex", "Pclass", "FamilyBand", "Title"]:
        if column in featured.columns:
            table = survival_table(featured, column).rename(columns={column: "value"})
            table.insert(0, "group", column)
            table["value"] = table["value"].astype(str)
            parts.append(table)
    return pd.concat(parts, ignore_index=True)


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def plot_class_sex(train: pd.DataFrame, path: Path, text: dict) -> Path:
    rates = train.groupby(["Pclass", "Sex"])["Survived"].mean().unstack()
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    x = np.arange(len(rates.index))
    for offset, sex in [(-0.2, "female"), (0.2, "male")]:
        if sex in rates.columns:
            ax.bar(x + offset, rates[sex].to_numpy(), width=0.4, label=text[sex])
    ax.set_xticks(x, [str(c) for c in rates.index])
    ax.set_xlabel(text["pclass"])
    ax.set_ylabel(text["survival_rate"])
    ax.set_ylim(0, 1)
    ax.set_title(text["class_sex_title"])
    ax.legend()
    return _save(fig, path)


def plot_age(train: pd.DataFrame, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    bins = np.arange(0, 85, 5)
    for value, key in [(0, "died"), (1, "survived")]:
        ages = train.loc[train["Survived"] == value, "Age"].dropna()
        ax.hist(ages, bins=bins, alpha=0.6, label=text[key])
    ax.set_xlabel(text["age"])
    ax.set_ylabel(text["count"])
    ax.set_title(text["age_title"])
    ax.legend()
    return _save(fig, path)


def plot_rate_by(train: pd.DataFrame, column: str, title: str, path: Path, text: dict) -> Path:
    table = survival_table(add_features(train), column).sort_values("survival_rate")
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    ax.barh(table[column].astype(str), table["survival_rate"])
    pairs = zip(table["survival_rate"], table["passengers"], strict=True)
    for y, (rate, count) in enumerate(pairs):
        ax.text(rate + 0.01, y, f"{rate:.2f} (n={count})", va="center", fontsize=8)
    ax.set_xlim(0, 1.15)
    ax.set_xlabel(text["survival_rate"])
    ax.set_title(title)
    return _save(fig, path)


def plot_cv(cv: pd.DataFrame, baseline: float, path: Path, text: dict) -> Path:
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    names = [f"{m}\n{f}" for m, f in zip(cv["model"], cv["features"], strict=True)]
    ax.bar(names, cv["mean_accuracy"], yerr=cv["std_accuracy"], capsize=4)
    ax.axhline(baseline, color="grey", linestyle="--", label=text["baseline"])
    ax.set_ylim(max(0.0, baseline - 0.1), 1)
    ax.set_ylabel(text["accuracy"])
    ax.set_title(text["cv_title"])
    ax.legend(loc="lower right")
    return _save(fig, path)


def make_report(
    train: pd.DataFrame,
    out_dir: str | Path,
    cv: pd.DataFrame | None = None,
    lang: str = "zh",
) -> list[Path]:
    """Write ``survival_rates.csv`` and the PNG figures; return the written paths."""
    out_dir = Path(out_dir)
    figs = out_dir / "figs"
    text = labels(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    rates_path = out_dir / "survival_rates.csv"
    survival_rates(train).to_csv(rates_path, index=False, lineterminator="\n")
    written = [
        rates_path,
        plot_class_sex(train, figs / "survival_by_class_sex.png", text),
        plot_age(train, figs / "age_by_outcome.png", text),
        plot_rate_by(train, "FamilyBand", text["by_family"], figs / "survival_by_family.png",
                     text),
    ]
    if "Title" in add_features(train).columns:
        written.append(plot_rate_by(train, "Title", text["by_title"],
                                    figs / "survival_by_title.png", text))
    if cv is not None:
        from .model import baseline_accuracy

        written.append(plot_cv(cv, baseline_accuracy(train["Survived"]),
                               figs / "cv_scores.png", text))
    return written
