"""The offline demo: a throwaway database, demo posts, rendered pages and a CSV.

It never opens a network port: pages are requested with Django's test ``Client``, which
calls the site in-process, and saved as files you can open in a browser.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

from .envconfig import is_real_secret

PAGES_DIR = "site"
STATS_CSV = "posts_per_category_month.csv"
XSS_PROBE = '<script>alert("xss")</script>我想试试能不能注入脚本'


def configure_django(database: Path) -> None:
    """Point Django at ``database`` and start it (must run before anything else uses Django)."""
    os.environ["BLOG_DATABASE"] = str(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{__package__}.settings")
    if not is_real_secret(os.environ.get("DJANGO_SECRET_KEY")):
        # A throwaway key for this one process: the demo serves nothing to anybody.
        import secrets

        os.environ["DJANGO_SECRET_KEY"] = "demo-only-" + secrets.token_urlsafe(40)
    import django

    django.setup()


def _save_page(text: str, path: Path) -> Path:
    # Links to /static/ become relative, so the saved pages find the copied stylesheet.
    path.write_text(text.replace('"/static/', '"static/'), encoding="utf-8")
    return path


def run_demo(out: Path, say=None) -> dict[str, Path]:
    """Build the demo site under ``out`` with a fresh database ``out/demo.sqlite3``."""
    say = say or (lambda zh, en: print(zh))
    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    database = out / "demo.sqlite3"
    database.unlink(missing_ok=True)
    configure_django(database)

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    written = render_demo_site(out, say)
    say(f"数据库：{database}（共 {time.perf_counter() - start:.1f} 秒）",
        f"database: {database} ({time.perf_counter() - start:.1f} s in total)")
    return written


def render_demo_site(out: Path, say=None) -> dict[str, Path]:
    """Seed the demo posts into the current database, request pages with the test Client
    and save them under ``out/site/``; write the statistics CSV. Returns the files by name."""
    say = say or (lambda zh, en: print(zh))
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from .blog.models import Comment, Post
    from .blog.stats import write_stats_csv

    out = Path(out)
    site = out / PAGES_DIR
    site.mkdir(parents=True, exist_ok=True)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    published = Post.objects.published()
    drafts = Post.objects.count() - published.count()
    say(f"演示数据：{published.count()} 篇已发布文章，{drafts} 篇草稿，"
        f"{Comment.objects.count()} 条评论",
        f"demo data: {published.count()} published posts, {drafts} drafts, "
        f"{Comment.objects.count()} comments")

    post = published.filter(body__contains="```").first() or published.first()
    local = timezone.localtime(published.first().published_at)
    pages = {
        "index.html": "/",
        "post.html": post.get_absolute_url(),
        "archive.html": "/archive/",
        f"archive-{local:%Y-%m}.html": f"/archive/{local.year}/{local.month}/",
        "search.html": "/search/?q=Python",
        "feed.xml": "/feed/",
    }
    written: dict[str, Path] = {}
    # The test Client calls the site in-process as host "testserver": allow that host here.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()
        client.post(reverse("blog:comment", args=[post.slug]),
                    {"name": "演示访客", "body": XSS_PROBE}, follow=True)
        for name, url in pages.items():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            written[name] = _save_page(response.content.decode("utf-8"), site / name)
    (site / "static" / "blog").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(finders.find("blog/style.css"), site / "static" / "blog" / "style.css")

    post_html = written["post.html"].read_text(encoding="utf-8")
    escaped = "&lt;script&gt;" in post_html and "<script>alert" not in post_html
    say(f"评论里的 <script> 已被转义为普通文字：{'是' if escaped else '否（请检查模板）'}",
        f"<script> in a comment was escaped to plain text: {'yes' if escaped else 'NO'}")

    written["stats"] = write_stats_csv(out / STATS_CSV)
    say(f"已写入 {len(pages)} 个页面到 {site}/ 和统计表 {written['stats']}",
        f"wrote {len(pages)} pages to {site}/ and {written['stats']}")
    return written
