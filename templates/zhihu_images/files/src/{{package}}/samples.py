"""The demo site: two answer pages, one ordinary web page, robots.txt and PNG pictures.

Everything is invented and generated from a seed (no real question, answer, person or
photo). The answer HTML copies the *structure* Zhihu uses for images (a ``<noscript>``
copy, a lazy ``<img>`` with a ``data:`` placeholder, ``data-original`` /
``data-actualsrc``, size suffixes), so the same extraction code works on saved pages.

Traps built in on purpose, each one handled somewhere in the code:

* picture A appears three times: ``_r`` / ``_b`` in answer 1, ``_720w?source=...`` in
  answer 3 and ``_720w`` on the web page -> downloaded once (:mod:`.extract`);
* a sticker (emoji) and a 1x1 tracking pixel -> skipped;
* picture B has only ``data-actualsrc`` -> the second attribute in the priority list;
* picture D is picture A at half size -> a near duplicate (stretch exercise);
* "picture" E is an HTML error page with a ``.png`` name -> rejected by content type;
* picture G lives under ``/private/``, which robots.txt forbids -> never requested.

``data/sample/`` holds the text files written by :func:`write_samples` (``python -m
<package> generate``); a test checks that they equal a fresh generation.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from PIL import Image, ImageDraw

DEFAULT_SEED = 2024
QUESTION_ID = "20240001"
PAGE_LIMIT = 3
SAMPLE_FILES = ("answers_page1.json", "answers_page2.json", "gallery.html", "robots.txt")
PLACEHOLDER = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' "
               "width='{w}' height='{h}'></svg>")

ROBOTS = """User-agent: *
Disallow: /private/
"""


def picture_ids(seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Letter -> a Zhihu-like file id ``v2-<32 hex>``."""
    rng = random.Random(seed)
    return {letter: f"v2-{rng.getrandbits(128):032x}" for letter in "ABCDEFG"}


def _figure(pid: str, width: int, height: int, original: bool = True) -> str:
    """The two ``<img>`` tags Zhihu writes for one picture."""
    placeholder = PLACEHOLDER.format(w=width, h=height).replace("<", "&lt;").replace(">", "&gt;")
    original_attr = f' data-original="/pics/{pid}_r.png"' if original else ""
    noscript_src = f"/pics/{pid}_b.png" if original else f"/pics/{pid}_720w.png"
    lazy_src = f"/pics/{pid}_b.png" if original else f"/pics/{pid}_720w.png"
    return (
        f'<figure data-size="normal"><noscript><img src="{noscript_src}" '
        f'data-rawwidth="{width}" data-rawheight="{height}" '
        f'class="origin_image zh-lightbox-thumb" width="{width}"{original_attr}/></noscript>'
        f'<img src="{placeholder}" data-rawwidth="{width}" data-rawheight="{height}" '
        f'class="origin_image zh-lightbox-thumb lazy" width="{width}"{original_attr} '
        f'data-actualsrc="{lazy_src}"/></figure>'
    )


def _answers(seed: int) -> list[dict]:
    ids = picture_ids(seed)
    rng = random.Random(seed + 1)
    sticker = ('<img src="/pics/emoji/v2-smile_s.png" class="sticker" width="20" '
               'height="20" alt="[微笑]"/>')
    contents = [
        f"<p>傍晚在江边拍到的晚霞，颜色一层一层的。{sticker}</p>{_figure(ids['A'], 480, 320)}"
        "<p>手机直出，没有修图。</p>",
        f"<p>楼下花坛和一面彩色的墙。</p>{_figure(ids['B'], 400, 400, original=False)}"
        f"{_figure(ids['C'], 360, 480)}",
        f"<p>同一张晚霞，转发一下。</p><p><img src=\"/pics/{ids['A']}_720w.png?source=1940ef5c\" "
        f"width=\"480\" height=\"320\"/></p>"
        f"<p>这张上传坏了：</p>{_figure(ids['E'], 300, 200)}",
        f"<p>压缩过的小图版本。</p>{_figure(ids['D'], 240, 160)}",
        "<p>只有文字的回答也很常见。</p>"
        '<img src="/pics/stat/pixel_1x1.png" width="1" height="1" alt=""/>',
    ]
    return [
        {"id": 1100000001 + number, "type": "answer", "content": content,
         "voteup_count": rng.randint(0, 300)}
        for number, content in enumerate(contents)
    ]


def _page(answers: list[dict], offset: int, total: int, seed: int) -> dict:
    from .api import answers_url

    end = offset + PAGE_LIMIT >= total
    following = answers_url(QUESTION_ID, limit=PAGE_LIMIT, offset=offset + PAGE_LIMIT, base="")
    return {
        "data": answers[offset:offset + PAGE_LIMIT],
        "paging": {"is_end": end, "is_start": offset == 0, "next": following,
                   "totals": total},
    }


def _gallery(seed: int) -> str:
    ids = picture_ids(seed)
    return f"""<!doctype html>
<html lang="zh">
<head><meta charset="utf-8"><title>示例相册：周末散步</title></head>
<body>
<h1>示例相册：周末散步</h1>
<p>一个允许抓取的普通网页（虚构内容）。</p>
<img src="/pics/{ids['A']}_720w.png" width="480" height="320" alt="晚霞">
<img src="/gallery/{ids['F']}.png" width="320" height="240" alt="小路">
<img src="/private/{ids['G']}.png" width="320" height="240" alt="不公开的图">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<img src="/pics/stat/pixel_1x1.png" width="1" height="1" alt="">
</body>
</html>
"""


def site_files(seed: int = DEFAULT_SEED) -> dict[str, str]:
    """The text files of the demo site: name -> content."""
    answers = _answers(seed)
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {
        "answers_page1.json": dump(_page(answers, 0, len(answers), seed)),
        "answers_page2.json": dump(_page(answers, PAGE_LIMIT, len(answers), seed)),
        "gallery.html": _gallery(seed),
        "robots.txt": ROBOTS,
    }


def write_samples(folder: str | Path = "data/sample", seed: int = DEFAULT_SEED) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in site_files(seed).items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def draw_picture(seed: int, size: tuple[int, int]) -> Image.Image:
    """A colourful invented picture: a vertical gradient and a few shapes."""
    rng = random.Random(seed)
    width, height = size
    top = [rng.randint(0, 255) for _ in range(3)]
    bottom = [rng.randint(0, 255) for _ in range(3)]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(5):
        x0, y0 = rng.randint(0, width - 20), rng.randint(0, height - 20)
        x1, y1 = x0 + rng.randint(20, width // 2), y0 + rng.randint(20, height // 2)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        else:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pictures(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """File id -> PNG bytes for every real picture of the site (E is missing on purpose)."""
    ids = picture_ids(seed)
    sizes = {"A": (480, 320), "B": (400, 400), "C": (360, 480), "F": (320, 240),
             "G": (320, 240)}
    images = {letter: draw_picture(seed * 10 + n, size)
              for n, (letter, size) in enumerate(sizes.items())}
    images["D"] = images["A"].resize((240, 160), Image.Resampling.LANCZOS)
    return {ids[letter]: png_bytes(image) for letter, image in images.items()}


def broken_ids(seed: int = DEFAULT_SEED) -> set[str]:
    return {picture_ids(seed)["E"]}


def sticker_png() -> bytes:
    return png_bytes(Image.new("RGB", (20, 20), (250, 200, 0)))
