"""The concerns inbox (/concerns): the organisation's concerns, unseen first, with meeting, role, kind and
time; open the summary; mark seen and handled (with a short note, encrypted at rest). Rule: org-scoped
(another organisation's concern answers 404), CSRF on every change, and each change audited in the
transaction that makes it; a second click changes nothing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.services.concern_inbox import inbox, mark_handled, mark_seen, review_of
from bot.services.meetings import InputError
from bot.store.models import ConcernReview
from bot.web.alert_forms import HandledForm
from bot.web.common import audit, db, render, rt, t, user
from bot.web.forms import ActionForm

bp = Blueprint("concerns", __name__)


@bp.get("/concerns")
@login_required
def index() -> str:
    """Every concern of the organisation, unseen first."""
    return render("staff/concerns.html", items=inbox(db(), user().org_id), handled_form=HandledForm())


def _review(event_id: int) -> ConcernReview:
    review = review_of(db(), user().org_id, event_id)
    if review is None:
        abort(404)
    return review


@bp.post("/concerns/<int:event_id>/seen")
@login_required
def seen(event_id: int) -> Response:
    """Mark a concern seen by the logged-in staff member."""
    review = _review(event_id)
    if ActionForm().validate_on_submit() and mark_seen(review, user(), rt().clock()):
        audit("concern_seen", meeting_id=review.meeting_id, detail=f"event={event_id}")
        db().commit()
        flash(t("concerns.seen_done"), "ok")
    return redirect(url_for("concerns.index"))


@bp.post("/concerns/<int:event_id>/handled")
@login_required
def handled(event_id: int) -> Any:
    """Mark a concern handled, with a short note of what was done."""
    review = _review(event_id)
    form = HandledForm()
    try:
        if not form.validate_on_submit():
            raise InputError("note")
        changed = mark_handled(review, user(), form.note.data, rt().clock())
    except InputError:
        db().rollback()
        flash(t("concerns.note_needed"), "error")
        return redirect(url_for("concerns.index"))
    if changed:
        audit("concern_handled", meeting_id=review.meeting_id, detail=f"event={event_id}")
        db().commit()
        flash(t("concerns.handled_done"), "ok")
    return redirect(url_for("concerns.index"))
