"""Login, logout and the session's limits (Flask-Login). Rule: an unknown e-mail, a wrong password and a
removed user get the same answer at the same cost (one argon2 check); attempts over the rate limits
(bot/services/limits.py) get 429 and no password check; login starts a new session (nothing from before survives,
Flask-Login's "strong" protection: another address or browser drops it, the address being the one the app
trusts, request.remote_addr after ProxyFix with TRUSTED_PROXIES, never a header the client sends); a session
unused for STAFF_IDLE_MINUTES or older than STAFF_SESSION_MAX_HOURS is logged out; a session carries its
user's session generation, and logout, a new password or removal bump it, so every cookie issued before is
refused by the server (bot/services/users.py revoke_sessions)."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from bot.services.passwords import hash_password, needs_rehash, verify_password
from bot.services.users import normalise_email, revoke_sessions
from bot.store.models import User
from bot.web.common import audit, db, render, rt, t
from bot.web.forms import LoginForm

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


def init_login(app: Flask) -> None:
    """Flask-Login for `app` (the app registers idle_timeout before every staff page)."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"  # another address or browser: the login is dropped
    login_manager._session_identifier_generator = _client_identifier  # Flask-Login's hook for what it binds to


def _client_identifier() -> str:
    """What "strong" protection binds a login to: the trusted address (request.remote_addr, which ProxyFix sets
    from TRUSTED_PROXIES hops; Flask-Login's own reads the client's X-Forwarded-For) and the browser."""
    seen = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha512(seen.encode("utf-8", "replace")).hexdigest()


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user; None (the session ends) once the user is removed or the session's generation is
    no longer the user's (logged out, new password, removed)."""
    user = db().get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or session.get("generation") != user.session_generation:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    """Not logged in: to the login page, remembering a local path to come back to."""
    flash(t("auth.login_required"), "info")
    return redirect(url_for("auth.login", next=request.path))


def idle_timeout() -> Response | None:
    """Log out a session unused for STAFF_IDLE_MINUTES or started more than STAFF_SESSION_MAX_HOURS ago."""
    if not current_user.is_authenticated:
        return None
    now = rt().clock().timestamp()
    last, started = session.get("seen"), session.get("started")
    if isinstance(last, int | float) and now - last > current_app.config["STAFF_IDLE_MINUTES"] * 60:
        return _end_session("auth.timed_out")
    if not isinstance(started, int | float) or now - started > current_app.config["STAFF_SESSION_MAX_HOURS"] * 3600:
        return _end_session("auth.timed_out")
    session["seen"] = now  # a browser-session cookie (not permanent, so "strong" protection applies)
    return None


def _end_session(message_key: str) -> Response:
    """Log out and drop everything the session held, then to the login page with the message."""
    logout_user()
    session.clear()
    flash(t(message_key), "info")
    return redirect(url_for("auth.login"))


def _local(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: parsed with urllib, no control, format or space
    character (a tab or CR/LF that a browser drops or that would split the header), no backslash, no scheme,
    no host, and not starting with `//` (a browser reads `//host`, `///host` and `/\\host` as another site)."""
    if not target or "\\" in target or any(unicodedata.category(c)[0] == "C" or c.isspace() for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _start_session(user: User) -> None:
    """A new session for `user`: whatever the browser's session held before login is dropped."""
    session.clear()
    login_user(user)
    session["seen"] = session["started"] = rt().clock().timestamp()
    session["generation"] = user.session_generation


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form."""
    form = LoginForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        wait = rt().limits.login_attempt(request.remote_addr or "", email)
        if wait is not None:
            minutes = (wait + 59) // 60  # whole minutes, rounded up
            page = render("staff/login.html", form=form, too_many=t("auth.too_many", minutes=minutes))
            return page, 429, {"Retry-After": str(wait)}
        s = db()
        user = s.scalars(select(User).where(User.email == email)).first()
        usable = user if user is not None and user.is_active else None
        # One argon2 check in every case: a dummy hash for an unknown or removed user (passwords.py).
        if verify_password(usable.password_hash if usable else None, form.password.data) and usable:
            target = _local(request.args.get("next"))
            if needs_rehash(usable.password_hash):
                usable.password_hash = hash_password(form.password.data)
            usable.last_login_at = rt().clock()
            audit("login", actor=usable)
            s.commit()
            rt().limits.forget_account(request.remote_addr or "", email)
            _start_session(usable)
            return redirect(target or url_for("meetings.index"))
        if user is not None:  # a wrong password or a removed user: the organisation's admins see it
            audit("login_failed", actor=user)
            s.commit()
        form.password.errors.append(t("auth.bad_credentials"))
    status = 400 if request.method == "POST" else 200
    return render("staff/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with CSRF token, so no other site can log anyone out): every session of the user ends,
    a copy of this cookie included."""
    revoke_sessions(current_user._get_current_object())
    db().commit()
    return _end_session("auth.logged_out")
