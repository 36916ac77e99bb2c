"""Confirmation pages for what cannot easily be taken back, and undoing a cancellation. Rule: a GET only shows
what will happen and a form (plain HTML, no JavaScript); the change itself is the existing POST route, which
does nothing without a valid CSRF token. Cancelling a meeting can be undone here (bot/services/cancellation.py).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.services.cancellation import undo_blocked, undo_cancel
from bot.services.overview import MeetingRow, meeting_rows
from bot.services.preparation import is_cancelled
from bot.store.models import MeetingStats
from bot.web.common import audit, db, meeting_or_404, participant_or_404, render, rt, t, user
from bot.web.forms import ActionForm, DeleteMeetingForm

bp = Blueprint("confirm", __name__)


def _row(meeting_id: str) -> MeetingRow:
    return meeting_rows(db(), user().org_id, rt().today(), meeting_id)[0]


@bp.get("/meetings/<meeting_id>/cancel")
@login_required
def cancel_meeting(meeting_id: str) -> str:
    """Ask before cancelling the meeting."""
    s = db()
    meeting_or_404(s, meeting_id)
    return render("staff/confirm.html", row=_row(meeting_id), kind="cancel_meeting", form=ActionForm(),
                  action=url_for("meetings.cancel", meeting_id=meeting_id))


@bp.get("/meetings/<meeting_id>/participants/<participant_id>/cancel")
@login_required
def end_conversation(meeting_id: str, participant_id: str) -> str:
    """Ask before ending one participant's conversation."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    participant = participant_or_404(s, meeting, participant_id)
    row = _row(meeting_id)
    who = next(p for p in row.participants if p.participant.id == participant.id)
    return render("staff/confirm.html", row=row, kind="end_conversation", form=ActionForm(), who=who,
                  action=url_for("meetings.cancel_invitation", meeting_id=meeting_id, participant_id=participant_id))


@bp.get("/meetings/<meeting_id>/delete")
@login_required
def delete_data(meeting_id: str) -> Response | str:
    """Ask before deleting the meeting's personal data (the export must be ticked as saved)."""
    s = db()
    meeting_or_404(s, meeting_id)
    if s.get(MeetingStats, meeting_id) is not None:
        flash(t("meeting.delete_already"), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting_id))
    return render("staff/confirm.html", row=_row(meeting_id), kind="delete_data", form=DeleteMeetingForm(),
                  action=url_for("deletion.delete_now", meeting_id=meeting_id))


@bp.post("/meetings/<meeting_id>/uncancel")
@login_required
def uncancel(meeting_id: str) -> Response:
    """Undo the cancellation: the meeting is on again and the conversations it ended go on where they were."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    if ActionForm().validate_on_submit() and is_cancelled(s, meeting):
        reason = undo_blocked(s, rt(), meeting)
        if reason is not None:
            flash(t(reason), "error")
        else:
            restored = undo_cancel(s, rt(), meeting)
            audit("meeting_uncancel", meeting_id=meeting.id, detail=f"restored={restored}")
            s.commit()
            flash(t("undo.done"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))
