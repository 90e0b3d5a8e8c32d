"""The Flask web UI.

Safety rules this file follows (and the tests check):

* SECRET_KEY comes from the environment; only a debug run may fall back to a random
  development key. Without a key and without debug the app refuses to start.
* Every POST form carries a CSRF token (Flask-WTF ``CSRFProtect``); a POST without one
  gets 400. Deleting is POST-only: a link or an image tag cannot delete a student.
* Pages are Jinja templates with auto-escaping; user data is never marked ``|safe``.
* Every page except /login needs a logged-in user; passwords are checked against
  werkzeug hashes (see users.py). Repeated wrong passwords from one address lock that
  address out for a while (see throttle.py) and get 429 Too Many Requests.
"""

from __future__ import annotations

import io
import math
import os
import secrets
import sys
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect

from . import DEFAULT_LANG
from .csvio import students_to_csv
from .models import FIELD_LABELS, SUBJECTS, Student, ValidationError, format_score, gender_label
from .models import label as field_label
from .report import ranking_or_none
from .repository import DuplicateError, NotFoundError, Repository
from .services import (
    SORT_KEYS,
    class_statistics,
    overview,
    score_distribution,
    search,
    sort_students,
)
from .throttle import LoginThrottle
from .users import UserStore

PER_PAGE = 20


class ConfigError(RuntimeError):
    pass


def resolve_secret_key(config: dict, lang: str = DEFAULT_LANG) -> str:
    """SECRET_KEY from the config or the environment; a random key only in debug mode."""
    key = config.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if key:
        return key
    debug = config.get("DEBUG") or os.environ.get("FLASK_DEBUG") == "1"
    if not debug:
        raise ConfigError(
            "未设置环境变量 SECRET_KEY。生成一个：python -c \"import secrets; "
            "print(secrets.token_hex(32))\"，写进 .env 或环境变量；开发时也可加 --debug。"
            if lang == "zh" else
            "SECRET_KEY is not set. Create one with python -c \"import secrets; "
            "print(secrets.token_hex(32))\" and put it in .env or the environment "
            "(or use --debug while developing)."
        )
    print("警告：调试模式使用临时随机 SECRET_KEY，重启后需要重新登录。" if lang == "zh"
          else "warning: debug mode uses a temporary random SECRET_KEY; "
               "logins end when the server restarts.", file=sys.stderr)
    return secrets.token_hex(32)


