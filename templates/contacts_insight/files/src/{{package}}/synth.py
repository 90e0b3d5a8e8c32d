"""Synthetic friends: an invented friend list with the shape of real data.

Nobody here is real. Nicknames are built from harmless word pairs ("爱笑的柚子"),
remarks from a relation plus a word ("同事·松果"), signatures from short invented
phrases. What *is* realistic is the mess: provinces written as "广东", "广东省" or
"Guangdong", 直辖市 with a district as city, blank fields, foreign places, emoji in
three styles (Unicode, WeChat's "[微笑]" codes and the ``<span class="emoji ...">``
markup that the web-WeChat friend list contained). That mess is exactly what the
normalisation and keyword code has to handle.

The generator only uses ``random.Random(seed)``, whose sequence is the same on every
Python version, so a seed always gives byte-identical files (the tests check the
committed ``data/sample/`` files against a fresh generation).
"""

from __future__ import annotations

import quopri
import random
from pathlib import Path

import pandas as pd

from .regions import OTHER, normalize_province
from .sources import friends_frame, write_friends_csv

DEFAULT_SEED = 2024
N_FRIENDS = 300
N_VCARDS = 60

_ADJECTIVES = ["快乐的", "安静的", "爱笑的", "迷路的", "勇敢的", "慢吞吞的", "会飞的",
               "不睡觉的", "晒太阳的", "追风的", "吃饱了的", "想放假的"]
_NOUNS = ["小鱼", "橘猫", "蘑菇", "星星", "柚子", "土豆", "海盐", "松果", "企鹅", "云朵",
          "豆包", "芒果", "栗子", "青柠"]
_HANDLES = ["Momo", "Kiki", "Nana", "Lulu", "Coco", "Dudu", "Yoyo", "Bobo", "Pipi", "Tata"]
_RELATIONS = ["同事", "大学同学", "高中同学", "球友", "邻居", "表亲", "客户", "驴友", "书友"]

# (short name, weight, cities as (Chinese, English) or () for 直辖市/SAR, full name)
_PLACES = [
    ("广东", 16, [("深圳", "Shenzhen"), ("广州", "Guangzhou"), ("东莞", "Dongguan"),
                 ("佛山", "Foshan")], "广东省"),
    ("北京", 8, [], "北京市"),
    ("上海", 8, [], "上海市"),
    ("浙江", 7, [("杭州", "Hangzhou"), ("宁波", "Ningbo")], "浙江省"),
    ("江苏", 7, [("南京", "Nanjing"), ("苏州", "Suzhou"), ("无锡", "Wuxi")], "江苏省"),
    ("四川", 6, [("成都", "Chengdu"), ("绵阳", "Mianyang")], "四川省"),
    ("湖北", 5, [("武汉", "Wuhan"), ("宜昌", "Yichang")], "湖北省"),
    ("山东", 5, [("青岛", "Qingdao"), ("济南", "Jinan")], "山东省"),
    ("河南", 4, [("郑州", "Zhengzhou"), ("洛阳", "Luoyang")], "河南省"),
    ("湖南", 4, [("长沙", "Changsha")], "湖南省"),
    ("福建", 3, [("厦门", "Xiamen")], "福建省"),
    ("陕西", 3, [("西安", "Xi'an")], "陕西省"),
    ("重庆", 3, [], "重庆市"),
    ("天津", 2, [], "天津市"),
    ("辽宁", 2, [("沈阳", "Shenyang"), ("大连", "Dalian")], "辽宁省"),
    ("广西", 2, [("南宁", "Nanning"), ("桂林", "Guilin")], "广西壮族自治区"),
    ("云南", 2, [("昆明", "Kunming")], "云南省"),
    ("内蒙古", 1, [("呼和浩特", "Hohhot")], "内蒙古自治区"),
    ("新疆", 1, [("乌鲁木齐", "Urumqi")], "新疆维吾尔自治区"),
    ("香港", 1, [], "香港特别行政区"),
]
_ENGLISH = {
    "广东": "Guangdong", "北京": "Beijing", "上海": "Shanghai", "浙江": "Zhejiang",
    "江苏": "Jiangsu", "四川": "Sichuan", "湖北": "Hubei", "山东": "Shandong",
    "河南": "Henan", "湖南": "Hunan", "福建": "Fujian", "陕西": "Shaanxi",
    "重庆": "Chongqing", "天津": "Tianjin", "辽宁": "Liaoning", "广西": "Guangxi",
    "云南": "Yunnan", "内蒙古": "Inner Mongolia", "新疆": "Xinjiang", "香港": "Hong Kong",
}
_DISTRICTS = {"北京": ["朝阳", "海淀", "东城"], "上海": ["浦东新区", "徐汇", "静安"],
              "重庆": ["渝中", "江北"], "天津": ["和平", "南开"], "香港": [""]}
