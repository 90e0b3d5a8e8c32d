"""Posts, categories, tags and comments.

Slugs may contain Chinese characters (``allow_unicode=True``): the post “你好，世界”
lives at ``/post/你好世界/``. A post is visible to visitors only when its status is
*published* and its publication time has come; drafts answer 404.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .markup import plain_text_excerpt, reading_minutes


def unique_slug(model, text: str, exclude_pk=None, max_length: int = 80) -> str:
    """``slugify(text, allow_unicode=True)``, made unique with ``-2``, ``-3``, ... suffixes."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "post"
    slug, n = base, 1
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


class SluggedModel(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址名", max_length=60, unique=True, allow_unicode=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk, max_length=60)
        super().save(*args, **kwargs)


class Category(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = verbose_name_plural = "分类"

    def get_absolute_url(self) -> str:
        return reverse("blog:category", args=[self.slug])


class Tag(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = verbose_name_plural = "标签"

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and the publication time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    title = models.CharField("标题", max_length=120)
    slug = models.SlugField(
        "网址名", max_length=80, unique=True, allow_unicode=True, blank=True,
        help_text="留空则根据标题自动生成（可以是中文）",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作者", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="posts",
    )
    category = models.ForeignKey(
        Category, verbose_name="分类", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="posts",
    )
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="posts")
    body = models.TextField("正文（Markdown）")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField("发布时间", default=timezone.now, db_index=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("修改时间", auto_now=True)
    views = models.PositiveIntegerField("阅读次数", default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = verbose_name_plural = "文章"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Post, self.title, exclude_pk=self.pk)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # ``views`` changes only through count_view (F() in the database): saving a
            # copy loaded earlier (the admin, a script) must not write back an old count.
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "views"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def excerpt(self) -> str:
        """About 120 characters of plain text (no HTML) for lists and the feed."""
        return plain_text_excerpt(self.body, 120)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.body)

    def count_view(self) -> None:
        """Add one view in the database itself (``F()``), so two visitors at the same
        moment cannot overwrite each other's count (and ``save`` never writes ``views``)."""
        Post.objects.filter(pk=self.pk).update(views=F("views") + 1)

    def related_posts(self, limit: int = 3):
        """Published posts sharing the most tags with this one (stretch exercise)."""
        # >>> SOLUTION
        tag_ids = list(self.tags.values_list("pk", flat=True))
        if not tag_ids:
            return Post.objects.none()
        return (
            Post.objects.published()
            .exclude(pk=self.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared=models.Count("tags", distinct=True))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )
        # <<< SOLUTION
        # >>> STUB
        # raise NotImplementedError(
        #     "练习（学生）：按共同标签数从多到少返回其他已发布文章"
        #     " / exercise: return the other published posts, most shared tags first")
        # <<< STUB


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField("昵称", max_length=40)
    body = models.TextField("内容", max_length=2000)
    created = models.DateTimeField("时间", default=timezone.now)
    is_public = models.BooleanField("显示", default=True, help_text="取消勾选即可隐藏这条评论")

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = verbose_name_plural = "评论"

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:30]}"
