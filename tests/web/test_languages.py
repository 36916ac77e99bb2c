"""The language pages: every language with its review status, the printable review page (right to left
for Arabic, a CSP that allows only its own styles), and the admin's list of offered languages (admins
only, audited, the own organisation only, Swedish always)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Organisation
from bot.web.printable import style_hashes
from tests.support.common import rt_of
from tests.support.staff import post_form


def offered(app: Flask, slug: str) -> list[str] | None:
    with rt_of(app).db() as s:
        return s.scalars(select(Organisation.languages).where(Organisation.slug == slug)).one()


def test_languages_page_lists_status_reviewer_and_date(staff: FlaskClient) -> None:
    html = staff.get("/languages").get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-lang="(\w+)">(.*?)</tr>', html, re.S))
    assert list(rows) == ["sv", "en", "ar", "so", "ti", "prs", "fi", "uk"]
    assert '<bdi lang="ar" dir="rtl">العربية</bdi>' in rows["ar"] and "utkast" in rows["ar"]
    assert "källtext" in rows["sv"] and 'href="/languages/prs/review"' in rows["prs"]


def test_review_page_is_printable_and_right_to_left(staff: FlaskClient) -> None:
    response = staff.get("/languages/ar/review")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<td class="text" lang="ar" dir="rtl">' in html and '<td class="text" lang="sv" dir="ltr">' in html
    assert '<tr data-key="youth.q.safe"' in html and "@page { size: A4" in html  # marked changed or not
    assert re.search(r'<tr data-key="youth.q.safe"[^>]*>.*?<td class="seg">1 / [12]</td>', html, re.S)
    csp = response.headers["Content-Security-Policy"]
    assert all(h in csp for h in style_hashes(html)) and len(style_hashes(html)) == 2
    assert "unsafe-inline" not in csp and "style=" not in html and "<script" not in html


@pytest.mark.parametrize("code", ["xx", "fa", "AR", "..%2Fsv"])
def test_review_page_of_an_unknown_code_is_404(staff: FlaskClient, code: str) -> None:
    assert staff.get(f"/languages/{code}/review").status_code == 404


def test_staff_may_not_change_the_offered_languages(staff: FlaskClient, app: Flask) -> None:
    assert staff.get("/admin/languages").status_code == 403
    response = post_form(staff, "/meetings", "/admin/languages", {"languages": "sv"})
    assert response.status_code == 403 and offered(app, "flen") is None
    assert "/admin/languages" not in staff.get("/meetings").get_data(as_text=True)


def test_admin_limits_the_offered_languages(login: Callable[..., FlaskClient], app: Flask) -> None:
    admin = login("flen", "admin")
    page = admin.get("/admin/languages").get_data(as_text=True)
    assert page.count('type="checkbox" name="languages"') == 8 and page.count(" checked") == 8 + 1  # + drafts
    response = post_form(admin, "/admin/languages", "/admin/languages",
                         {"languages": ["ar", "fi"], "accept_drafts": "y"})  # type: ignore[dict-item]
    assert response.status_code == 302
    assert offered(app, "flen") == ["sv", "ar", "fi"]  # Swedish always, menu order
    assert offered(app, "vingaker") is None
    page = admin.get("/admin/languages").get_data(as_text=True)
    assert page.count(" checked") == 3 + 1
    listing = admin.get("/languages").get_data(as_text=True)
    assert re.search(r'data-lang="so">.*?<td>Nej</td>', listing, re.S)
    every = ["sv", "en", "ar", "so", "ti", "prs", "fi", "uk"]
    post_form(admin, "/admin/languages", "/admin/languages", {"languages": every, "accept_drafts": "y"})  # type: ignore[dict-item]
    assert offered(app, "flen") is None  # all of them: new languages are offered too
    with rt_of(app).db() as s:
        details = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "languages_offered")
                            .order_by(AuditEntry.id)).all()
    assert details == ["sv,ar,fi", ",".join(every)]
    assert "Ändrade språk som erbjuds" in admin.get("/admin/audit").get_data(as_text=True)


def test_unknown_language_changes_nothing(login: Callable[..., FlaskClient], app: Flask) -> None:
    admin = login("flen", "admin")
    response = post_form(admin, "/admin/languages", "/admin/languages",
                         {"languages": ["ar", "xx"], "accept_drafts": "y"})  # type: ignore[dict-item]
    assert response.status_code == 302
    assert "Ett av språken finns inte." in admin.get("/admin/languages").get_data(as_text=True)
    assert offered(app, "flen") is None
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.id).where(AuditEntry.action == "languages_offered")).all() == []


def test_each_admin_sees_only_the_own_organisations_list(login: Callable[..., FlaskClient], app: Flask) -> None:
    post_form(login("flen", "admin"), "/admin/languages", "/admin/languages", {"languages": "fi", "accept_drafts": "y"})
    other = login("vingaker", "admin")
    assert other.get("/admin/languages").get_data(as_text=True).count(" checked") == 8 + 1  # + drafts accepted
    assert "Ändrade språk som erbjuds" not in other.get("/admin/audit").get_data(as_text=True)
    assert offered(app, "flen") == ["sv", "fi"] and offered(app, "vingaker") is None


def test_new_pages_have_no_inline_script_or_style(login: Callable[..., FlaskClient],
                                                  lw_meeting: dict[str, str]) -> None:
    admin = login("flen", "admin")
    paper = f"/meetings/{lw_meeting['id']}/participants/{lw_meeting['guardian']}/paper"
    for url in ("/languages", "/admin/languages", paper, f"/meetings/{lw_meeting['id']}", "/meetings"):
        response = admin.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "<script" not in html and "style=" not in html and "<style" not in html, url
        assert "style-src 'self';" in response.headers["Content-Security-Policy"], url


def test_blank_sheet_in_an_offered_language(login: Callable[..., FlaskClient]) -> None:
    admin = login("flen", "admin")
    listing = admin.get("/languages").get_data(as_text=True)
    assert '<form method="get" action="/sheets"' in listing and '<option value="ar">العربية (ar)</option>' in listing
    response = admin.get("/sheets?lang=ar&role=guardian&bilingual=y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="ar" dir="rtl">' in html and 'class="sv" lang="sv"' in html
    assert "'sha256-" in response.headers["Content-Security-Policy"]
    plain = admin.get("/sheets?lang=fi").get_data(as_text=True)
    assert '<html lang="fi" dir="ltr">' in plain and 'class="sv"' not in plain
    post_form(admin, "/admin/languages", "/admin/languages", {"languages": "fi", "accept_drafts": "y"})
    for query in ("lang=ar", "lang=fa", "lang=xx", "lang=fi&role=teacher", ""):
        assert admin.get(f"/sheets?{query}").status_code == 404, query
    assert '<option value="ar">' not in admin.get("/languages").get_data(as_text=True)
