"""The Content-Security-Policy header (Django 5.2 has no built-in one).

The policy tells the browser to run scripts, load styles, images and fonts, and submit
forms only from this site, never to embed the site in a frame, and never to load plugins.
So even if some HTML slipped through the Markdown sanitiser, an injected ``<script>`` or
an image from another site would not be loaded. The pages themselves therefore use no
inline scripts or ``style=`` attributes (a test checks), and Markdown images from other
sites are turned into links (see ``blog/markup.py``).
"""

from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
