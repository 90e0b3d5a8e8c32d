from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = __package__  # "<package>.blog"
    label = "blog"
    verbose_name = "博客 Blog"
    default_auto_field = "django.db.models.BigAutoField"
