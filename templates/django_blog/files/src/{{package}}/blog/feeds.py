"""RSS feed of the latest published posts (django.contrib.syndication)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import Post


class LatestPostsFeed(Feed):
    title = "我的博客 · 最新文章"
    link = reverse_lazy("blog:index")
    description = "最新发布的文章"

    def items(self):
        return Post.objects.published().select_related("category")[: settings.BLOG_FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Plain text: feed readers get no HTML from us at all.
        return item.excerpt

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.category.name] if item.category else []
