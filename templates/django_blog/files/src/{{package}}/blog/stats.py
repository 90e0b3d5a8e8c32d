"""Numbers about the blog: published posts per category and month, as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db.models import Count
from django.db.models.functions import TruncMonth

from .models import Post

STATS_COLUMNS = ["month", "category", "posts"]
NO_CATEGORY = "未分类"


def posts_per_category_month() -> list[dict]:
    """Rows ``{"month": "2025-11", "category": "技术", "posts": 2}`` sorted by month, category."""
    rows = (Post.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month", "category__name")
            .annotate(posts=Count("pk")))
    table = [
        {"month": row["month"].strftime("%Y-%m"),
         "category": row["category__name"] or NO_CATEGORY,
         "posts": row["posts"]}
        for row in rows
    ]
    return sorted(table, key=lambda r: (r["month"], r["category"]))


def write_stats_csv(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=STATS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(posts_per_category_month())
    return path
