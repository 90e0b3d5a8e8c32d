"""What the comments say, in numbers.

Input: the minimal records of :func:`.api.to_record` (user ids and nicknames already
hashed). Every function takes the DataFrame of :func:`to_frame` and returns a small table.

* :func:`likes_distribution` - how many comments got 0, 1-9, 10-99, ... likes;
* :func:`length_summary`     - comment length (characters) per song;
* :func:`hour_activity`      - comments per hour of the day, in China time (Asia/Shanghai);
* :func:`keywords`           - the most frequent words (jieba segmentation, stopwords removed);
* :func:`top_comments`       - the most liked comments;
* :func:`song_summary`       - one row per song.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from datetime import timedelta, timezone

import pandas as pd

from .api import RECORD_FIELDS

# Asia/Shanghai: UTC+8 all year (no daylight saving time since 1991). A fixed offset
# needs no time zone database, which Windows does not ship.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

LIKE_BINS = [0, 1, 10, 100, 1000, 10000]
LIKE_LABELS = ["0", "1-9", "10-99", "100-999", "1000-9999", "10000+"]
SHORT_MAX = 5       # a comment of at most 5 characters counts as "short" (好听, 打卡, ...)
LONG_MIN = 30       # at least 30 characters counts as "long"

# Words that say little about a song. Extend the set for your own data.
STOPWORDS = set("""
的 了 是 我 你 他 她 它 们 我们 你们 他们 这 那 这个 那个 就 都 也 还 又 在 有 和 与 跟 被 把
让 给 啊 吧 呢 吗 哦 呀 嘛 哈 哈哈 哈哈哈 一 一个 一首 这首 首 歌 这首歌 不 没 没有 很 太 真的
真 好 首歌 就是 什么 怎么 自己 时候 可以 会 要 想 说 听 看 来 去 到 上 下 里 过 对 能 再 又 才 已经
""".split())
_TAG = re.compile(r"\[[^\[\]\s]{1,8}\]")          # [大哭] style expression tags
_MENTION = re.compile(r"@\*\*\*|@\S+")
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")  # CJK characters, letters and digits only

_jieba = {"module": None}


def to_frame(records: list[dict]) -> pd.DataFrame:
    """Records -> DataFrame with ``time`` (Asia/Shanghai), ``hour`` and ``length`` added."""
    df = pd.DataFrame(list(records), columns=RECORD_FIELDS)
    df["content"] = df["content"].fillna("").astype(str)
    df["liked"] = pd.to_numeric(df["liked"], errors="coerce").fillna(0).astype("int64")
    df["hot"] = df["hot"].eq(True)              # missing -> False
    ms = pd.to_numeric(df["time_ms"], errors="coerce")
    df["time"] = pd.to_datetime(ms, unit="ms", utc=True).dt.tz_convert(SHANGHAI)
    df["hour"] = df["time"].dt.hour.astype("Int64")
    df["length"] = df["content"].str.len().astype("int64")
    return df


def likes_distribution(df: pd.DataFrame) -> pd.DataFrame:
    """Comments per likes bucket (0, 1-9, 10-99, ...), with their share."""
    buckets = pd.cut(df["liked"], bins=LIKE_BINS + [float("inf")], labels=LIKE_LABELS,
                     right=False)
    counts = buckets.value_counts().reindex(LIKE_LABELS, fill_value=0)
    total = max(len(df), 1)
    return pd.DataFrame({"likes": LIKE_LABELS, "comments": counts.to_numpy(dtype="int64"),
                         "share": (counts.to_numpy() / total).round(4)})


def length_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Per song and for all songs: count, mean/median length, share of short/long comments."""

    def row(song, part):
        return {
            "song_id": song,
            "comments": len(part),
            "mean_length": round(float(part["length"].mean()), 2) if len(part) else 0.0,
            "median_length": float(part["length"].median()) if len(part) else 0.0,
            "short_share": round(float((part["length"] <= SHORT_MAX).mean()), 4)
            if len(part) else 0.0,
            "long_share": round(float((part["length"] >= LONG_MIN).mean()), 4)
            if len(part) else 0.0,
        }

    rows = [row(str(song), part) for song, part in df.groupby("song_id", sort=True)]
    rows.append(row("all", df))
    return pd.DataFrame(rows)


