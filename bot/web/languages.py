"""Language pages: each language's review status, the printable translation review page (and its PO file),
and (admins) the languages the organisation offers and whether it accepts unreviewed (draft) texts. Rule:
the offered list and the drafts choice are the organisation's own (admins only, audited); the review page is
the same page `hjulsamtal flows review` prints, with the database's reviews counted."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot.reports.sheets import SheetError, render_review, render_sheet
from bot.services.meetings import ROLES
from bot.services.reviews import effective_statuses, recorded_reviews
from bot.texts.catalogue import SOURCE_LANGUAGE
from bot.texts.languages import chosen_languages
from bot.texts.po import po_bytes
from bot.web.common import admin_required, audit, db, render, rt, t, user
from bot.web.forms import ActionForm
from bot.web.language_views import language_views, offered_now, picker_note
from bot.web.printable import printable

bp = Blueprint("languages", __name__)


@bp.get("/languages")
@login_required
def index() -> str:
    """Every language with its review status, reviewer and date; which ones the organisation offers."""
    texts = rt().texts
    return render("staff/languages.html", languages=language_views(texts).values(),
                  offered=set(offered_now(texts)), roles=ROLES, drafts_note=picker_note(texts))


@bp.get("/sheets")
@login_required
def blank_sheet() -> Response:
    """An empty paper question sheet (?lang=CODE&role=youth|guardian&bilingual=y) in a language the
    organisation offers, to print before anyone is invited."""
    texts = rt().texts
    lang, role = request.args.get("lang", ""), request.args.get("role", "youth")
    if lang not in offered_now(texts) or role not in ROLES:
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
        return printable(render_review(texts, rt().engine, code, recorded_reviews(db()).get(code, ()),
                                       effective_statuses(db(), texts)[code]))
    except SheetError:
        abort(404)


@bp.get("/languages/<code>/review.po")
@login_required
def review_po(code: str) -> Response:
    """The language as a PO file (msgctxt = key, msgid = Swedish, msgstr = translation) for Poedit or Weblate."""
    texts = rt().texts
    if code not in texts.languages or code == SOURCE_LANGUAGE:
        abort(404)
    body = po_bytes(texts, rt().engine, code)
    return Response(body, mimetype="text/x-gettext-translation",
                    headers={"Content-Disposition": f"attachment; filename=hjulsamtal-{code}.po"})


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
        languages = None if len(codes) == len(texts.languages) else codes
        if languages != org.languages:
            org.languages = languages
            audit("languages_offered", detail=",".join(codes)[:120])
        accept = request.form.get("accept_drafts") == "y"
        if accept != org.accept_drafts:
            org.accept_drafts = accept
            audit("accept_drafts", detail="on" if accept else "off")
        s.commit()
        flash(t("languages.saved"), "ok")
        return redirect(url_for("languages.offered"))
    return render("staff/languages_admin.html", form=form, languages=language_views(texts).values(),
                  offered=set(chosen_languages(org, texts)), source=SOURCE_LANGUAGE,
                  accept_drafts=org.accept_drafts)
