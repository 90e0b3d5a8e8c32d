"""A deterministic synthetic playlist and comment set, shaped like the real pages and API.

Everything here is invented: the playlist, the song titles, every comment text, the user ids
and the nicknames. Only the *format* follows the real site, so the same parser, pager and
analysis run on it. The demo and the tests never touch the network.

:class:`SyntheticAPI` answers comment-API URLs from this data, page by page, like the live
API would; one song imitates the known quirk that deep offsets return the same page again,
so the pager's "repeated page" stop has something to stop on.

Randomness only uses ``random.Random(seed).random()``, whose sequence Python keeps the same
across versions, so the committed sample equals a fresh generation everywhere.
"""

from __future__ import annotations

import html
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .api import song_id_from_url

DEFAULT_SEED = 163
SHANGHAI = timezone(timedelta(hours=8))   # China has no daylight saving time
PLAYLIST_ID = 900001
PLAYLIST_NAME = "深夜单曲循环（虚构歌单）"
SAMPLE_FILES = ("playlist.html", "comments_api.json")

# song id, title, number of comments, peak hour of commenting, offset after which the
# API starts repeating the same page (None: never)
SONGS = [
    (9100001, "夏夜的风", 58, 21, None),
    (9100002, "旧街灯", 90, 23, 40),
    (9100003, "海边的信", 170, 1, None),
    (9100004, "凌晨四点的便利店", 37, 3, None),
]

OPENERS = [
    "第一次听就哭了", "单曲循环第三天", "凌晨两点还在听", "谁懂这首歌的前奏", "高三的时候天天听",
    "下班路上突然听到", "耳机里只剩这一首", "今天又来听了", "毕业三年了再听", "雨天适合这首歌",
    "失眠的夜里听着", "一个人坐末班车", "把这首歌分享给了朋友", "考研结束那天听",
]
MIDDLES = [
    "想起了毕业那年的夏天", "副歌一出来就绷不住了", "歌词写的就是我自己", "编曲真的太干净了",
    "希望你也在听", "好像回到了十七岁", "这个声音太温柔了", "每一句都唱到心里",
    "前奏一响全是回忆", "旋律简单却很动人", "海风和吉他的感觉", "明天也要加油",
    "晚安这个世界", "城市的灯一盏一盏灭了",
]
ENDINGS = ["", "", "", "。", "！", "[大哭]", "[爱心]", "[流泪]", "[可爱]", "😭", "🌙", "✨",
           "[爱心][爱心]", "…"]
SHORT = ["好听", "打卡", "来了", "前排", "循环中", "太好听了", "[爱心]", "😭😭", "晚安", "收藏了"]
NICK_PARTS = ["云上的", "晚风", "路过的", "不吃香菜的", "海边的", "失眠的", "戴耳机的", "早起的"]
NICK_NOUNS = ["鲸", "猫", "旅人", "少年", "木星", "橘子", "耳朵", "风铃"]
N_USERS = 260


class _Rng:
    """Small helpers built on ``random()`` only (its sequence is stable across Pythons)."""

    def __init__(self, seed: int):
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def below(self, n: int) -> int:
        return min(int(self._r.random() * n), n - 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p: float) -> bool:
        return self._r.random() < p


def _hour(rng: _Rng, peak: int) -> int:
    """An hour of day that is most likely near ``peak`` and rare in the early morning."""
    weights = []
    for hour in range(24):
        distance = min(abs(hour - peak), 24 - abs(hour - peak))
        weights.append(1.0 + 8.0 / (1.0 + distance * distance) + (2.0 if 19 <= hour else 0.0))
    x = rng.random() * sum(weights)
    for hour, weight in enumerate(weights):
        x -= weight
        if x < 0:
            return hour
    return 23


def _likes(rng: _Rng) -> int:
    """Heavy-tailed likes: most comments get none or a few, a handful get thousands."""
    u = rng.random()
    return min(int((1.0 / (1.0 - u)) ** 1.5) - 1, 30000)


def _text(rng: _Rng, nicknames: list[str]) -> str:
    if rng.chance(0.22):
        return rng.pick(SHORT)
    parts = [rng.pick(OPENERS)]
    if rng.chance(0.8):
        parts.append(rng.pick(MIDDLES))
    if rng.chance(0.25):
        parts.append(rng.pick(MIDDLES))
    text = "，".join(parts) + rng.pick(ENDINGS)
    if rng.chance(0.06):
        text = f"回复@{rng.pick(nicknames)}：{text}"
    return text


def _users(rng: _Rng) -> list[tuple[int, str]]:
    users = []
    for i in range(N_USERS):
        nickname = f"{rng.pick(NICK_PARTS)}{rng.pick(NICK_NOUNS)}{rng.below(9000) + 1000}"
        users.append((80000000 + i * 37 + rng.below(37), nickname))
    return users


