"""A deterministic synthetic day of hot search snapshots (the offline demo's data).

Every topic is invented: titles are built from harmless made-up phrases, no real
person, brand or event. Each topic's heat rises, peaks and decays; about one in
seven comes back for a second wave later (so some topics leave the list and
re-enter it: the stretch exercise). Every ``INTERVAL_MIN`` minutes the
``LIST_SIZE`` hottest topics form the list.

Only :class:`random.Random` with a fixed seed is used (its ``random()`` and
``gauss()`` give the same numbers on every Python 3 version), so the same seed
always gives the same file; a test checks ``data/sample/snapshots.csv`` against a
fresh generation.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta
from pathlib import Path

from .csvsafe import neutralise_row, unneutralise_row

DEFAULT_SEED = 2025
DAY = "2025-06-01"            # a made-up day
INTERVAL_MIN = 30             # one snapshot every 30 minutes: 48 per day
LIST_SIZE = 50
N_TOPICS = 300
SAMPLE_COLUMNS = ["taken_at", "rank", "title", "heat", "label"]
SAMPLE_NAME = "snapshots.csv"

SUBJECTS = [
    "小区楼下的橘猫", "城郊植物园", "某高校食堂", "夜跑社团", "老街早点铺", "天文社",
    "山区小学合唱团", "城市图书馆", "地铁志愿者", "社区菜园", "国风动画短片", "科技馆机器人",
    "海边灯塔", "古镇雨季", "外卖骑手互助站", "大学生支教队", "独立书店", "公交末班车",
    "湖边观鸟点", "非遗剪纸课", "宠物救助站", "乡村篮球赛", "城市骑行道", "雪山科考队",
    "午夜面馆", "校园气象站",
]
PREDICATES = [
    "上线新玩法", "意外走红", "迎来首次开放日", "发布年度报告", "被网友画成漫画",
    "出现温暖一幕", "发起夏日挑战", "回应网友建议", "创下新纪录", "换上新装",
    "登上科普节目", "开启夜间模式", "收到一封手写信", "公布招募计划",
]
LABEL_BOOM = 1_200_000        # heat at which a topic is labelled 爆 (explosive)
NEW_MINUTES = 60              # labelled 新 (new) during its first hour on the list


def topic_titles(rng: random.Random, n: int = N_TOPICS) -> list[str]:
    pairs = [s + p for s in SUBJECTS for p in PREDICATES]
    order = sorted(range(len(pairs)), key=lambda _: rng.random())
    return [pairs[i] for i in order[:n]]


def _wave(hours: float, start: float, rise: float, decay: float, peak: float) -> float:
    """0 before ``start``, linear rise for ``rise`` hours, then exponential decay."""
    if hours < start:
        return 0.0
    if hours < start + rise:
        return peak * (hours - start) / rise
    return peak * math.exp(-(hours - start - rise) / decay)


def _topics(rng: random.Random) -> list[dict]:
    topics = []
    for title in topic_titles(rng):
        start = -6 + 29.5 * rng.random()               # hours since midnight
        rise = 0.5 + 2.5 * rng.random()
        decay = 0.7 + 2.8 * rng.random()
        peak = 300_000 * math.exp(rng.gauss(0, 0.7))
        waves = [(start, rise, decay, peak)]
        if rng.random() < 0.15:                       # a second wave later on
            gap = 3 + 5 * rng.random()
            waves.append((start + rise + decay + gap, 0.5 + rng.random(),
                          1 + 2 * rng.random(), peak * (0.6 + 0.5 * rng.random())))
        topics.append({"title": title, "waves": waves})
    return topics


def snapshot_times(day: str = DAY, interval: int = INTERVAL_MIN) -> list[datetime]:
    midnight = datetime.fromisoformat(day)
    return [midnight + timedelta(minutes=m) for m in range(0, 24 * 60, interval)]


def generate_day(seed: int = DEFAULT_SEED, day: str = DAY) -> list[dict]:
    """Rows ``taken_at, rank, title, heat, label`` for one synthetic day."""
    rng = random.Random(seed)
    topics = _topics(rng)
    first_on_list: dict[str, datetime] = {}
    rows: list[dict] = []
    times = snapshot_times(day)
    for when in times:
        hours = (when - datetime.fromisoformat(day)).total_seconds() / 3600
        heats = []
        for topic in topics:
            heat = max(_wave(hours, *wave) for wave in topic["waves"])
            heat *= 1 + 0.05 * rng.gauss(0, 1)            # a little noise in every snapshot
            if heat >= 20_000:
                heats.append((int(heat), topic["title"]))
        heats.sort(key=lambda pair: (-pair[0], pair[1]))
        for rank, (heat, title) in enumerate(heats[:LIST_SIZE], start=1):
            seen = first_on_list.setdefault(title, when)
            if heat >= LABEL_BOOM:
                label = "爆"
            elif when > times[0] and when - seen < timedelta(minutes=NEW_MINUTES):
                label = "新"
            elif rank <= 10:
                label = "热"
            else:
                label = ""
            rows.append({"taken_at": when.strftime("%Y-%m-%dT%H:%M"), "rank": rank,
                         "title": title, "heat": heat, "label": label})
    return rows


def write_rows(rows: list[dict], path: str | Path, columns=SAMPLE_COLUMNS) -> Path:
    """CSV in UTF-8 with a BOM (Excel opens it without garbling the Chinese).

    Titles come from the internet: a cell a spreadsheet would run as a formula
    (``=HYPERLINK(...)``, ``-``, ``@`` ...) is written with a ``'`` in front, as text;
    :func:`read_rows` takes it off again.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(neutralise_row(row) for row in rows)
    return path


def write_sample(out_dir: str | Path = "data/sample", seed: int = DEFAULT_SEED) -> Path:
    return write_rows(generate_day(seed), Path(out_dir) / SAMPLE_NAME)


def read_rows(path: str | Path) -> list[dict]:
    """Rows of a snapshots CSV (ours, or one exported by the report command)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [unneutralise_row(row) for row in csv.DictReader(handle)]
    missing = {"taken_at", "rank", "title"} - set(rows[0] if rows else SAMPLE_COLUMNS)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    for row in rows:
        row["rank"] = int(row["rank"])
        row["heat"] = int(row["heat"]) if row.get("heat") not in (None, "") else None
    return rows
