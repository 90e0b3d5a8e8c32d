"""Figures comparing the policies.

Figures are drawn with ``matplotlib.figure.Figure`` directly (not ``pyplot``):
saving to PNG then uses the non-interactive Agg renderer, needs no window and
works the same on a laptop, a server and in CI.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .analysis import zone_totals
from .city import City
from .fonts import setup_cjk
from .sim import POLICY_NAMES, SERVED, SimResult

TEXT = {
    "zh": {
        "metrics_title": "各调度方式的服务指标",
        "served_share": "应答率",
        "mean_wait": "平均等待（分钟）",
        "served_riders": "上车的乘客",
        "all_riders": "全部乘客（放弃者按耐心计）",
        "empty_share": "空驶率",
        "waits_title": "乘客等待时间分布（已上车乘客）",
        "wait_min": "等待时间（分钟）",
        "riders": "乘客数",
        "demand_title": "每 10 分钟的乘车请求",
        "requests": "请求数",
        "queue_title": "排队等车的乘客",
        "waiting": "等待人数",
        "clock": "时刻",
        "abandon_title": "各区域放弃率",
        "abandon_rate": "放弃率",
        "sd_title": "供求比：每个请求对应的平均空车数",
        "idle_per_request": "空车数 / 请求数",
        "hour": "小时",
        "zone": "区域编号",
        "change_title": "低供给区优先 vs 批量匹配：放弃率变化",
        "rate_change": "放弃率变化（负值 = 改善）",
    },
    "en": {
        "metrics_title": "Service by dispatch policy",
        "served_share": "Served share",
        "mean_wait": "Mean wait (min)",
        "served_riders": "served riders",
        "all_riders": "all riders (gave-up: patience)",
        "empty_share": "Empty-km share",
        "waits_title": "Wait until pickup (served riders)",
        "wait_min": "Wait (minutes)",
        "riders": "Riders",
        "demand_title": "Requests per 10 minutes",
        "requests": "Requests",
        "queue_title": "Riders waiting for a car",
        "waiting": "Waiting",
        "clock": "Time",
        "abandon_title": "Abandonment rate by zone",
        "abandon_rate": "Abandonment rate",
        "sd_title": "Supply/demand: idle cars per request",
        "idle_per_request": "idle cars / requests",
        "hour": "Hour",
        "zone": "Zone",
        "change_title": "Low-supply priority vs batch: change in abandonment",
        "rate_change": "Change in rate (negative = better)",
    },
}


def labels(lang: str) -> tuple[dict[str, str], str]:
    """Chinese labels only when a CJK font is available, otherwise English."""
    if lang == "zh" and setup_cjk():
        return TEXT["zh"], "zh"
    return TEXT["en"], "en"


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    return path


def plot_metrics(table: pd.DataFrame, path: Path, text: dict, names: dict) -> Path:
    fig = Figure(figsize=(10, 4))
    axes = fig.subplots(1, 3)
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.27, top=0.84, wspace=0.25)
    policies = [names.get(p, p) for p in table["policy"]]
    x = np.arange(len(policies))
    colors = [f"C{i}" for i in range(len(policies))]
    panels = [
        (axes[0], [("served_share", 0.8, None)], "served_share"),
        (axes[1], [("mean_wait_min", 0.4, text["served_riders"]),
                   ("mean_wait_all_min", 0.4, text["all_riders"])], "mean_wait"),
        (axes[2], [("empty_share", 0.8, None)], "empty_share"),
    ]
    for ax, bars, key in panels:
        for k, (column, width, label) in enumerate(bars):
            offset = (k - (len(bars) - 1) / 2) * width
            values = table[column].to_numpy(dtype=float)
            ax.bar(x + offset, values, width=width, color=colors, label=label,
                   hatch="//" if k == 1 else None, edgecolor="white" if k == 1 else None)
            for xi, v in zip(x + offset, values, strict=True):
                ax.text(xi, v, f"{v:.2f}", ha="center", va="bottom", fontsize=7)
        ax.set_xticks(x, policies, rotation=20, ha="right")
        ax.set_title(text[key])
        top = max(float(np.nanmax(table[c].to_numpy(dtype=float))) for c, _, _ in bars)
        ax.set_ylim(0, top * (1.35 if len(bars) > 1 else 1.12))
        if len(bars) > 1:
            ax.legend(fontsize=7, loc="upper left")
    fig.suptitle(text["metrics_title"])
    return _save(fig, path)


def plot_waits(results: dict[str, SimResult], path: Path, text: dict, names: dict) -> Path:
    fig = Figure(figsize=(6.5, 4))
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.13, top=0.91)
    ax = fig.add_subplot()
    bins = np.arange(0, 21, 1.0)
    for i, (policy, result) in enumerate(results.items()):
        req = result.requests
        waits = np.minimum(req.loc[req["status"] == SERVED, "wait_min"].to_numpy(), 20 - 1e-9)
        ax.hist(waits, bins=bins, histtype="step", linewidth=2, color=f"C{i}",
                label=names.get(policy, policy))
    ax.set_xlabel(text["wait_min"])
    ax.set_ylabel(text["riders"])
    ax.set_title(text["waits_title"])
    ax.legend()
    return _save(fig, path)


def plot_timeline(results: dict[str, SimResult], path: Path, text: dict, names: dict) -> Path:
    first = next(iter(results.values()))
    city, minutes = first.city, first.config.minutes
    fig = Figure(figsize=(8, 5.5))
    top, bottom = fig.subplots(2, 1, sharex=True)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.1, top=0.94, hspace=0.25)
    arrivals = np.bincount(first.requests["minute"], minlength=minutes)[:minutes]
    starts = np.arange(0, minutes, 10)
    top.bar(starts + 5, np.add.reduceat(arrivals, starts), width=9, color="C7")
    top.set_ylabel(text["requests"])
    top.set_title(text["demand_title"])
    for i, (policy, result) in enumerate(results.items()):
        bottom.plot(result.history["minute"], result.history["waiting"], color=f"C{i}",
                    label=names.get(policy, policy))
    bottom.set_ylabel(text["waiting"])
    bottom.set_title(text["queue_title"])
    bottom.set_xlabel(text["clock"])
    ticks = np.arange(0, minutes + 1, 30)
    bottom.set_xticks(ticks, [city.clock(t) for t in ticks])
    bottom.legend()
    return _save(fig, path)


def _mark_hotspots(ax, city: City, lang: str) -> None:
    scale = city.zones_per_side / city.size_km  # km -> zone cells
    for spot in city.hotspots:
        x, y = spot.x * scale - 0.5, spot.y * scale - 0.5
        ax.plot(x, y, marker="*", color="black", markersize=9)
        right_half = spot.x > city.size_km / 2
        ax.annotate(spot.name_zh if lang == "zh" else spot.name_en, (x, y),
                    textcoords="offset points", xytext=(-4 if right_half else 4, 4),
                    ha="right" if right_half else "left", fontsize=7)


def plot_zone_abandonment(results: dict[str, SimResult], path: Path, text: dict,
                          names: dict, lang: str) -> Path:
    n = len(results)
    width = 3.2 * n + 1.2
    fig = Figure(figsize=(width, 3.8))
    axes = np.atleast_1d(fig.subplots(1, n))
    fig.subplots_adjust(left=0.1 / width, right=1 - 1.1 / width, bottom=0.04, top=0.84,
                        wspace=0.08)
    image = None
    for ax, (policy, result) in zip(axes, results.items(), strict=True):
        side = result.city.zones_per_side
        rate = zone_totals(result)["abandon_rate"].to_numpy().reshape(side, side)
        image = ax.imshow(rate, origin="lower", cmap="Reds", vmin=0, vmax=1)
        _mark_hotspots(ax, result.city, lang)
        ax.set_title(names.get(policy, policy))
        ax.set_xticks([])
        ax.set_yticks([])
    cax = fig.add_axes((1 - 0.9 / width, 0.1, 0.12 / width, 0.68))
    fig.colorbar(image, cax=cax, label=text["abandon_rate"])
    fig.suptitle(text["abandon_title"])
    return _save(fig, path)


def plot_supply_demand(zone_hour: pd.DataFrame, path: Path, text: dict, names: dict) -> Path:
    policies = list(dict.fromkeys(zone_hour["policy"]))
    height = 1.3 + 1.45 * len(policies)
    fig = Figure(figsize=(9, height))
    axes = np.atleast_1d(fig.subplots(len(policies), 1, sharex=True))
    fig.subplots_adjust(left=0.09, right=0.86, bottom=0.6 / height, top=1 - 0.55 / height,
                        hspace=0.35)
    image = None
    for ax, policy in zip(axes, policies, strict=True):
        part = zone_hour[zone_hour["policy"] == policy]
        grid = part.pivot(index="hour", columns="zone", values="idle_per_request")
        grid = grid.reindex(list(dict.fromkeys(part["hour"])))
        image = ax.imshow(np.clip(grid.to_numpy(dtype=float), 0, 1), aspect="auto",
                          cmap="viridis", vmin=0, vmax=1)
        ax.set_yticks(range(len(grid.index)), [f"{h:02d}:00" for h in grid.index])
        ax.set_ylabel(text["hour"])
        ax.set_title(names.get(policy, policy), fontsize=9)
    axes[-1].set_xticks(range(0, len(grid.columns), 2))
    axes[-1].set_xlabel(text["zone"])
    cax = fig.add_axes((0.89, 0.6 / height, 0.02, 1 - 1.15 / height))
    fig.colorbar(image, cax=cax, label=text["idle_per_request"])
    fig.suptitle(text["sd_title"])
    return _save(fig, path)


def plot_priority_change(change: pd.DataFrame, city: City, path: Path, text: dict,
                         lang: str) -> Path:
    side = city.zones_per_side
    values = change["rate_change"].to_numpy(dtype=float).reshape(side, side)
    limit = max(0.05, float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 0.05)
    fig = Figure(figsize=(5.6, 4.4))
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.03, right=0.8, bottom=0.04, top=0.9)
    image = ax.imshow(values, origin="lower", cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(col, row, f"{value:+.2f}", ha="center", va="center", fontsize=7)
    _mark_hotspots(ax, city, lang)
    ax.set_xticks([])
    ax.set_yticks([])
    cax = fig.add_axes((0.82, 0.1, 0.03, 0.75))
    fig.colorbar(image, cax=cax, label=text["rate_change"])
    ax.set_title(text["change_title"])
    return _save(fig, path)


def make_figures(results: dict[str, SimResult], table: pd.DataFrame, zone_hour: pd.DataFrame,
                 out_dir: str | Path, lang: str = "zh",
                 priority_change: pd.DataFrame | None = None) -> list[Path]:
    """Write all PNG figures to ``out_dir/figs``; return their paths."""
    figs = Path(out_dir) / "figs"
    text, used = labels(lang)
    names = POLICY_NAMES[used]
    written = [
        plot_metrics(table, figs / "metrics.png", text, names),
        plot_waits(results, figs / "waits.png", text, names),
        plot_timeline(results, figs / "timeline.png", text, names),
        plot_zone_abandonment(results, figs / "zone_abandonment.png", text, names, used),
        plot_supply_demand(zone_hour, figs / "supply_demand.png", text, names),
    ]
    if priority_change is not None:
        city = next(iter(results.values())).city
        written.append(plot_priority_change(priority_change, city,
                                            figs / "priority_change.png", text, used))
    return written
