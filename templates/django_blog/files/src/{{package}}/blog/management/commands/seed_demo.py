"""``python manage.py seed_demo``: fill the blog with invented demo posts.

Running it again changes nothing (posts are matched by slug, comments by author name and
text), so it is safe to run after every ``migrate``. ``--file posts.json`` imports your
own posts in the same format instead (see sample_posts.py).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ...models import Category, Comment, Post, Tag
from ...sample_posts import DEFAULT_SEED, generate_posts, load_posts

DEMO_USERNAME = "demo_author"


class Command(BaseCommand):
    help = "Create (or update) the demo posts, categories, tags and comments."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="import posts from this JSON file instead")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"seed of the generated demo posts (default {DEFAULT_SEED})")

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            posts = load_posts(options["file"]) if options["file"] else generate_posts(
                options["seed"])
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc

        author, made = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "小满"}
        )
        if made:
            author.set_unusable_password()  # the demo author can never log in
            author.save()

        created = updated = 0
        for data in posts:
            category = None
            if data.get("category"):
                category, _ = Category.objects.get_or_create(name=data["category"])
            tags = [Tag.objects.get_or_create(name=name)[0] for name in data.get("tags", [])]
            slug = data.get("slug") or slugify(data["title"], allow_unicode=True)
            fields = {
                "title": data["title"],
                "body": data["body"],
                "category": category,
                "status": data.get("status", Post.Status.PUBLISHED),
                "author": author,
            }
            if data.get("published_at"):
                fields["published_at"] = datetime.fromisoformat(data["published_at"])
            post, made = Post.objects.update_or_create(slug=slug, defaults=fields)
            created += made
            updated += not made
            post.tags.set(tags)
            for c in data.get("comments", []):
                Comment.objects.get_or_create(
                    post=post, name=c["name"], body=c["body"],
                    defaults={"created": datetime.fromisoformat(c["created"])
                              if c.get("created") else timezone.now()},
                )
        self.stdout.write(self.style.SUCCESS(
            f"demo posts: {created} created, {updated} updated "
            f"({Post.objects.count()} posts, {Comment.objects.count()} comments in total)"
        ))
