"""A synthetic script with known answers, for the offline demo and the tests.

《雾港》 is an invented story: twelve invented characters in three factions (the
police station, the dockers' guild and a newspaper). Scenes mostly bring together
members of one faction; now and then a visitor from another faction drops in, and
the inspector 沈砚秋 (the protagonist) turns up everywhere. Because we wrote the
factions down before generating the text, we can check whether community detection
finds them again, and the generator also records who talks to whom for the stretch
exercise.

Only ``random.Random.random()`` is used, whose sequence Python guarantees for a given
seed on every version, so the same seed always writes the same bytes.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .names import Character, NameList

DEFAULT_SEED = 1935
DEFAULT_SCENES = 180

# faction -> (English label, members as (full name, aliases)); the first member of
# the first faction is the protagonist.
FACTIONS = {
    "巡捕房": ("police station", [
        ("沈砚秋", ("老沈", "沈探长")),
        ("陆星遥", ()),
        ("韩青禾", ("韩法医",)),
        ("顾长庚", ("顾巡长",)),
    ]),
    "船帮": ("dockers' guild", [
        ("骆铁山", ("骆老大",)),
        ("阿满", ()),
        ("祁三娘", ("三娘",)),
        ("钟小楼", ()),
    ]),
    "报馆": ("newspaper", [
        ("苏映雪", ("苏记者",)),
        ("温以宁", ()),
        ("方敬亭", ("方主编",)),
        ("唐书雁", ()),
    ]),
}
PROTAGONIST = "沈砚秋"

FACTION_SHARE = {"巡捕房": 0.36, "船帮": 0.32, "报馆": 0.32}  # which faction a scene is about
PLACES = {
    "巡捕房": ["巡捕房二楼", "验尸房", "档案室"],
    "船帮": ["三号码头", "货仓", "船帮会馆"],
    "报馆": ["报馆编辑部", "印刷间", "街角茶楼"],
}
TIMES = ["清晨", "午后", "黄昏", "深夜"]
P_PROTAGONIST_AWAY = 0.4  # the inspector joins a scene of another faction
P_VISITOR = 0.2           # someone from another faction joins the scene
P_ALIAS = 0.2             # a character is called by an alias instead of the full name

ONE = [
    "{A}点了一支烟。",
    "{A}望着窗外的雾，一言不发。",
    "{A}把帽子压得很低。",
    "{A}在本子上写下了一行字。",
    "{A}忽然笑了。",
    "雾越来越浓，{A}看不清对面的灯。",
    "{A}的手有些发抖。",
    "{A}没有回答。",
]
TWO = [
    "{A}推开门，看见{B}正在窗边抽烟。",
    "{A}把一张旧照片递给{B}。",
    "{A}和{B}沿着河堤走了很久，谁也没有说话。",
    "{A}拦住了{B}的去路。",
    "{A}盯着{B}看了半天，才点了点头。",
    "{B}替{A}倒了一杯热茶。",
    "{A}在{B}耳边交代了几句。",
    "{A}跟在{B}身后下了楼梯。",
    "{A}把{B}送到门口。",
    "{A}接过{B}手里的信封。",
]
# "{A} speaks to {B}": the pattern the stretch exercise looks for.
SPEECH = [
    "{A}对{B}说：“{line}”",
    "{A}对{B}低声说：“{line}”",
    "{A}对着{B}喊：“{line}”",
    "{A}对{B}笑着说：“{line}”",
    "{A}笑着对{B}说：“{line}”",        # how, before 对
    "{A}在门口对{B}说：“{line}”",      # where, before 对
]
LINES = [
    "今晚的船不对劲。",
    "这件事别让别人知道。",
    "你昨晚去哪儿了？",
    "照片上的人我见过。",
    "明天一早，老地方见。",
    "账本不见了。",
    "雾太大，船进不了港。",
    "你信我一次。",
]
P_SPEECH = 0.3  # share of two-person sentences that are speech


@dataclass
class SyntheticScript:
    text: str
    names: NameList
    truth: dict  # factions, protagonist, who talks to whom


def _pick(rng: random.Random, items):
    return items[int(rng.random() * len(items))]


def _pick_weighted(rng: random.Random, weights: dict):
    x = rng.random() * sum(weights.values())
    for key, weight in weights.items():
        x -= weight
        if x < 0:
            return key
    return key  # rounding at the very end of the range


def _sample(rng: random.Random, items, k: int) -> list:
    pool = list(items)
    return [pool.pop(int(rng.random() * len(pool))) for _ in range(min(k, len(pool)))]


def name_list() -> NameList:
    return NameList(tuple(
        Character(name, aliases)
        for _, members in FACTIONS.values()
        for name, aliases in members
    ))


def generate_script(seed: int = DEFAULT_SEED, scenes: int = DEFAULT_SCENES) -> SyntheticScript:
    """Generate the script text, its name list and the ground truth."""
    rng = random.Random(seed)
    aliases = {name: al for _, members in FACTIONS.values() for name, al in members}
    members = {f: [name for name, _ in m] for f, (_, m) in FACTIONS.items()}
    faction_of = {name: f for f, group in members.items() for name in group}
    talks: Counter = Counter()

    def call(name: str) -> str:
        if aliases[name] and rng.random() < P_ALIAS:
            return _pick(rng, aliases[name])
        return name

    lines = ["《雾港》（虚构剧本，人物与情节均为程序生成）", ""]
    for number in range(1, scenes + 1):
        home = _pick_weighted(rng, FACTION_SHARE)
        cast = _sample(rng, members[home], 2 + int(rng.random() * 2))
        if PROTAGONIST not in cast and (home == faction_of[PROTAGONIST]
                                        or rng.random() < P_PROTAGONIST_AWAY):
            cast.append(PROTAGONIST)
        if rng.random() < P_VISITOR:
            outsiders = [n for n in faction_of
                         if faction_of[n] != home and n != PROTAGONIST]
            cast.append(_pick(rng, outsiders))
        lines.append(f"第{number}场　{_pick(rng, PLACES[home])}·{_pick(rng, TIMES)}")
        for _ in range(2 + int(rng.random() * 2)):          # 2-3 paragraphs
            sentences = []
            for _ in range(1 + int(rng.random() * 2)):      # 1-2 sentences each
                if rng.random() < 0.35:
                    template = _pick(rng, ONE)
                    sentence = template.format(A=call(_pick(rng, cast)))
                elif rng.random() < P_SPEECH:
                    a, b = _sample(rng, cast, 2)
                    template = _pick(rng, SPEECH)
                    sentence = template.format(A=call(a), B=call(b), line=_pick(rng, LINES))
                    talks[(a, b)] += 1
                else:
                    a, b = _sample(rng, cast, 2)
                    template = _pick(rng, TWO)
                    sentence = template.format(A=call(a), B=call(b))
                if sentences and sentence == sentences[-1]:
                    continue  # the same sentence twice in a row reads like a typo
                sentences.append(sentence)
            lines.append("".join(sentences))
        lines.append("")

    truth = {
        "seed": seed,
        "scenes": scenes,
        "protagonist": PROTAGONIST,
        "factions": {f: members[f] for f in FACTIONS},
        "factions_en": {f: label for f, (label, _) in FACTIONS.items()},
        "talks": [
            {"speaker": a, "listener": b, "count": n}
            for (a, b), n in sorted(talks.items(), key=lambda t: (-t[1], t[0]))
        ],
    }
    return SyntheticScript("\n".join(lines), name_list(), truth)


NAMES_HEADER = (
    "# 人名表：每行一个人物，先写正式名，再写别名（空格分隔）。\n"
    "# Names: one character per line, full name first, then aliases (space separated).\n"
)


def write_sample(out_dir: str | Path, seed: int = DEFAULT_SEED,
                 scenes: int = DEFAULT_SCENES) -> list[Path]:
    """Write ``script.txt``, ``names.txt`` and ``truth.json`` (UTF-8, ``\\n`` line ends)."""
    script = generate_script(seed, scenes)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "script.txt": script.text,
        "names.txt": NAMES_HEADER + script.names.to_text(),
        "truth.json": json.dumps(script.truth, ensure_ascii=False, indent=2) + "\n",
    }
    paths = []
    for filename, content in files.items():
        path = out_dir / filename
        path.write_bytes(content.encode("utf-8"))  # bytes: no "\r\n" on Windows
        paths.append(path)
    return paths
