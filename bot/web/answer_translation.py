"""Staff type in the Swedish translation of an answer a participant wrote in another language (as a
mother-tongue teacher or interpreter gave it). Rule: org-scoped (another organisation's ids answer 404), CSRF
like every form, every save audited in the same transaction; the translation is stored encrypted
(bot/services/translations.py) and shown in both views with who translated it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from bot.services.translations import TEXT_MAX, TRANSLATOR_MAX, TranslationError, save_translation
from bot.web.common import audit, db, meeting_or_404, participant_or_404, rt, t, user
from bot.web.forms import StaffForm

bp = Blueprint("answer_translation", __name__)


class TranslationForm(StaffForm):
    """One answer's translation: the field it belongs to, the Swedish text (empty: remove) and who translated."""

    field = HiddenField(validators=[DataRequired(), Length(max=32)])
    text = TextAreaField(validators=[Optional(), Length(max=TEXT_MAX)])
    translator = StringField(validators=[Optional(), Length(max=TRANSLATOR_MAX)])


@bp.post("/meetings/<meeting_id>/participants/<participant_id>/translation")
@login_required
def save(meeting_id: str, participant_id: str) -> Response:
    """Store, replace or (empty text) remove one answer's translation, then back to the summary at that answer."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    participant = participant_or_404(s, meeting, participant_id)
    form = TranslationForm()
    summary = url_for("summary.show", meeting_id=meeting.id)
    if not form.validate_on_submit():
        flash(t("translation.invalid"), "error")
        return redirect(summary)
    field = form.field.data or ""
    try:
        stored = save_translation(s, participant, field, form.text.data or "", form.translator.data or "",
                                  user(), rt().clock())
    except TranslationError:
        flash(t("translation.invalid"), "error")
        return redirect(summary)
    audit("translation_save", meeting_id=meeting.id, participant_id=participant.id,
          detail=None if stored else "removed=1")
    s.commit()
    flash(t("translation.saved" if stored else "translation.removed"), "ok")
    return redirect(f"{summary}#tr-{participant.id}-{field}")
