"""Tables: sex ratio, provinces, cities, signature topics, friends added per year.

Every function takes the friend table (see ``sources.FRIEND_COLUMNS``) after
``prepare`` and returns a small pandas DataFrame with counts and shares; none of them
contains a name.
"""

from __future__ import annotations

import pandas as pd

from .regions import OTHER, UNKNOWN, english_name, normalize_location
from .sources import SEX_LABELS


def prepare(friends: pd.DataFrame) -> pd.DataFrame:
    """A copy with normalised ``ProvinceNorm`` and ``CityNorm`` columns."""
    out = friends.copy()
    pairs = [normalize_location(p, c) for p, c in zip(out["Province"], out["City"], strict=True)]
    out["ProvinceNorm"] = [p for p, _ in pairs]
    out["CityNorm"] = [c for _, c in pairs]
    return out


def _share(counts: pd.Series, total: int) -> pd.Series:
    return (counts / total).round(3) if total else counts * 0.0


def sex_ratio(friends: pd.DataFrame) -> pd.DataFrame:
    """Rows 男/女/未知 (always all three, in this order) with counts and shares."""
    counts = friends["Sex"].value_counts()
    table = pd.DataFrame({
        "sex": [1, 2, 0],
        "label_zh": [SEX_LABELS[s][0] for s in (1, 2, 0)],
        "label_en": [SEX_LABELS[s][1] for s in (1, 2, 0)],
        "friends": [int(counts.get(s, 0)) for s in (1, 2, 0)],
    })
    table["share"] = _share(table["friends"], len(friends))
    return table


def _ranked(counts: pd.Series, key: str, total: int) -> pd.DataFrame:
    table = counts.rename("friends").rename_axis(key).reset_index()
    # places by count (ties by name), then 未知 (blank), then 其他 (abroad/unplaced)
    table["_rank"] = [{UNKNOWN: 1, OTHER: 2}.get(name, 0) for name in table[key]]
    table = table.sort_values(["_rank", "friends", key], ascending=[True, False, True])
    table = table.drop(columns="_rank").reset_index(drop=True)
    table["share"] = _share(table["friends"], total)
    return table


def province_counts(friends: pd.DataFrame) -> pd.DataFrame:
    """Friends per normalised province; 未知 (blank) and 其他 (abroad/unplaced) last."""
    table = _ranked(friends["ProvinceNorm"].value_counts(), "province", len(friends))
    table.insert(1, "province_en", [english_name(p) for p in table["province"]])
    return table


def city_counts(friends: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Friends per (province, city), known places only, largest first."""
    known = friends[~friends["ProvinceNorm"].isin([UNKNOWN, OTHER])
                    & (friends["CityNorm"] != UNKNOWN)]
    counts = known.groupby(["ProvinceNorm", "CityNorm"]).size()
    table = counts.rename("friends").reset_index()
    table.columns = ["province", "city", "friends"]
    table = table.sort_values(["friends", "province", "city"], ascending=[False, True, True])
    table = table.reset_index(drop=True)
    table["share"] = _share(table["friends"], len(friends))
    table.insert(2, "city_en", [english_name(c) for c in table["city"]])
    return table.head(top) if top else table


def summary(friends: pd.DataFrame) -> dict:
    """Headline numbers for the console and the HTML report."""
    sexes = sex_ratio(friends).set_index("sex")["friends"]
    male, female = int(sexes[1]), int(sexes[2])
    provinces = friends["ProvinceNorm"]
    return {
        "friends": len(friends),
        "male": male,
        "female": female,
        "unknown_sex": int(sexes[0]),
        "male_per_female": round(male / female, 2) if female else None,
        "provinces": int(provinces[~provinces.isin([UNKNOWN, OTHER])].nunique()),
        "unknown_place": int((provinces == UNKNOWN).sum()),
        "other_place": int((provinces == OTHER).sum()),
        "with_signature": int((friends["Signature"].str.strip() != "").sum()),
    }


# --------------------------------------------------------------------------------------
# Stretch exercise 1: signature topic groups
# --------------------------------------------------------------------------------------

# A friend belongs to a topic when a word of their signature is in the topic's set.
TOPIC_GROUPS: dict[str, set[str]] = {
    "工作学习": {"工作", "学习", "考研", "代码", "数据", "分析", "加油", "努力", "打工",
                "产品", "设计", "专注", "持续"},
    "运动健康": {"跑步", "健身", "爬山", "减肥", "早睡", "早起", "身体"},
    "旅行摄影": {"旅行", "摄影", "山海", "看海", "在路上", "路上", "周末"},
    "生活心情": {"开心", "快乐", "心情", "生活", "猫咪", "咖啡", "做饭", "喜欢", "热爱",
                "下雨天", "朋友"},
}
NO_TOPIC = "未归类"


def topic_groups(signatures, groups: dict[str, set[str]] = TOPIC_GROUPS) -> pd.DataFrame:
    """How many non-empty signatures touch each topic.

    Returns one row per topic in the order of ``groups`` plus a last row ``未归类``
    (signatures matching no topic), with columns ``topic``, ``friends``, ``share``
    (of the non-empty signatures) and ``words`` (the matched words, most frequent
    first, at most five, joined by "、"). A signature may count in several topics.
    Hint: ``keywords.tokenize`` gives the words of one signature.
    """
    # >>> SOLUTION
    from .keywords import tokenize

    friends = dict.fromkeys([*groups, NO_TOPIC], 0)
    hits: dict[str, dict[str, int]] = {topic: {} for topic in groups}
    non_empty = 0
    for signature in signatures:
        words = set(tokenize(signature))
        if not words:
            continue
        non_empty += 1
        matched = False
        for topic, vocabulary in groups.items():
            found = words & vocabulary
            if found:
                matched = True
                friends[topic] += 1
                for word in found:
                    hits[topic][word] = hits[topic].get(word, 0) + 1
        if not matched:
            friends[NO_TOPIC] += 1
    rows = []
    for topic, count in friends.items():
        ranked = sorted(hits.get(topic, {}).items(), key=lambda item: (-item[1], item[0]))
        rows.append({
            "topic": topic,
            "friends": count,
            "share": round(count / non_empty, 3) if non_empty else 0.0,
            "words": "、".join(word for word, _ in ranked[:5]),
        })
    return pd.DataFrame(rows, columns=["topic", "friends", "share", "words"])
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按主题词表统计签名，见 README 的进阶练习 1"
    #     " / exercise: count signatures by the topic word lists, see stretch exercise 1 in the"
    #     " README")
    # <<< STUB


# --------------------------------------------------------------------------------------
# Stretch exercise 2: friends added per year (vCard REV)
# --------------------------------------------------------------------------------------


def added_per_year(friends: pd.DataFrame) -> pd.DataFrame:
    """Contacts per year of their ``Added`` date (vCard REV), oldest year first.

    Columns ``year`` (int) and ``friends``; years without contacts between the first
    and the last year appear with 0; rows without a date are left out. An empty table
    (same columns) when no row has a date.
    """
    # >>> SOLUTION
    years = pd.to_numeric(friends["Added"].str.slice(0, 4), errors="coerce").dropna()
    years = years.astype("int64")
    if years.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"),
                             "friends": pd.Series(dtype="int64")})
    span = range(int(years.min()), int(years.max()) + 1)
    counts = years.value_counts().reindex(span, fill_value=0)
    return pd.DataFrame({"year": list(span), "friends": counts.to_numpy().astype("int64")})
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：按 REV 年份统计新增联系人，见 README 的进阶练习 2"
    #     " / exercise: count new contacts by REV year, see stretch exercise 2 in the README")
    # <<< STUB