_ABROAD = [("California", "San Jose"), ("Ontario", "Toronto"), ("Tokyo", "")]

_PHRASES = [
    "努力工作，认真生活", "今天也要开心呀", "热爱跑步和咖啡", "在路上，一直在路上",
    "学习使我快乐", "保持热爱，奔赴山海", "健身中，勿扰", "早睡早起身体好",
    "周末去爬山", "专注产品设计", "数据分析，持续学习", "猫咪是最好的朋友",
    "做饭和旅行", "心情好才是真的好", "相信时间的力量", "读书、摄影、旅行",
    "工作日打工，周末摄影", "减肥第一百天", "考研加油", "代码写得好，头发掉得少",
    "慢慢来，比较快", "喜欢下雨天", "一起去看海吧", "少说话，多做事",
]
_EMOJI = ["😊", "🏃", "☕", "🌙", "✨", "🐱", "⛰️", "❤️"]
_WECHAT_CODES = ["[微笑]", "[太阳]", "[奋斗]", "[咖啡]", "[Smile]"]
_SPAN_CODES = ["1f60a", "1f3c3", "2615", "1f319"]


def _pick(rng: random.Random, items, weights=None):
    return rng.choices(items, weights=weights)[0]


def _nickname(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return f"{_pick(rng, _HANDLES)}_{rng.randint(10, 99)}"
    return _pick(rng, _ADJECTIVES) + _pick(rng, _NOUNS)


def _place(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.06:
        return "", ""
    if roll < 0.09:
        return _pick(rng, _ABROAD)
    name, _, cities, full = _pick(rng, _PLACES, [p[1] for p in _PLACES])
    style = rng.random()  # 60 % short, 25 % full Chinese, 15 % English
    province = name if style < 0.60 else full if style < 0.85 else _ENGLISH[name]
    if not cities:  # 直辖市 / SAR: the City field holds a district
        return province, _pick(rng, _DISTRICTS[name])
    if rng.random() < 0.08:
        return province, ""
    zh, en = _pick(rng, cities)
    city = en if style >= 0.85 else zh + "市" if rng.random() < 0.3 else zh
    return province, city


def _signature(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return ""
    text = _pick(rng, _PHRASES)
    if rng.random() < 0.3:
        text += _pick(rng, ["，", " ", "～"]) + _pick(rng, _PHRASES)
    roll = rng.random()
    if roll < 0.25:
        text += _pick(rng, _EMOJI)
    elif roll < 0.40:
        text += _pick(rng, _WECHAT_CODES)
    elif roll < 0.50:
        text += f'<span class="emoji emoji{_pick(rng, _SPAN_CODES)}"></span>'
    return text


def generate_friends(n: int = N_FRIENDS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``n`` invented friends in the friend table format (see ``sources.FRIEND_COLUMNS``)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        province, city = _place(rng)
        remark = ""
        if rng.random() < 0.55:
            remark = f"{_pick(rng, _RELATIONS)}·{_pick(rng, _NOUNS)}"
        rows.append({
            "UserName": f"@{rng.getrandbits(128):032x}",
            "NickName": _nickname(rng),
            "RemarkName": remark,
            "Sex": _pick(rng, [1, 2, 0], [47, 46, 7]),
            "Province": province,
            "City": city,
            "Signature": _signature(rng),
            "Added": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        })
    return friends_frame(rows)


# --------------------------------------------------------------------------------------
# vCard writer (for the sample file; real exports come from your phone)
# --------------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str, limit: int = 75) -> list[str]:
    """Cut a line into pieces of at most ``limit`` UTF-8 bytes, never inside a character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 1  # continuation lines start with one space
        current += char
        size += width
    pieces.append(current)
    return [pieces[0]] + [" " + piece for piece in pieces[1:]]


def _qp(value: str) -> str:
    return quopri.encodestring(value.encode("utf-8")).decode("ascii").replace("\n", "\r\n")


_STREETS = ["幸福路", "光明街", "青年大道", "花园北路", "学院路", "滨河东路"]


def _card_lines(row, version: str, index: int) -> list[str]:
    nick = row.NickName
    # an invented street address, as phone exports have one (the reader ignores it)
    country = "" if normalize_province(row.Province) == OTHER else "中国"
    street = (f"{_STREETS[index % len(_STREETS)]} {index * 7 % 97 + 1} 号 阳光小区 "
              f"{index % 9 + 1} 栋 {index % 4 + 1} 单元")
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "2.1":  # Android style: quoted-printable with soft line breaks
        qp = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
        lines.append(f"N{qp}:{_qp(nick)};;;;")
        lines.append(f"FN{qp}:{_qp(nick)}")
        if row.Province or row.City:
            lines.append(f"ADR;HOME{qp}:;;;{_qp(row.City)};{_qp(row.Province)};;")
        if row.Signature:
            lines.append(f"NOTE{qp}:{_qp(row.Signature)}")
        lines.append(f"REV:{row.Added.replace('-', '')}T120000Z")
    else:
        lines.append(f"N:{_escape(nick)};;;;")
        lines.append(f"FN:{_escape(nick)}")
        if row.RemarkName:
            lines.append(f"NICKNAME:{_escape(row.RemarkName)}")
        if version == "4.0":
            lines.append("GENDER:" + {1: "M", 2: "F"}.get(row.Sex, "U"))
        if row.Province or row.City:
            lines.append(f"ADR;TYPE=home:;;{_escape(street)};{_escape(row.City)};"
                         f"{_escape(row.Province)};{100000 + index * 1234};{country}")
        if row.Signature:
            lines.append(f"NOTE:{_escape(row.Signature)}")
        lines.append(f"REV:{row.Added}T12:00:00Z")
    lines.append("END:VCARD")
    out: list[str] = []
    for line in lines:
        out.extend(_fold(line) if "QUOTED-PRINTABLE" not in line else [line])
    return out


def friends_to_vcf(friends: pd.DataFrame) -> str:
    """The friends as one vCard text, cycling through versions 3.0, 2.1 and 4.0."""
    versions = ["3.0", "2.1", "4.0"]
    lines: list[str] = []
    for i, row in enumerate(friends.itertuples(index=False)):
        lines.extend(_card_lines(row, versions[i % 3], i))
    return "\r\n".join(lines) + "\r\n"


def write_sample(out="data/sample", seed: int = DEFAULT_SEED, n: int = N_FRIENDS,
                 n_vcards: int = N_VCARDS) -> list[Path]:
    """Write ``friends.csv`` (itchat columns) and ``contacts.vcf`` (the first ``n_vcards``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    friends = generate_friends(n=n, seed=seed)
    csv_path = write_friends_csv(friends, out / "friends.csv")
    vcf_path = out / "contacts.vcf"
    vcf_path.write_bytes(friends_to_vcf(friends.head(n_vcards)).encode("utf-8"))
    return [csv_path, vcf_path]
