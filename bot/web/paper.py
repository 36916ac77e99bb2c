"""Paper pages of a participant: the printable question sheet in their language (and Swedish when
bilingual), and the form where staff type in what was written on it. Rule: org-scoped lookups only; the
answers and their audit entry commit together; nothing is stored when anything is wrong."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from bot.reports.labels import area_labels
from bot.reports.sheets import render_sheet
from bot.services.paper import PaperError, record_paper_answers
from bot.store.models import PaperSheet
from bot.web.common import audit, db, meeting_or_404, participant_or_404, render, rt, t, user
from bot.web.language_views import language_views
from bot.web.paper_form import PaperFormBase, paper_form
from bot.web.printable import printable

bp = Blueprint("paper", __name__)
STAFF_LANGUAGE = "sv"


@bp.get("/meetings/<meeting_id>/participants/<participant_id>/sheet")
@login_required
def sheet(meeting_id: str, participant_id: str) -> Response:
    """The paper question sheet for this participant: their role, language and bilingual mode, for A4."""
    s = db()
    participant = participant_or_404(s, meeting_or_404(s, meeting_id), participant_id)
    return printable(render_sheet(rt().texts, rt().engine, participant.language, participant.role,
                                  participant.bilingual))


@bp.route("/meetings/<meeting_id>/participants/<participant_id>/paper", methods=["GET", "POST"])
@login_required
def answers(meeting_id: str, participant_id: str) -> Any:
    """Type in the answers from the paper sheet (stored marked `paper`, with who helped)."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    participant = participant_or_404(s, meeting, participant_id)  # its conversation is locked when saving
    form = paper_form(rt().engine.wheel)
    refused = None
    if form.validate_on_submit():
        try:
            record_paper_answers(s, rt().engine, participant.id, form.answers(), form.helper.data, rt().clock(),
                                 matters_most=form.matters_most.data, recorded_by=user().email,
                                 sharing=form.sharing_choice())
            answered = sum(a.rating is not None for a in form.answers().values())
            audit("paper_answers", meeting_id=meeting.id,
                         participant_id=participant.id, detail=f"answered={answered}")
            s.commit()
        except PaperError:
            s.rollback()
            refused = t("paper.refused")
        else:
            flash(t("paper.saved"), "ok")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return _page(form, meeting.id, participant, refused), 400 if form.errors or refused else 200


def _page(form: PaperFormBase, meeting_id: str, participant: Any, refused: str | None) -> str:
    texts = rt().texts
    has_sheet = db().scalar(select(PaperSheet.id).where(PaperSheet.participant_id == participant.id)) is not None
    areas = area_labels(texts, rt().engine.wheel.areas, STAFF_LANGUAGE)
    return render("staff/paper.html", form=form, meeting_id=meeting_id, participant=participant,
                  language=language_views(texts).get(participant.language), areas=areas, refused=refused,
                  has_sheet=has_sheet, wheel=rt().engine.wheel)
