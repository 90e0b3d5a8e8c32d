from django.urls import path, register_converter

from .feeds import LatestPostsFeed
from .views import (
    add_comment,
    archive,
    category_posts,
    month_posts,
    post_detail,
    post_list,
    search,
    tag_posts,
)


class UnicodeSlugConverter:
    """Like Django's ``<slug:...>``, but also accepts Chinese and other letters."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "blog"
urlpatterns = [
    path("", post_list, name="index"),
    path("post/<uslug:slug>/", post_detail, name="post"),
    path("post/<uslug:slug>/comment/", add_comment, name="comment"),
    path("category/<uslug:slug>/", category_posts, name="category"),
    path("tag/<uslug:slug>/", tag_posts, name="tag"),
    path("archive/", archive, name="archive"),
    path("archive/<int:year>/<int:month>/", month_posts, name="month"),
    path("search/", search, name="search"),
    path("feed/", LatestPostsFeed(), name="feed"),
]
