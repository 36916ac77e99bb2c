"""The meeting view (/meetings/<id>/meeting): the page to bring to the meeting, with each participant's wheel
and words exactly as far as they allowed, less whoever staff hide. Rule: org-scoped (404 otherwise); never
concerns, paper helpers or phone numbers (bot/reports/meeting_view.py); every view, print version and PDF
is written to the audit log before the page leaves."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.services.meeting_view import meeting_view
from bot.services.preparation import info_of
from bot.texts.staff import staff_texts
from bot.web.common import audit, db, meeting_or_404, render, rt
from bot.web.print_frame import pdf_response, print_frame

bp = Blueprint("meeting_view", __name__)
HIDE = "dolj"  # the query parameter naming a participant staff hide (repeatable)


@bp.get("/meetings/<meeting_id>/meeting")
@login_required
def show(meeting_id: str) -> str:
    """The meeting view; `?print=1` is the print version (audited as a print)."""
    printing = request.args.get("print") == "1"
    return _page(meeting_id, "meeting_print" if printing else "meeting_view", printing)


@bp.get("/meetings/<meeting_id>/meeting.pdf")
@login_required
def pdf(meeting_id: str) -> Response | tuple[str, int]:
    """The meeting view as a PDF (the same hidden participants), printed on the server (audited as a PDF)."""
    return pdf_response(_page(meeting_id, "meeting_pdf", True), f"motet-{meeting_id}.pdf")


def _page(meeting_id: str, action: str, printing: bool) -> str:
    """The meeting view's HTML, its view, print or PDF written to the audit log first."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    info = info_of(s, meeting)
    data = meeting_view(s, rt(), meeting_id, staff_texts().catalog, request.args.getlist(HIDE))
    if data is None:
        abort(404)
    audit(action, meeting_id=meeting_id, detail=f"hidden={len(data.hidden)}")
    s.commit()
    return render("staff/meeting_view.html", mv=data, summary=data.view, label=info.label if info else "",
                  meeting_id=meeting_id, printing=printing, hide=HIDE, frame=print_frame(meeting, info))
