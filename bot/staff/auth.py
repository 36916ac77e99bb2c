"""Login, logout and the idle timeout (Flask-Login). Rule: one generic error for a wrong e-mail or password,
a fresh session on login, and a session unused for STAFF_IDLE_MINUTES is logged out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from . import audit
from .forms import LoginForm
from .models import User
from .passwords import hash_password, needs_rehash, verify_password
from .views import db, render, rt, t

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


def init_login(app: Flask) -> None:
    """Flask-Login for `app`, with the idle timeout checked before every request."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(_idle_timeout)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user (None once an admin has removed the user's access: the session ends)."""
    user = db().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


@login_manager.unauthorized_handler
def unauthorized() -> Response:
    """Not logged in: to the login page, remembering a local path to come back to."""
    flash(t("auth.login_required"), "info")
    return redirect(url_for("auth.login", next=request.path))


def _idle_timeout() -> Response | None:
    """Log out a session that has not been used for STAFF_IDLE_MINUTES."""
    if request.endpoint in ("static", "webhook.inbound_sms") or not current_user.is_authenticated:
        return None
    now = rt().clock().timestamp()
    last = session.get("seen")
    if isinstance(last, int | float) and now - last > current_app.config["STAFF_IDLE_MINUTES"] * 60:
        logout_user()
        session.clear()
        flash(t("auth.timed_out"), "info")
        return redirect(url_for("auth.login"))
    session["seen"] = now
    session.permanent = True
    return None


def _local(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host), else None."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form."""
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        s = db()
        user = s.scalars(select(User).where(User.email == email)).first()
        if user is not None and verify_password(user.password_hash, form.password.data) and user.is_active:
            target = _local(request.args.get("next"))
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            user.last_login_at = rt().clock()
            audit.record(s, user, user.org_id, "login")
            s.commit()
            session.clear()
            login_user(user)
            session["seen"] = rt().clock().timestamp()
            session.permanent = True
            return redirect(target or url_for("meetings.index"))
        if user is None:
            verify_password(None, form.password.data)  # same cost as a real check
        else:
            audit.record(s, user, user.org_id, "login_failed")
            s.commit()
        form.password.errors.append(t("auth.bad_credentials"))
    status = 400 if request.method == "POST" else 200
    return render("staff/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out (a POST with CSRF token, so no other site can log anyone out)."""
    logout_user()
    session.clear()
    flash(t("auth.logged_out"), "info")
    return redirect(url_for("auth.login"))