def hour_activity(df: pd.DataFrame) -> pd.DataFrame:
    """Comments per hour of the day (0-23, China time); comments without a time are left out."""
    hours = df["hour"].dropna().astype(int)
    counts = hours.value_counts().reindex(range(24), fill_value=0)
    total = max(int(counts.sum()), 1)
    return pd.DataFrame({"hour": range(24), "comments": counts.to_numpy(dtype="int64"),
                         "share": (counts.to_numpy() / total).round(4)})


def get_jieba():
    """Import jieba once, quietly, and load its dictionary (about one second)."""
    if _jieba["module"] is None:
        with warnings.catch_warnings():
            # jieba 0.42.1 imports pkg_resources when setuptools is installed
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)      # no "Building prefix dict..." chatter
        jieba.initialize()
        _jieba["module"] = jieba
    return _jieba["module"]


def clean_for_words(text: str) -> str:
    """Remove [表情] tags and @mentions before segmentation."""
    return _MENTION.sub(" ", _TAG.sub(" ", text))


def words(text: str, stopwords: set[str] = STOPWORDS) -> list[str]:
    """The words of one comment that count as keywords (2+ characters, not a stopword)."""
    tokens = get_jieba().lcut(clean_for_words(text))
    return [t for t in tokens
            if len(t) >= 2 and _WORD.match(t) and not t.isdigit() and t not in stopwords]


def keywords(df: pd.DataFrame, top: int = 30, stopwords: set[str] = STOPWORDS) -> pd.DataFrame:
    """The ``top`` most frequent words: how often they occur and in how many comments."""
    uses: Counter[str] = Counter()
    comments: Counter[str] = Counter()
    for text in df["content"]:
        found = words(text, stopwords)
        uses.update(found)
        comments.update(set(found))
    ranked = sorted(uses.items(), key=lambda item: (-item[1], item[0]))[:top]
    return pd.DataFrame({"word": [w for w, _ in ranked], "count": [c for _, c in ranked],
                         "comments": [comments[w] for w, _ in ranked]},
                        columns=["word", "count", "comments"])


def top_comments(df: pd.DataFrame, n: int = 10, titles: dict | None = None) -> pd.DataFrame:
    """The ``n`` most liked comments (ties: older comment id first); users only as hashes."""
    ranked = df.sort_values(["liked", "comment_id"], ascending=[False, True]).head(n)
    out = pd.DataFrame({
        "song_id": ranked["song_id"].to_numpy(),
        "title": [(titles or {}).get(s, "") for s in ranked["song_id"]],
        "liked": ranked["liked"].to_numpy(),
        "hot": ranked["hot"].to_numpy(),
        "user_hash": ranked["user_hash"].to_numpy(),
        "time": ranked["time"].dt.strftime("%Y-%m-%d %H:%M").to_numpy(),
        "content": ranked["content"].to_numpy(),
    })
    return out.reset_index(drop=True)


def song_summary(df: pd.DataFrame, titles: dict | None = None) -> pd.DataFrame:
    """One row per song: comments, hot comments, distinct users, likes, late-night share."""
    rows = []
    for song, part in df.groupby("song_id", sort=True):
        users = part.loc[part["user_hash"].fillna("") != "", "user_hash"]
        night = part["hour"].dropna().astype(int)
        rows.append({
            "song_id": song,
            "title": (titles or {}).get(song, ""),
            "comments": len(part),
            "hot_comments": int(part["hot"].sum()),
            "users": int(users.nunique()),
            "median_liked": float(part["liked"].median()),
            "max_liked": int(part["liked"].max()),
            # 22:00-01:59: the famous "网抑云" hours
            "late_night_share": round(float(night.isin([22, 23, 0, 1]).mean()), 4)
            if len(night) else 0.0,
        })
    return pd.DataFrame(rows)
