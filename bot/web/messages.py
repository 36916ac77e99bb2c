"""The messages tab of one participant: the whole SMS thread in and out, marked by kind, questions highlighted.

Rule: org-scoped (another organisation's ids answer 404); every view is written to the audit log before the
texts are sent; participants' words are escaped by Jinja and keep their own direction (dir="auto")."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

from bot.reports.summary import language_name
from bot.services.overview import meeting_rows
from bot.services.thread import thread
from bot.texts.staff import staff_texts
from bot.web.common import audit, db, meeting_or_404, participant_or_404, render, rt, user

bp = Blueprint("messages", __name__)


@bp.get("/meetings/<meeting_id>/participants/<participant_id>/messages")
@login_required
def show(meeting_id: str, participant_id: str) -> str:
    """Every SMS to and from the participant, oldest first (the invitation as it was sent included)."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    participant = participant_or_404(s, meeting, participant_id)
    row = meeting_rows(s, user().org_id, rt().today(), meeting_id)[0]
    who = next(p for p in row.participants if p.participant.id == participant.id)
    items = thread(s, participant)
    audit("messages_view", meeting_id=meeting.id, participant_id=participant.id)
    s.commit()
    names = {code: language_name(code, staff_texts().catalog, "sv") for code in {i.language for i in items} if code}
    return render("staff/messages.html", row=row, who=who, items=items, names=names,
                  questions=sum(item.highlighted for item in items))
