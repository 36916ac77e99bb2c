"""The meeting view (/meetings/<id>/meeting): the page to bring to the meeting, with each participant's wheel
and words exactly as far as they allowed, less whoever staff hide. Rule: org-scoped (404 otherwise); never
concerns, paper helpers or phone numbers (bot/reports/meeting_view.py); every view and every print version
is written to the audit log before the page leaves."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import login_required

from bot.services.meeting_view import meeting_view
from bot.services.preparation import info_of
from bot.texts.staff import staff_texts
from bot.web.common import audit, db, meeting_or_404, render, rt

bp = Blueprint("meeting_view", __name__)
HIDE = "dolj"  # the query parameter naming a participant staff hide (repeatable)


@bp.get("/meetings/<meeting_id>/meeting")
@login_required
def show(meeting_id: str) -> str:
    """The meeting view; `?print=1` is the print version (audited as a print)."""
    s = db()
    info = info_of(s, meeting_or_404(s, meeting_id))
    data = meeting_view(s, rt(), meeting_id, staff_texts().catalog, request.args.getlist(HIDE))
    if data is None:
        abort(404)
    printing = request.args.get("print") == "1"
    audit("meeting_print" if printing else "meeting_view", meeting_id=meeting_id, detail=f"hidden={len(data.hidden)}")
    s.commit()
    return render("staff/meeting_view.html", mv=data, summary=data.view, label=info.label if info else "",
                  meeting_id=meeting_id, printing=printing, hide=HIDE)
