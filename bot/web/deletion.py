"""Delete now: staff erase one meeting's personal data before its retention runs out.

Rule: the same purge as `hjulsamtal purge` (bot/services/retention.py): phones, answers, messages, events, labels
and notes go, counts stay; the staff member must tick that anything the case file needs is exported;
the deletion is audited and cannot be undone.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.services.retention import overwrite_deleted, purge_meeting
from bot.web.common import audit, db, meeting_or_404, rt, t
from bot.web.forms import DeleteMeetingForm

bp = Blueprint("deletion", __name__)


@bp.post("/meetings/<meeting_id>/delete")
@login_required
def delete_now(meeting_id: str) -> Response:
    """Delete the meeting's personal data now (after the staff member confirms the export)."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    form = DeleteMeetingForm()
    if not form.validate_on_submit():
        flash(t("meeting.delete_unconfirmed"), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    counts = purge_meeting(s, meeting.id, rt().clock(), "staff")
    if counts is None:
        flash(t("meeting.delete_already"), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting_id))
    audit("meeting_delete", meeting_id=meeting_id,
                 detail=f"participants={counts['participants']} answers={counts['answers']}")
    s.commit()
    overwrite_deleted(rt())
    flash(t("meeting.deleted_done"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))
