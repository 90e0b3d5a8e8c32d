"""Django settings, read from environment variables (and an untracked ``.env`` file).

| variable             | meaning                                         | default             |
| -------------------- | ----------------------------------------------- | ------------------- |
| DJANGO_SECRET_KEY    | signing key; required when DJANGO_DEBUG is off  | none                |
| DJANGO_DEBUG         | 1 = development, 0 = production                 | 0                   |
| DJANGO_ALLOWED_HOSTS | comma-separated host names                      | 127.0.0.1,localhost |
| BLOG_DATABASE        | path of the SQLite file                         | var/db.sqlite3      |

The project root's ``.env`` is read first; the real environment wins over it.
"""

import os
from pathlib import Path

from .envconfig import env_bool, env_list, load_env_file, resolve_secret_key

PACKAGE = __package__
# src/<package>/settings.py -> the project root (an editable install: pip install -e .)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
load_env_file(PROJECT_ROOT / ".env")

DEBUG = env_bool(os.environ.get("DJANGO_DEBUG"), default=False)
SECRET_KEY = resolve_secret_key(os.environ.get("DJANGO_SECRET_KEY"), DEBUG)
ALLOWED_HOSTS = env_list(os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    f"{PACKAGE}.blog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    f"{PACKAGE}.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # CSRF protection: keep it on
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = f"{PACKAGE}.urls"
WSGI_APPLICATION = f"{PACKAGE}.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(os.environ.get("BLOG_DATABASE") or PROJECT_ROOT / "var" / "db.sqlite3"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_ROOT / "var" / "static"  # `manage.py collectstatic` copies files here

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cookies: HttpOnly by default; over HTTPS in production also send them only encrypted.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Scripts, styles, images, fonts and form targets only from this site; no plugins, no
# frames around the site. Markdown images from other sites are turned into links.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The memory of this process; with several server processes use a shared cache instead.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

BLOG_POSTS_PER_PAGE = 5
BLOG_FEED_ITEMS = 20
BLOG_COMMENT_LIMIT = 5        # comments one client address may post ...
BLOG_COMMENT_WINDOW = 600     # ... within this many seconds (see blog/throttle.py)
