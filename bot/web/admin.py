"""Administration of an organisation: its users and its audit log. Rule: admins only (403 for staff), and
only their own organisation's rows; the audit log is read-only here (no route changes or deletes it). Adding
an e-mail that another organisation's user has answers exactly as adding a new one (nothing is added; the
attempt is recorded in that organisation's log), so no admin learns who has an account elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.services.audit import entries as audit_entries
from bot.services.audit import record as audit_record
from bot.services.meetings import InputError
from bot.services.users import TakenElsewhere, create_user, revoke_sessions
from bot.store.models import User
from bot.web.audit_rows import audit_rows
from bot.web.common import admin_required, audit, db, render, rt, t, user
from bot.web.forms import UserForm, choices

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _form() -> UserForm:
    form = UserForm()
    form.role.choices = choices([(r, t(f"user_role.{r}")) for r in ("staff", "admin")])
    return form


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users() -> Any:
    """The organisation's users, and a form to add one."""
    s = db()
    form = _form()
    if form.validate_on_submit():
        try:
            created = create_user(s, user().org, form.email.data, form.password.data, form.role.data, rt().clock())
            s.flush()
            audit("user_create", detail=f"user={created.id} role={created.role}")
            s.commit()
        except TakenElsewhere as taken:
            s.rollback()
            audit_record(s, user(), taken.existing.org_id, "user_create_elsewhere", rt().clock(),
                         detail=f"user={taken.existing.id}")
            s.commit()
            flash(t("admin.user_created"), "ok")  # what adding a new address says
            return redirect(url_for("admin.users"))
        except (InputError, IntegrityError):  # the e-mail is taken (possibly by a concurrent request)
            s.rollback()
            form.email.errors = [*form.email.errors, t("admin.email_taken")]
        else:
            flash(t("admin.user_created"), "ok")
            return redirect(url_for("admin.users"))
    rows = s.scalars(select(User).where(User.org_id == user().org_id).order_by(User.email))
    return (render("staff/admin_users.html", users=list(rows), form=form, me=user().id),
            400 if form.errors else 200)


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int) -> Any:
    """Remove a user's access (the row stays, so the audit log keeps naming who did what)."""
    s = db()
    target = s.scalars(select(User).where(User.id == user_id, User.org_id == user().org_id)).first()
    if target is None:
        abort(404)
    if target.id == user().id:
        flash(t("admin.not_yourself"), "error")
    elif target.deactivated_at is None:
        target.deactivated_at = rt().clock()
        revoke_sessions(target)
        audit("user_deactivate", detail=f"user={target.id}")
        s.commit()
        flash(t("admin.user_deactivated"), "ok")
    return redirect(url_for("admin.users"))


@bp.get("/audit")
@admin_required
def audit_log() -> str:
    """The organisation's audit log, newest first."""
    s = db()
    return render("staff/audit.html", rows=audit_rows(s, user().org_id, audit_entries(s, user().org_id)))
