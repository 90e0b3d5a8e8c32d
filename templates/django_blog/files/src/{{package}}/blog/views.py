"""Views: lists (home, category, tag, month, search), post page, comments, archive.

Anonymous visitors see published posts only; a logged-in staff user may preview drafts.
The comment form is POST-only, protected by Django's CSRF middleware and throttled per
client address (``blog/throttle.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import throttle
from .forms import CommentForm
from .models import Category, Post, Tag

SEARCH_MAX_LENGTH = 100


def _visible_posts(request):
    posts = Post.objects.select_related("category", "author").prefetch_related("tags")
    return posts if request.user.is_staff else posts.published()


def _post_list(request, posts, heading: str, **extra):
    paginator = Paginator(posts, settings.BLOG_POSTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page_obj": page, "posts": page.object_list, "heading": heading, **extra}
    return render(request, "blog/post_list.html", context)


def post_list(request):
    return _post_list(request, Post.objects.published().select_related("category")
                      .prefetch_related("tags"), "最新文章")


def category_posts(request, slug):
    category = get_object_or_404(Category, slug=slug)
    posts = category.posts.published().select_related("category").prefetch_related("tags")
    return _post_list(request, posts, f"分类：{category.name}")


def tag_posts(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    posts = tag.posts.published().select_related("category").prefetch_related("tags")
    return _post_list(request, posts, f"标签：{tag.name}")


def month_posts(request, year: int, month: int):
    if not 1 <= month <= 12:
        raise Http404("no such month")
    posts = (Post.objects.published()
             .filter(published_at__year=year, published_at__month=month)
             .select_related("category").prefetch_related("tags"))
    return _post_list(request, posts, f"{year} 年 {month} 月")


def search(request):
    """Case-insensitive search in titles and bodies; title matches come first."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    posts = Post.objects.none()
    if query:
        posts = (
            Post.objects.published()
            .filter(Q(title__icontains=query) | Q(body__icontains=query))
            .annotate(rank=Case(When(title__icontains=query, then=Value(2)),
                                default=Value(1), output_field=IntegerField()))
            .order_by("-rank", "-published_at", "-pk")
            .select_related("category").prefetch_related("tags")
        )
    # The query is shown with {{ query }}: auto-escaping makes "<script>" harmless text.
    return _post_list(request, posts, f"搜索：{query}" if query else "搜索", query=query)


def archive(request):
    """Months that have published posts, newest first, with the number of posts."""
    months = (Post.objects.published()
              .annotate(month=TruncMonth("published_at"))
              .values("month").annotate(count=Count("pk")).order_by("-month"))
    return render(request, "blog/archive.html", {"months": months})


def post_detail(request, slug):
    post = get_object_or_404(_visible_posts(request), slug=slug)
    if post.is_public:
        post.count_view()
    return _render_post(request, post, CommentForm())


def _render_post(request, post, form, status=200):
    try:
        related = list(post.related_posts())
    except NotImplementedError:  # stretch exercise not done yet
        related = []
    context = {
        "post": post,
        "comments": post.comments.filter(is_public=True),
        "form": form,
        "related": related,
    }
    return render(request, "blog/post_detail.html", context, status=status)


@require_POST
def add_comment(request, slug):
    post = get_object_or_404(Post.objects.published(), slug=slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, form, status=400)
    address = request.META.get("REMOTE_ADDR") or "unknown"
    wait = throttle.retry_after(address)
    if wait:
        minutes = -(-wait // 60)
        form.add_error(None, f"评论太频繁了，请 {minutes} 分钟后再试。")
        response = _render_post(request, post, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    comment = form.save(commit=False)
    comment.post = post
    comment.save()
    throttle.record(address)
    messages.success(request, "评论已发表，谢谢！")
    # Post/Redirect/Get: reloading the page does not send the comment twice.
    return redirect(f"{post.get_absolute_url()}#comment-{comment.pk}")
