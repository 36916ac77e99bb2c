"""Language reviews recorded in the web, the review page's "changed since the last review" marks, the PO
download, and draft languages: not offered (picker, invitation, blank sheet) until an admin accepts
unreviewed texts, which is audited. Reviews are deployment-wide; only admins record them."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, LanguageReview, Message, Organisation, Participant
from tests.support.common import PHONES, rt_of
from tests.support.languages import invite_form
from tests.support.staff import post_form

EVERY = ["sv", "en", "ar", "so", "ti", "prs", "fi", "uk"]


def _accept_drafts(app: Flask, slug: str, accept: bool) -> None:
    with rt_of(app).db.begin() as s:
        s.scalars(select(Organisation).where(Organisation.slug == slug)).one().accept_drafts = accept


def _counts(app: Flask) -> tuple[int, int]:
    with rt_of(app).db() as s:
        return len(s.scalars(select(Participant.id)).all()), len(s.scalars(select(Message.id)).all())


def _review(admin: FlaskClient, app: Flask, lang: str, scope: str = "all", reviewer: str = "Modersmålslärare, Flen"
            ) -> str:
    response = post_form(admin, "/admin/translations", "/admin/translations",
                         {"lang": lang, "reviewer": reviewer, "reviewed_on": rt_of(app).today().isoformat(),
                          "scope": scope})
    return str(response.status_code) + response.get_data(as_text=True)


def _audit(app: Flask, action: str) -> list[tuple[int, str | None]]:
    with rt_of(app).db() as s:
        return [(e.org_id, e.detail) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                                         .order_by(AuditEntry.id))]


def test_drafts_are_not_offered_until_an_admin_accepts_them(login: Callable[..., FlaskClient], app: Flask,
                                                            lw_meeting: dict[str, str]) -> None:
    _accept_drafts(app, "flen", False)
    staff, admin = login("flen"), login("flen", "admin")
    page = f"/meetings/{lw_meeting['id']}"
    html = staff.get(page).get_data(as_text=True)
    assert '<option value="sv">Svenska (sv), källtext</option>' in html and '<option value="ar">' not in html
    assert "Utkast erbjuds inte: English (en), العربية (ar)" in html  # why a language is missing
    before = _counts(app)
    refused = post_form(staff, page, f"{page}/participants", invite_form("youth", PHONES[44], "ar"))
    assert refused.status_code == 400
    assert "Språket är ett utkast och er organisation erbjuder inte ogranskade" in refused.get_data(as_text=True)
    assert _counts(app) == before
    assert staff.get("/sheets?lang=ar&role=youth").status_code == 404
    assert post_form(staff, page, f"{page}/participants", invite_form("youth", PHONES[44], "sv")).status_code == 302

    saved = post_form(admin, "/admin/languages", "/admin/languages",
                      {"languages": EVERY, "accept_drafts": "y"})  # type: ignore[dict-item]
    assert saved.status_code == 302
    html = staff.get(page).get_data(as_text=True)
    assert '<option value="ar">العربية (ar), utkast</option>' in html
    assert "Er organisation godtar ogranskade texter" in html
    assert post_form(staff, page, f"{page}/participants", invite_form("youth", PHONES[45], "ar")).status_code == 302
    post_form(admin, "/admin/languages", "/admin/languages", {"languages": EVERY})  # type: ignore[dict-item]
    assert _audit(app, "accept_drafts") == [(lw_meeting_org(app), "on"), (lw_meeting_org(app), "off")]
    log = admin.get("/admin/audit").get_data(as_text=True)
    assert "Ändrade om ogranskade språk erbjuds" in log and "godtar inte ogranskade texter" in log


def lw_meeting_org(app: Flask) -> int:
    with rt_of(app).db() as s:
        return int(s.scalars(select(Organisation.id).where(Organisation.slug == "flen")).one())


def test_an_admin_records_a_review_and_the_language_counts_as_reviewed(
        login: Callable[..., FlaskClient], app: Flask, lw_meeting: dict[str, str]) -> None:
    admin, staff = login("flen", "admin"), login("flen")
    page = admin.get("/admin/translations").get_data(as_text=True)
    assert 'data-lang="ar"' in page and 'data-lang="sv"' not in page and "Inga granskningar" in page
    assert _review(admin, app, "ar").startswith("302")
    texts = rt_of(app).texts
    with rt_of(app).db() as s:
        review = s.scalars(select(LanguageReview)).one()
        assert (review.lang, review.reviewer, review.scope) == ("ar", "Modersmålslärare, Flen", "all")
        assert set(review.hashes) == set(texts.catalogs["ar"]) and review.recorded_by is not None
    assert _audit(app, "language_review") == [(lw_meeting_org(app), f"lang=ar keys={len(texts.catalogs['ar'])}")]
    assert "Skrev in en granskning av ett språk" in admin.get("/admin/audit").get_data(as_text=True)
    listing = staff.get("/languages").get_data(as_text=True)
    assert "Modersmålslärare, Flen" in listing.split('data-lang="ar"', 1)[1].split("</tr>", 1)[0]
    _accept_drafts(app, "flen", False)  # reviewed: offered without accepting drafts, unlike Finnish
    html = staff.get(f"/meetings/{lw_meeting['id']}").get_data(as_text=True)
    assert '<option value="ar">العربية (ar), granskad</option>' in html and '<option value="fi">' not in html
    document = json.loads(staff.get(f"/meetings/{lw_meeting['id']}/export.json").get_data(as_text=True))
    statuses = {p["language"]: p["language_status"] for p in document["participants"]}
    assert statuses["ar"] == {"status": "reviewed", "reviewer": "Modersmålslärare, Flen",
                              "date": rt_of(app).today().isoformat()}
    assert statuses["sv"]["status"] == "source"
    other = login("vingaker", "admin")  # deployment-wide: every organisation sees it, only flen's log has it
    assert "Modersmålslärare, Flen" in other.get("/admin/translations").get_data(as_text=True)
    assert "Skrev in en granskning" not in other.get("/admin/audit").get_data(as_text=True)


def test_a_changed_text_is_marked_and_undoes_the_review_until_reviewed_again(
        login: Callable[..., FlaskClient], app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = login("flen", "admin")
    assert _review(admin, app, "uk").startswith("302")
    assert "Inga texter har ändrats sedan förra granskningen" in _review(admin, app, "uk", "changed")
    review_page = admin.get("/languages/uk/review").get_data(as_text=True)
    assert "Inga texter har ändrats sedan senaste granskningen." in review_page and "granskad" in review_page
    monkeypatch.setitem(rt_of(app).texts.catalogs["uk"], "common.not_here", "Тут так не можна.")
    review_page = admin.get("/languages/uk/review").get_data(as_text=True)
    assert 'data-key="common.not_here" class="changed"' in review_page
    assert "1 texter har ändrats sedan senaste granskningen" in review_page
    assert 'data-key="common.reask_text">' in review_page  # unchanged keys are not marked
    row = admin.get("/admin/translations").get_data(as_text=True).split('data-lang="uk"', 1)[1].split("</tr>")[0]
    assert 'data-status="draft"' in row and '<td class="changed">1</td>' in row
    assert _review(admin, app, "uk", "changed").startswith("302")
    with rt_of(app).db() as s:
        latest = s.scalars(select(LanguageReview).order_by(LanguageReview.id.desc())).first()
        assert latest is not None and list(latest.hashes) == ["common.not_here"] and latest.scope == "changed"
    row = admin.get("/admin/translations").get_data(as_text=True).split('data-lang="uk"', 1)[1].split("</tr>")[0]
    assert 'data-status="reviewed"' in row and '<td class="changed">0</td>' in row


@pytest.mark.parametrize(("fields", "message"), [
    ({"lang": "sv"}, "Välj ett språk i listan."),
    ({"lang": "xx"}, "Välj ett språk i listan."),
    ({"reviewed_on": "2099-01-01"}, "Datumet kan inte vara senare än i dag."),
    ({"scope": "some"}, "Välj vilka texter som granskades."),
    ({"reviewer": ""}, "Fyll i det här fältet."),
])
def test_a_bad_review_is_refused_and_nothing_is_saved(login: Callable[..., FlaskClient], app: Flask,
                                                      fields: dict[str, str], message: str) -> None:
    admin = login("flen", "admin")
    data = {"lang": "ar", "reviewer": "Lärare", "reviewed_on": rt_of(app).today().isoformat(), "scope": "all"}
    response = post_form(admin, "/admin/translations", "/admin/translations", data | fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with rt_of(app).db() as s:
        assert s.scalars(select(LanguageReview.id)).all() == []
    assert _audit(app, "language_review") == []


def test_only_admins_record_reviews(login: Callable[..., FlaskClient], app: Flask) -> None:
    staff = login("flen")
    assert staff.get("/admin/translations").status_code == 403
    response = post_form(staff, "/languages", "/admin/translations",
                         {"lang": "ar", "reviewer": "X", "reviewed_on": "2026-12-01", "scope": "all"})
    assert response.status_code == 403
    with rt_of(app).db() as s:
        assert s.scalars(select(LanguageReview.id)).all() == []


def test_the_po_file_downloads_from_the_language_pages(staff: FlaskClient, app: Flask) -> None:
    response = staff.get("/languages/ti/review.po")
    assert response.status_code == 200 and response.mimetype == "text/x-gettext-translation"
    assert response.headers["Content-Disposition"] == "attachment; filename=hjulsamtal-ti.po"
    messages = {m.context: m for m in read_po(io.BytesIO(response.data)) if m.id}
    assert messages["youth.q.safe"].string == rt_of(app).texts.catalogs["ti"]["youth.q.safe"]
    assert "/languages/ti/review.po" in staff.get("/languages").get_data(as_text=True)
    assert staff.get("/languages/sv/review.po").status_code == 404
    assert staff.get("/languages/xx/review.po").status_code == 404


def test_each_language_shows_how_it_addresses_young_people_and_guardians(login: Callable[..., FlaskClient],
                                                                          app: Flask) -> None:
    admin, texts = login("flen", "admin"), rt_of(app).texts
    page = admin.get("/admin/translations").get_data(as_text=True)
    for code in ("uk", "ar"):
        row = page.split(f'data-lang="{code}"', 1)[1].split("</tr>")[0]
        assert f'<td class="convention">{texts.convention(code)}</td>' in row
    review = admin.get("/languages/uk/review").get_data(as_text=True)
    assert texts.convention("uk") in review and 'data-key="guardian.shared.reask_rating"' in review
