"""The staff web: login, meetings, summaries, simulator, languages, paper and administration, in Swedish.

Rule: every page needs a logged-in user, every form carries a CSRF token, and every query is scoped to
the user's organisation (another organisation's ids answer 404, as if they did not exist). One module per
blueprint; no blueprint imports another (shared helpers live in common.py, forms.py, language_views.py).
The app (bot/app.py) registers CSRF, the security headers and the idle timeout around these blueprints.
Imports bot.services and the layers below, never bot.sms, bot.cli or bot.app (a contract checks).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, redirect, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from bot.texts.staff import staff_texts
from bot.web import (
    admin,
    alerts,
    answer_translation,
    auth,
    concerns,
    confirm,
    deletion,
    languages,
    meeting_view,
    meetings,
    messages,
    paper,
    simulator,
    summary,
    translations,
)
from bot.web.common import render, sv_date, sv_datetime, sv_time

BLUEPRINTS = tuple(module.bp for module in (auth, meetings, summary, simulator, admin, languages, paper, deletion,
                                            confirm, messages, concerns, alerts, meeting_view, translations,
                                            answer_translation))


def init_web(app: Flask) -> None:
    """Register the staff web on `app`: login, texts, date filters, error pages and the blueprints."""
    texts = staff_texts()
    app.jinja_env.globals["t"] = texts
    app.jinja_env.filters["sv_date"] = sv_date
    app.jinja_env.filters["sv_datetime"] = sv_datetime
    app.jinja_env.filters["sv_time"] = sv_time
    auth.init_login(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

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
