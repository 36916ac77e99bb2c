"""The staff web: login, meetings, summaries, simulator and administration, server-rendered in Swedish.

Rule: every page needs a logged-in user, every form carries a CSRF token, and every query is scoped to
the user's organisation (another organisation's ids answer 404, as if they did not exist).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date, format_datetime
from flask import Flask, g, redirect, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.wrappers import Response

from .headers import init_headers
from .texts import STAFF_TEXT_FILES, staff_texts

__all__ = ["STAFF_TEXT_FILES", "init_staff"]
IDLE_MINUTES = 30
csrf = CSRFProtect()


def init_staff(app: Flask) -> None:
    """Register the staff web on `app`: cookie flags, login, CSRF, headers, texts and the blueprints."""
    from . import admin, auth, deletion, languages, meetings, paper, simulator, summary
    from .views import render

    secure = str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://")
    app.config.update(SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.config.setdefault("STAFF_IDLE_MINUTES", IDLE_MINUTES)
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(minutes=app.config["STAFF_IDLE_MINUTES"])
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the token lives as long as the (idle-limited) session
    texts = staff_texts()
    app.extensions["staff_texts"] = texts
    app.jinja_env.globals["t"] = texts
    app.jinja_env.filters["sv_date"] = lambda d: format_date(d, format="long", locale="sv")
    app.jinja_env.filters["sv_datetime"] = lambda d: format_datetime(
        d, "yyyy-MM-dd HH:mm", tzinfo=app.extensions["hjulsamtal"].tz, locale="sv")
    csrf.init_app(app)
    csrf.exempt("bot.webhook.inbound_sms")  # Twilio signs its requests instead
    csrf.exempt("bot.status_callback.message_status")
    init_headers(app)
    auth.init_login(app)
    for module in (auth, meetings, summary, simulator, admin, languages, paper, deletion):
        app.register_blueprint(module.bp)

    @app.errorhandler(CSRFError)
    def csrf_failed(_error: CSRFError) -> Any:
        return render("staff/error.html", message=texts("error.csrf")), 400

    @app.errorhandler(404)
    def not_found(_error: Any) -> Any:
        return render("staff/error.html", message=texts("error.not_found")), 404

    @app.errorhandler(403)
    def forbidden(_error: Any) -> Any:
        return render("staff/error.html", message=texts("error.forbidden")), 403

    @app.get("/")
    def index() -> Response:
        return redirect(url_for("meetings.index"))

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session = g.pop("staff_db", None)
        if session is not None:
            session.close()
