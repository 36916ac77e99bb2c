"""Language pages: each language's review status, the printable translation review page, and (admins) the
languages the organisation offers. Rule: the offered list is the organisation's own (admins only, audited);
the review page is the same page `hjulsamtal flows review` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from ..languages import language_statuses, offered_languages
from ..meetings import ROLES
from ..paper import PaperSheet
from ..sheets import SheetError, language_choices, render_review, render_sheet, staff_texts
from ..texts import SOURCE_LANGUAGE, Texts
from . import audit
from .admin import admin_required
from .forms import ActionForm
from .printable import printable
from .status import MeetingRow
from .views import db, render, rt, t, user

bp = Blueprint("languages", __name__)


@dataclass(frozen=True)
class LanguageView:
    """A language as staff pages show it: own name (in its own script and direction), code, review status."""

    code: str
    name: str
    dir: str
    status: str
    status_label: str  # "utkast", "granskad", "källtext"
    reviewer: str | None
    date: Any


def language_views(texts: Texts) -> dict[str, LanguageView]:
    """Every language of the app, in menu order."""
    return {code: LanguageView(code, s.name, s.direction, s.status, staff_texts(f"lang.short.{s.status}"),
                               s.reviewer, s.date)
            for code, s in language_statuses(texts).items()}


def picker_choices(texts: Texts) -> list[tuple[str, str]]:
    """(code, "العربية (ar), utkast") for each language the user's organisation offers."""
    return [(code, label) for code, label, _dir in language_choices(texts, user().org)]


def meeting_languages(s: Session, row: MeetingRow) -> dict[str, Any]:
    """What the meeting page shows about languages: every language's view, and who answered on paper."""
    ids = [p.participant.id for p in row.participants]
    paper = dict(s.execute(select(PaperSheet.participant_id, PaperSheet.helper)
                           .where(PaperSheet.participant_id.in_(ids))).all())
    return {"languages": language_views(rt().texts), "paper": paper}


@bp.get("/languages")
@login_required
def index() -> str:
    """Every language with its review status, reviewer and date; which ones the organisation offers."""
    texts = rt().texts
    return render("staff/languages.html", languages=language_views(texts).values(),
                  offered=set(offered_languages(user().org, texts)), roles=ROLES)


@bp.get("/sheets")
@login_required
def blank_sheet() -> Response:
    """An empty paper question sheet (?lang=CODE&role=youth|guardian&bilingual=y) in a language the
    organisation offers, to print before anyone is invited."""
    texts = rt().texts
    lang, role = request.args.get("lang", ""), request.args.get("role", "youth")
    if lang not in offered_languages(user().org, texts) or role not in ROLES:
        abort(404)
    return printable(render_sheet(texts, rt().engine, lang, role, request.args.get("bilingual") == "y"))


@bp.get("/languages/<code>/review")
@login_required
def review(code: str) -> Response:
    """The side-by-side review page (Swedish | language, key by key, with segment counts), for printing."""
    texts = rt().texts
    if code not in texts.languages:  # no aliases here: one URL per page
        abort(404)
    try:
        return printable(render_review(texts, rt().engine, code))
    except SheetError:
        abort(404)


@bp.route("/admin/languages", methods=["GET", "POST"])
@admin_required
def offered() -> Any:
    """The languages the organisation offers in its invitations (Swedish always)."""
    s = db()
    texts = rt().texts
    org = user().org
    form = ActionForm()
    if form.validate_on_submit():
        chosen = set(request.form.getlist("languages")) | {SOURCE_LANGUAGE}
        if not chosen <= set(texts.languages):
            flash(t("languages.unknown"), "error")
            return redirect(url_for("languages.offered"))
        codes = [code for code in texts.languages if code in chosen]
        org.languages = None if len(codes) == len(texts.languages) else codes
        audit.record(s, user(), org.id, "languages_offered", detail=",".join(codes)[:120])
        s.commit()
        flash(t("languages.saved"), "ok")
        return redirect(url_for("languages.offered"))
    return render("staff/languages_admin.html", form=form, languages=language_views(texts).values(),
                  offered=set(offered_languages(org, texts)), source=SOURCE_LANGUAGE)
