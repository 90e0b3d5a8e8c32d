"""Template filters: ``{{ post.body|markdown }}`` renders sanitised Markdown."""

from django import template

from ..markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Markdown -> HTML cleaned by nh3 (see markup.py). Use this, never ``|safe``."""
    return render_markdown(text)
