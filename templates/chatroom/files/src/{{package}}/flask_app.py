"""The Flask + Flask-SocketIO front end.

Browser  --Socket.IO events-->  handlers below  -->  ChatCore.handle()  -->  deliveries
         <--"chat"/"presence"/"joined"/"chat_error" events--  socketio.emit(to=sid)

* The page loads the vendored Socket.IO client from ``static/socket.io.min.js`` (no CDN).
* The only HTTP routes are GET pages; everything that changes state travels over the
  Socket.IO connection, whose origin Flask-SocketIO checks (same origin only by default).
* ``SECRET_KEY`` comes from the environment (``FLASK_SECRET_KEY``); only a debug run may
  fall back to a random throwaway key.
"""

from __future__ import annotations

import secrets

from flask import Flask, abort, render_template, request
from flask_socketio import SocketIO

from . import DEFAULT_LANG, LOOPBACK
from .core import EVENTS, ChatCore, check_room, clock_text
from .errors import ChatError
from .texts import ui_texts

# No inline scripts, nothing from other sites: even if some text slipped through unescaped,
# the browser would refuse to run it.
CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'"


class MissingSecretKeyError(RuntimeError):
    """Raised when a non-debug app has no SECRET_KEY."""


def _ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("DEBUG"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        app.logger.warning("FLASK_SECRET_KEY is not set: using a random key for this debug run")
        return
    raise MissingSecretKeyError(
        "FLASK_SECRET_KEY is not set. Generate one with "
        "`python -c \"import secrets; print(secrets.token_hex(32))\"` and export it "
        "(or put it into the untracked .env file); only a debug run (--debug / FLASK_DEBUG=1) "
        "may start without it."
    )


def create_app(config: dict | None = None, *, core: ChatCore | None = None,
               lang: str = DEFAULT_LANG) -> Flask:
    """Build the app; its SocketIO object is ``app.extensions["socketio"]``.

    Settings come from ``FLASK_*`` environment variables (``FLASK_SECRET_KEY``,
    ``FLASK_DEBUG``), then from ``config``.
    """
    app = Flask(__name__, template_folder="templates/flask", static_folder="static")
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    _ensure_secret_key(app)
    core = core or ChatCore(lang=lang)
    app.extensions["chat_core"] = core
    socketio = SocketIO(app, async_mode="threading")
    texts = ui_texts(core.lang)

    def deliver(deliveries) -> None:
        for delivery in deliveries:
            for sid in delivery.to:
                socketio.emit(delivery.event, delivery.data, to=sid)

    def make_handler(event: str):
        def handler(data=None):
            deliver(core.handle(request.sid, event, data))
        return handler

    for event in EVENTS:
        socketio.on_event(event, make_handler(event))

    @socketio.on("disconnect")
    def on_disconnect(*_reason):
        deliver(core.disconnect(request.sid))

    @app.get("/")
    def index():
        return render_template("index.html", t=texts, lang=core.lang,
                               default_room=core.default_room)

    @app.get("/history/<room>")
    def history(room: str):
        try:
            room = check_room(room)
        except ChatError:
            abort(404)
        # Jinja escapes every {{ }} in .html templates: message text is shown, never run.
        return render_template("history.html", t=texts, lang=core.lang, room=room,
                               messages=core.history(room), clock=clock_text)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


def run(host: str = "127.0.0.1", port: int = 5000, *, debug: bool = False,
        lang: str = DEFAULT_LANG) -> None:
    """Start the development server (see ``cli.py`` for the warning it prints)."""
    app = create_app({"DEBUG": True} if debug else None, lang=lang)
    socketio = app.extensions["socketio"]
    socketio.run(app, host=host, port=port, debug=debug, use_reloader=False,
                 **werkzeug_options(host))


def werkzeug_options(host: str) -> dict:
    """Werkzeug's server is for development only; Flask-SocketIO refuses it unless told
    (when it is not started from a terminal: an editor's run button, a service, a script).

    We say "I know" only for the loopback addresses (127.0.0.1, localhost, ::1), where
    nobody else can reach it. Any other host gets Flask-SocketIO's own refusal (put a
    production server in front instead).
    """
    return {"allow_unsafe_werkzeug": True} if host in LOOPBACK else {}
