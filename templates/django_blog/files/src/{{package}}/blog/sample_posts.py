"""Invented demo posts in Chinese, generated deterministically from a seed.

Every title, book, place and nickname here is made up; no real people appear. The same
seed always gives the same posts, so ``data/sample/posts.json`` (written by
``python -m <package> generate``) can be checked byte for byte by a test.

The JSON format is also the import format of ``manage.py seed_demo --file``::

    {"posts": [{"title": ..., "slug": ..., "category": ..., "tags": [...],
                "status": "published" | "draft", "published_at": "2024-09-03T20:15:00+08:00",
                "body": "Markdown ...", "comments": [{"name": ..., "body": ..., "created": ...}]}]}
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from django.utils.text import slugify

DEFAULT_SEED = 2024
SHANGHAI = timezone(timedelta(hours=8))
FIRST_DAY = datetime(2024, 9, 1, 8, 0, tzinfo=SHANGHAI)
DAYS = 240  # posts are spread over about eight months

# (title, category, tags, section headings)
TOPICS = [
    ("用 Python 给照片按拍摄日期归档", "技术", ["Python", "自动化"], ["思路", "遇到的坑"]),
    ("第一次用 Django 写博客", "技术", ["Python", "Django"], ["为什么选 Django", "模型怎么设计"]),
    ("SQLite 的几个小技巧", "技术", ["数据库", "笔记"], ["先说结论", "细节"]),
    ("正则表达式入门笔记", "技术", ["Python", "笔记"], ["基本语法", "练习题"]),
    ("用 pytest 给老代码补测试", "技术", ["Python", "测试"], ["从哪里下手", "小结"]),
    ("Markdown 里的 HTML 为什么要过滤", "技术", ["安全", "Django"], ["问题在哪", "怎么做"]),
    ("读《雾中的灯塔》：一本关于等待的小说", "读书", ["小说", "读书笔记"],
     ["故事", "印象最深的一段"]),
    ("《慢慢来的数学》读书笔记", "读书", ["数学", "读书笔记"], ["书里讲了什么", "我的收获"]),
    ("今年读过的五本书", "读书", ["书单"], ["书单", "明年想读"]),
    ("学做番茄炒蛋的第七次尝试", "生活", ["做饭"], ["准备", "这次的改进"]),
    ("阳台上的小番茄丰收了", "生活", ["种植", "阳台"], ["从发芽到结果", "经验"]),
    ("早起一个月的记录", "生活", ["习惯", "笔记"], ["开始", "一个月后"]),
    ("坐绿皮火车去海边", "旅行", ["火车", "海边"], ["路上", "到了海边"]),
    ("山里的一个雨天", "旅行", ["徒步", "摄影"], ["出发", "下雨之后"]),
    ("在小城骑自行车", "旅行", ["骑行", "摄影"], ["路线", "小城印象"]),
    ("博客改版计划", "生活", ["Django", "笔记"], ["想改什么", "先不改什么"]),
]
DRAFT_TITLES = {"博客改版计划", "正则表达式入门笔记"}

OPENERS = [
    "这件事想写很久了，今天终于有空整理一下。",
    "周末下了一场雨，正好坐下来把这段时间的想法记下来。",
    "先说一句：下面都是我自己的经验，不一定适合每个人。",
    "朋友问起这件事，干脆写成一篇文章，以后直接发链接。",
    "记录一下，免得过几个月又忘了。",
]
PARAGRAPHS = {
    "技术": [
        "一开始我把所有代码都写在一个文件里，很快就找不到东西了。后来按功能拆成几个模块，每个模块只做一件事，读起来轻松多了。",
        "最有用的习惯是先写一个小例子验证想法，确认能跑通，再慢慢补上细节和错误处理。",
        "调试的时候，与其到处加 `print`，不如先写一个能复现问题的最小测试，"
        "问题往往自己就露出来了。",
        "文档里其实都写了，只是我第一次读的时候没有耐心。第二次从头读到尾，省下了半天时间。",
        "命名比想象中重要：变量名写清楚，注释就可以少写很多。",
        "别忘了处理空输入和奇怪的字符，比如全角空格和 emoji，它们总会在最意想不到的时候出现。",
    ],
    "读书": [
        "这本书节奏很慢，前五十页几乎什么都没有发生，但读到一半才发现，那些平静的段落都是铺垫。",
        "作者很少直接下结论，而是把例子摆在那里，让读者自己去想，这种写法我很喜欢。",
        "有几章我读了两遍，第二遍边读边做笔记，才真正理解了书里的论证。",
        "书里的人物都不完美，正因为这样才显得真实。",
        "合上书以后，我在阳台上坐了很久，想起了很多小时候的事。",
        "如果只能推荐一章，我会推荐第三章，它几乎概括了整本书的想法。",
    ],
    "生活": [
        "做饭这件事，火候比配方重要。同样的材料，早一分钟和晚一分钟出锅，味道完全不同。",
        "每天记录一点点，一个月后回头看，变化比想象的大。",
        "最难的不是开始，而是第三天、第四天，新鲜感过去以后还能坚持。",
        "邻居家的小猫经常跳到我们的阳台上，趴在花盆旁边晒太阳。",
        "周末的早上去菜市场转一圈，是一周里最放松的时候。",
        "慢慢发现，把一件小事做好，本身就是一种乐趣。",
    ],
    "旅行": [
        "火车开得很慢，窗外的稻田一块接一块地往后退，偶尔能看见几头水牛。",
        "到了以后才发现没带伞，只好在小卖部买了一件塑料雨衣，颜色很鲜艳。",
        "小城的街道不宽，骑车十分钟就能从一头到另一头，路边都是卖早点的小摊。",
        "傍晚的海边人很少，只有几个小朋友在捡贝壳。",
        "山路上遇到一位卖山核桃的老人，他说这条路他走了几十年。",
        "这次旅行没有什么计划，走到哪里算哪里，反而记住了很多细节。",
    ],
}
CLOSERS = [
    "就写到这里，欢迎在下面留言聊聊你的经验。",
    "下次有新的进展再来更新。",
    "如果你也试过，很想听听你的做法。",
    "以上，算是给自己的一个小结。",
]
CODE_SNIPPETS = [
    ("python", 'from pathlib import Path\n\n'
               'for photo in sorted(Path("photos").glob("*.jpg")):\n    print(photo.name)'),
    ("python", "def test_add():\n    assert 1 + 1 == 2"),
    ("sql", "SELECT category, COUNT(*) FROM post GROUP BY category;"),
    ("html", '<script>alert("这段代码只会被当作文字显示")</script>'),
]
LIST_ITEMS = [
    "先想清楚要解决什么问题", "每次只改一处", "改完马上检查结果", "记下踩过的坑",
    "准备一个备用方案", "给自己留出休息时间", "不要和别人比较进度", "完成比完美重要",
]
NICKNAMES = ["山竹", "小鹿", "阿青", "晚风", "北方的树", "橘子汽水", "不会游泳的鱼", "路过的猫"]
COMMENTS = [
    "写得很清楚，收藏了！",
    "同感，我也遇到过一模一样的问题。",
    "请问后来还有更新吗？",
    "看完也想试试，谢谢分享。",
    "第二段说得太对了。",
    "照片呢？想看照片！",
    "学到了，原来还可以这样做。",
]


def _body(rng: random.Random, category: str, headings: list[str]) -> str:
    parts = [rng.choice(OPENERS)]
    pool = PARAGRAPHS[category]
    chosen = rng.sample(pool, 2 * len(headings))  # no paragraph twice in one post
    for i, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts.extend(chosen[2 * i: 2 * i + 2])
    if category == "技术":
        language, code = rng.choice(CODE_SNIPPETS)
        parts.append(f"```{language}\n{code}\n```")
    if rng.random() < 0.6:
        parts.append("几点体会：")
        parts.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3)))
    if rng.random() < 0.3:
        parts.append("> " + rng.choice([p for p in pool if p not in chosen]))
    parts.append(rng.choice(CLOSERS))
    return "\n\n".join(parts) + "\n"


def generate_posts(seed: int = DEFAULT_SEED) -> list[dict]:
    """The demo posts, oldest first."""
    rng = random.Random(seed)
    offsets = sorted(rng.sample(range(DAYS), len(TOPICS)))
    posts = []
    for (title, category, tags, headings), day in zip(TOPICS, offsets, strict=True):
        when = FIRST_DAY + timedelta(days=day, minutes=rng.randrange(0, 14 * 60, 5))
        comments = []
        for k in range(rng.choice([0, 0, 1, 2, 3])):
            comments.append({
                "name": rng.choice(NICKNAMES),
                "body": rng.choice(COMMENTS),
                "created": (when + timedelta(hours=3 + 7 * k)).isoformat(),
            })
        posts.append({
            "title": title,
            "slug": slugify(title, allow_unicode=True),
            "category": category,
            "tags": tags,
            "status": "draft" if title in DRAFT_TITLES else "published",
            "published_at": when.isoformat(),
            "body": _body(rng, category, headings),
            "comments": comments,
        })
    return posts


def posts_json(seed: int = DEFAULT_SEED) -> str:
    return json.dumps({"posts": generate_posts(seed)}, ensure_ascii=False, indent=2) + "\n"


def write_sample(path: Path, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(posts_json(seed), encoding="utf-8", newline="\n")
    return path


def load_posts(path: Path) -> list[dict]:
    """Posts from a JSON file in the format above (e.g. your own exported posts)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    posts = data["posts"] if isinstance(data, dict) else data
    for i, post in enumerate(posts):
        missing = {"title", "body"} - set(post)
        if missing:
            raise ValueError(f"{path}: post {i}: missing {', '.join(sorted(missing))}")
    return posts
