"""Who is told about concerns: a meeting's responsible staff member (changed on the meeting page) and the
organisation's on-call address (admins, /admin/alerts). Rule: org-scoped, CSRF, each change audited in the
transaction that makes it; a bad choice changes nothing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.services.alerts import set_alert_email, set_owner
from bot.services.meetings import InputError
from bot.web.alert_forms import AlertForm
from bot.web.alert_views import owner_form
from bot.web.common import admin_required, audit, db, meeting_or_404, render, t, user

bp = Blueprint("alerts", __name__)


@bp.post("/meetings/<meeting_id>/owner")
@login_required
def owner(meeting_id: str) -> Response:
    """Make another active user of the organisation responsible for the meeting."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    form = owner_form(s, meeting)
    try:
        if not form.validate_on_submit():
            raise InputError("bad owner")
        chosen = set_owner(s, meeting, form.owner.data)
    except InputError:
        s.rollback()
        flash(t("alerts.owner_bad"), "error")
    else:
        audit("meeting_owner", meeting_id=meeting.id, detail=f"user={chosen.id}")
        s.commit()
        flash(t("alerts.owner_saved"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.route("/admin/alerts", methods=["GET", "POST"])
@admin_required
def on_call() -> Any:
    """The organisation's on-call address: concerns nobody has marked seen in time are e-mailed there."""
    s = db()
    org = user().org
    form = AlertForm(data={"email": org.alert_email or ""})
    if form.validate_on_submit():
        set_alert_email(org, form.email.data)
        audit("alerts_set", detail="set" if org.alert_email else "none")
        s.commit()
        flash(t("alerts.saved"), "ok")
        return redirect(url_for("alerts.on_call"))
    return render("staff/alerts.html", form=form, org=org), 400 if form.errors else 200