def generate(seed: int = DEFAULT_SEED) -> dict:
    """The synthetic playlist and, per song, its comments in the API's JSON shape."""
    rng = _Rng(seed)
    users = _users(rng)
    nicknames = [nick for _, nick in users]
    start = datetime(2025, 3, 1, tzinfo=SHANGHAI)
    songs = []
    for index, (song_id, title, n, peak, repeat_after) in enumerate(SONGS):
        comments = []
        for k in range(n):
            day = start + timedelta(days=rng.below(184))
            when = day.replace(hour=_hour(rng, peak), minute=rng.below(60),
                               second=rng.below(60))
            comment = {
                "commentId": (index + 1) * 1000000 + k + 1,
                "content": _text(rng, nicknames),
                "likedCount": _likes(rng),
                "time": int(when.timestamp()) * 1000,
            }
            user_id, nickname = users[rng.below(len(users))]
            if not rng.chance(0.03):        # a few deleted accounts: no user at all
                comment["user"] = {"userId": user_id, "nickname": nickname}
            if rng.chance(0.02):            # and a few answers without a like count
                del comment["likedCount"]
            comments.append(comment)
        comments.sort(key=lambda c: (c["time"], c["commentId"]), reverse=True)  # newest first
        hot = sorted(comments, key=lambda c: (-c.get("likedCount", 0), c["commentId"]))[:5]
        songs.append({"song_id": song_id, "title": title, "repeat_after": repeat_after,
                      "hotComments": hot, "comments": comments})
    return {"playlist": {"id": PLAYLIST_ID, "name": PLAYLIST_NAME}, "songs": songs}


def playlist_html(data: dict) -> str:
    """A small playlist page in the structure of the real one (hidden ``ul.f-hide`` list)."""
    playlist = data["playlist"]
    items = "\n".join(
        f'      <li><a href="/song?id={s["song_id"]}">{html.escape(s["title"])}</a></li>'
        for s in data["songs"]
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{html.escape(playlist["name"])} - 歌单</title></head>
<body>
  <div class="g-bd">
    <h2 class="f-ff2">{html.escape(playlist["name"])}</h2>
    <a href="/user/home?id=1">创建者主页（示例链接，不是歌曲）</a>
    <ul class="f-hide">
{items}
    </ul>
    <div id="song-list-pre-cache"><p>歌曲列表加载中…（真实页面在这里用 JavaScript 渲染）</p></div>
  </div>
</body>
</html>
"""


class SyntheticAPI:
    """Answers comment-API URLs from synthetic data, like the live API answers them.

    Use it as the ``get_json`` of :func:`.api.fetch_song_comments`. ``calls`` lists the URLs
    asked for, so the demo can show what a live crawl would have requested.
    """

    def __init__(self, data: dict):
        self.songs = {s["song_id"]: s for s in data["songs"]}
        self.calls: list[str] = []

    def __call__(self, url: str) -> dict:
        self.calls.append(url)
        song = self.songs.get(song_id_from_url(url) or -1)
        if song is None:
            return {"code": 404, "msg": "no such song in the synthetic data"}
        query = parse_qs(urlsplit(url).query)
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", ["20"])[0])
        comments = song["comments"]
        repeat_after = song["repeat_after"]
        if repeat_after is not None and offset > repeat_after:
            offset = repeat_after          # the quirk: deeper pages repeat an earlier one
            more = True
        else:
            more = offset + limit < len(comments)
        page = {"code": 200, "total": len(comments), "more": more,
                "comments": comments[offset:offset + limit]}
        if offset == 0:
            page["hotComments"] = song["hotComments"]
        return page


def write_sample(out_dir: str | Path = "data/sample", seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``playlist.html`` and ``comments_api.json`` (what the tests compare byte by byte)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = generate(seed)
    html_path = out / SAMPLE_FILES[0]
    html_path.write_text(playlist_html(data), encoding="utf-8", newline="\n")
    json_path = out / SAMPLE_FILES[1]
    songs = []
    for song in data["songs"]:
        # one comment per line: small diffs when the generator changes
        lines = ",\n".join("    " + json.dumps(c, ensure_ascii=False, sort_keys=True)
                           for c in song["comments"])
        hot = ", ".join(str(c["commentId"]) for c in song["hotComments"])
        title = json.dumps(song["title"], ensure_ascii=False)
        songs.append(
            f'  {{"song_id": {song["song_id"]}, "title": {title},\n'
            f'   "repeat_after": {json.dumps(song["repeat_after"])},\n'
            f'   "hot_ids": [{hot}],\n'
            f'   "comments": [\n{lines}\n   ]}}'
        )
    playlist = json.dumps(data["playlist"], ensure_ascii=False, sort_keys=True)
    text = '{"playlist": ' + playlist + ',\n "songs": [\n' + ",\n".join(songs) + "\n ]}\n"
    json_path.write_text(text, encoding="utf-8", newline="\n")
    return [html_path, json_path]


def read_sample(path: str | Path) -> dict:
    """Read ``comments_api.json`` back into the structure :func:`generate` returns."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    data = json.loads(path.read_text(encoding="utf-8"))
    for song in data["songs"]:
        by_id = {c["commentId"]: c for c in song["comments"]}
        song["hotComments"] = [by_id[i] for i in song.pop("hot_ids")]
    return data