def _safe_next(target: str | None) -> str | None:
    """Only redirect to paths on this site (no "//evil.example" or "https://...")."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def create_app(repo: Repository, users: UserStore, config: dict | None = None,
               lang: str = DEFAULT_LANG) -> Flask:
    config = dict(config or {})
    app = Flask(__name__)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=1024 * 1024,
        LANG=lang,
    )
    app.config.update(config)
    app.config["SECRET_KEY"] = resolve_secret_key(config, lang)
    CSRFProtect(app)
    app.login_throttle = LoginThrottle()

    def t(zh: str, en: str) -> str:
        return zh if app.config["LANG"] == "zh" else en

    app.jinja_env.globals.update(
        t=t,
        subjects=SUBJECTS,
        field_label=lambda name: field_label(name, app.config["LANG"]),
        gender_label=lambda code: gender_label(code, app.config["LANG"]),
        fmt=format_score,
        lang=lang,
    )

    def login_required(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if "user" not in session:
                return redirect(url_for("login", next=request.full_path.rstrip("?")))
            return view(*args, **kwargs)

        return wrapped

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'")
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("error.html", message=t(
            "表单已过期或缺少 CSRF 令牌，请刷新页面后重试。",
            "The form expired or lacks its CSRF token; reload the page and try again.")), 400

    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = None
        if request.method == "POST":
            throttle = app.login_throttle
            address = request.remote_addr or "unknown"
            wait = throttle.retry_after(address)
            if wait:
                minutes = math.ceil(wait / 60)
                error = t(f"登录失败次数过多，请 {minutes} 分钟后再试。",
                          f"Too many failed logins; try again in {minutes} minute(s).")
                return render_template("login.html", error=error), 429, {
                    "Retry-After": str(wait)}
            username = request.form.get("username", "")
            if users.check(username, request.form.get("password", "")):
                throttle.succeeded(address)
                session.clear()  # a fresh session on login
                session["user"] = username
                return redirect(_safe_next(request.args.get("next")) or url_for("index"))
            throttle.failed(address)
            error = t("用户名或密码错误", "wrong user name or password")
        status = 401 if error else 200
        return render_template("login.html", error=error), status

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"))

    @app.get("/")
    @login_required
    def index():
        keyword = request.args.get("q", "")
        class_name = request.args.get("class", "")
        key = request.args.get("sort", "student_id")
        if key not in SORT_KEYS:
            key = "student_id"
        descending = request.args.get("desc") == "1"
        everyone = repo.list_all()
        found = sort_students(search(everyone, keyword, class_name), key, descending)
        pages = max(1, math.ceil(len(found) / PER_PAGE))
        page = min(max(request.args.get("page", 1, type=int), 1), pages)
        shown = found[(page - 1) * PER_PAGE: page * PER_PAGE]
        return render_template(
            "list.html", students=shown, found=len(found), total=len(everyone), page=page,
            pages=pages, q=keyword, class_name=class_name, sort=key, desc=descending,
            classes=sorted({s.class_name for s in everyone}), sort_keys=SORT_KEYS)

    def _form_page(student: dict, errors: dict, editing: bool, status: int = 200):
        return render_template("form.html", student=student, errors=errors, editing=editing,
                               fields=list(FIELD_LABELS)), status

    @app.route("/students/new", methods=["GET", "POST"])
    @login_required
    def new_student():
        if request.method == "GET":
            return _form_page({}, {}, editing=False)
        data = request.form.to_dict()
        try:
            student = Student.from_dict(data, lang=app.config["LANG"])
            repo.add(student)
        except ValidationError as exc:
            return _form_page(data, exc.errors, editing=False, status=400)
        except DuplicateError:
            errors = {"student_id": t("该学号已存在", "this student id exists already")}
            return _form_page(data, errors, editing=False, status=400)
        flash(t(f"已添加 {student.name}", f"added {student.name}"))
        return redirect(url_for("index"))

    @app.route("/students/<student_id>/edit", methods=["GET", "POST"])
    @login_required
    def edit_student(student_id: str):
        current = repo.get(student_id)
        if current is None:
            abort(404)
        if request.method == "GET":
            return _form_page(current.to_flat(), {}, editing=True)
        data = request.form.to_dict()
        data["student_id"] = student_id  # the id is the key: it cannot be edited
        try:
            student = Student.from_dict(data, lang=app.config["LANG"])
            repo.update(student)
        except ValidationError as exc:
            return _form_page(data, exc.errors, editing=True, status=400)
        flash(t(f"已保存 {student.name}", f"saved {student.name}"))
        return redirect(url_for("index"))

    @app.post("/students/<student_id>/delete")
    @login_required
    def delete_student(student_id: str):
        try:
            student = repo.delete(student_id)
        except NotFoundError:
            abort(404)
        flash(t(f"已删除 {student.name}（{student.student_id}）",
                f"deleted {student.name} ({student.student_id})"))
        return redirect(url_for("index"))

    @app.get("/stats")
    @login_required
    def stats():
        students = repo.list_all()
        return render_template("stats.html", class_stats=class_statistics(students),
                               distribution=score_distribution(students),
                               ranking=ranking_or_none(students), info=overview(students))

    @app.get("/stats/chart.png")
    @login_required
    def chart():
        from .charts import make_chart

        buffer = io.BytesIO()
        make_chart(repo.list_all(), buffer, lang=app.config["LANG"])
        return Response(buffer.getvalue(), mimetype="image/png")

    @app.get("/export.csv")
    @login_required
    def export():
        body = "\ufeff" + students_to_csv(repo.list_all())
        return Response(body.encode("utf-8"), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=students.csv"})

    return app
