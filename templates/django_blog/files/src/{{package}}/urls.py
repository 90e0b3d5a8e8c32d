"""Site URLs: the admin under /admin/, everything else from the blog app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include(f"{__package__}.blog.urls")),
]
