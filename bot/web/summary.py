"""The summary page of a meeting and its exports (JSON v1 and CSV). Rule: org-scoped; every view and every
export is written to the audit log before the data leaves; participants' texts are escaped by Jinja."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, url_for
from flask_login import login_required

from bot.reports.csv_export import meeting_csv
from bot.services.export import export_meeting
from bot.services.meeting_view import named_by_youth
from bot.services.preparation import info_of
from bot.services.summary import meeting_summary
from bot.texts.staff import staff_texts
from bot.web.common import audit, db, meeting_or_404, render, rt
from bot.web.print_frame import pdf_response, print_frame

bp = Blueprint("summary", __name__)


@bp.get("/meetings/<meeting_id>/summary")
@login_required
def show(meeting_id: str) -> str:
    """The one-page summary: concerns, what matters most, the wheels side by side, the table, the remarks."""
    return _page(meeting_id, "summary_view")


@bp.get("/meetings/<meeting_id>/summary.pdf")
@login_required
def pdf(meeting_id: str) -> Response | tuple[str, int]:
    """The summary as a PDF, printed on the server exactly as the page prints (audited)."""
    return pdf_response(_page(meeting_id, "summary_pdf"), f"sammanfattning-{meeting_id}.pdf")


def _page(meeting_id: str, action: str) -> str:
    """The summary page's HTML, its view (or PDF) written to the audit log first."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    info = info_of(s, meeting)
    view = meeting_summary(s, rt(), meeting_id, staff_texts().catalog)
    if view is None:
        abort(404)
    headings = {p.id: p.heading for p in view.participants}
    named = [(headings[pid], names) for pid, names in named_by_youth(s, rt(), meeting_id).items()]
    audit(action, meeting_id=meeting_id)
    s.commit()
    return render("staff/summary.html", summary=view, label=info.label if info else "", meeting_id=meeting_id,
                  named=named, frame=print_frame(meeting, info, view.participants),
                  translate_url=lambda pid: url_for("answer_translation.save", meeting_id=meeting_id,
                                                    participant_id=pid))


def _export(meeting_id: str, action: str) -> dict[str, Any]:
    """The v1 export of a meeting of the user's organisation (404 otherwise), its export audited."""
    s = db()
    meeting_or_404(s, meeting_id)
    document = export_meeting(s, meeting_id, rt().engine.wheel.areas, rt().texts)
    if document is None:
        abort(404)
    audit(action, meeting_id=meeting_id)
    s.commit()
    return document


def _download(body: str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/meetings/<meeting_id>/export.json")
@login_required
def export_json(meeting_id: str) -> Response:
    """The meeting's answers, schema hjulsamtal.meeting.v1."""
    body = json.dumps(_export(meeting_id, "export_json"), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"hjulsamtal-{meeting_id}.json")


@bp.get("/meetings/<meeting_id>/export.csv")
@login_required
def export_csv(meeting_id: str) -> Response:
    """The meeting's answers as CSV (one row per participant and area)."""
    body = meeting_csv(_export(meeting_id, "export_csv"), areas=rt().engine.wheel.areas, bom=True)
    return _download(body, "text/csv; charset=utf-8", f"hjulsamtal-{meeting_id}.csv")
