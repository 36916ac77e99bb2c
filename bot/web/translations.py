"""Recorded language reviews (admins): every language's effective status, the keys changed since its last
review and the stale ones, how it addresses young people and guardians (locales/status.yml `conventions`), a
form to record that a native speaker reviewed a language (all keys or the changed ones), and the reviews
recorded so far.

Rule: reviews are deployment-wide, the texts being shared by every organisation, so only admins record
them; each one is audited in the recording admin's organisation (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from sqlalchemy import select
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from bot.services.reviews import REVIEWER_MAX, SCOPES, ReviewError, record_review, recorded_reviews, review_history
from bot.store.models import User
from bot.texts.catalogue import SOURCE_LANGUAGE
from bot.web.common import admin_required, audit, db, render, rt, t, user
from bot.web.forms import StaffForm, choices, strip
from bot.web.language_views import language_views

bp = Blueprint("translations", __name__)


class ReviewForm(StaffForm):
    """Who reviewed which language when, and which of its texts (all, or those changed since the last review)."""

    lang = SelectField(validators=[DataRequired()], validate_choice=False)
    reviewer = StringField(validators=[DataRequired(), Length(max=REVIEWER_MAX)], filters=[strip])
    reviewed_on = DateField(validators=[InputRequired()])
    scope = RadioField(validators=[DataRequired()], validate_choice=False)


def _form() -> ReviewForm:
    texts = rt().texts
    form = ReviewForm()
    form.lang.choices = choices([(code, f"{texts.catalogs[code].get('language.name', code)} ({code})")
                                 for code in texts.languages if code != SOURCE_LANGUAGE])
    form.scope.choices = choices([(scope, t(f"translations.scopes.{scope}")) for scope in SCOPES])
    if not form.is_submitted():
        form.reviewed_on.data = rt().today()
        form.scope.data = "all"
    return form


@bp.route("/admin/translations", methods=["GET", "POST"])
@admin_required
def index() -> Any:
    """Each language's status and changed/stale keys; record a review (audited)."""
    s, texts = db(), rt().texts
    form = _form()
    if form.validate_on_submit():
        try:
            review = record_review(s, texts, form.lang.data, form.reviewer.data, form.reviewed_on.data,
                                   form.scope.data, user().id, rt().clock())
        except ReviewError as exc:
            form.lang.errors = [*form.lang.errors, t(str(exc))]
        else:
            s.flush()
            audit("language_review", detail=f"lang={review.lang} keys={len(review.hashes)}")
            s.commit()
            rt().statuses.forget()  # this process's SMS turns see the review at once (others within a minute)
            flash(t("translations.saved"), "ok")
            return redirect(url_for("translations.index"))
    reviews = recorded_reviews(s)
    counts = {code: (len(texts.changed(code, reviews.get(code, ()))), len(texts.stale(code)))
              for code in texts.languages if code != SOURCE_LANGUAGE}
    history = review_history(s)
    admins = dict(s.execute(select(User.id, User.email).where(
        User.id.in_({r.recorded_by for r in history if r.recorded_by}))).all())
    conventions = {code: texts.convention(code) for code in counts}
    return render("staff/translations.html", form=form, languages=language_views(texts).values(),
                  counts=counts, conventions=conventions, history=history, admins=admins), 400 if form.errors else 200
