"""Inviting in a language from the staff web: the picker names each language in itself with its review
status and offers only the organisation's languages; the bilingual checkbox reaches the invitation; a
language that is unknown or not offered is refused with nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Message, Organisation, Participant
from tests.support.common import PHONES, rt_of
from tests.support.languages import LW_GUARDIAN_PHONE, invite_form
from tests.support.staff import post_form


def test_picker_names_each_language_with_its_review_status(staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    html = staff.get(f"/meetings/{lw_meeting['id']}").get_data(as_text=True)
    assert '<option value="ar">العربية (ar), utkast</option>' in html
    assert '<option value="sv">Svenska (sv), källtext</option>' in html
    assert '<option value="ti">ትግርኛ (ti), utkast</option>' in html
    assert "Utkast betyder" in html  # the hint explains the status


def test_bilingual_checkbox_is_stored_and_used(staff: FlaskClient, lw_meeting: dict[str, str], app: Flask) -> None:
    with rt_of(app).db() as s:
        guardian = s.get(Participant, lw_meeting["guardian"])
        youth = s.get(Participant, lw_meeting["youth"])
        assert guardian is not None and youth is not None
        assert (guardian.language, guardian.bilingual) == ("ar", True)
        assert (youth.language, youth.bilingual) == ("sv", False)
        assert guardian.conversation is not None
        arabic, swedish = s.scalars(select(Message.body).where(Message.conversation_id == guardian.conversation.id)
                                    .order_by(Message.id)).all()  # two SMS: the mother tongue first
        details = s.scalars(select(AuditEntry.detail).where(AuditEntry.participant_id == guardian.id)).all()
    assert any("\u0600" <= c <= "\u06ff" for c in arabic) and "Flens kommun" in swedish and "Hej" in swedish
    assert details == ["guardian ar bilingual"]


def test_meeting_page_shows_language_names_status_and_bilingual(staff: FlaskClient,
                                                               lw_meeting: dict[str, str]) -> None:
    html = staff.get(f"/meetings/{lw_meeting['id']}").get_data(as_text=True)
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert '<bdi lang="ar" dir="rtl">العربية</bdi> (ar) – utkast' in table
    assert '<bdi lang="sv" dir="ltr">Svenska</bdi> (sv) – källtext' in table
    assert table.count("tvåspråkig") == 1
    for pid in (lw_meeting["youth"], lw_meeting["guardian"]):
        assert f"/meetings/{lw_meeting['id']}/participants/{pid}/sheet" in table
        assert f"/meetings/{lw_meeting['id']}/participants/{pid}/paper" in table


def _participants_and_messages(app: Flask) -> tuple[int, int]:
    with rt_of(app).db() as s:
        return len(s.scalars(select(Participant.id)).all()), len(s.scalars(select(Message.id)).all())


@pytest.mark.parametrize("lang", ["xx", "fa", "", "<b>ar</b>"])
def test_unknown_language_is_refused(staff: FlaskClient, lw_meeting: dict[str, str], app: Flask, lang: str) -> None:
    before = _participants_and_messages(app)
    page = f"/meetings/{lw_meeting['id']}"
    response = post_form(staff, page, f"{page}/participants", invite_form("youth", PHONES[42], lang, True))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert ("Välj ett språk i listan." in html) or ("Fyll i det här fältet." in html)
    assert "<b>ar</b>" not in html
    assert _participants_and_messages(app) == before


def test_language_not_offered_is_refused_and_not_listed(login: Callable[..., FlaskClient],
                                                        lw_meeting: dict[str, str], app: Flask) -> None:
    admin = login("flen", "admin")
    saved = post_form(admin, "/admin/languages", "/admin/languages", {"languages": ["sv", "fi"], "accept_drafts": "y"})  # type: ignore[dict-item]
    assert saved.status_code == 302
    page = f"/meetings/{lw_meeting['id']}"
    html = admin.get(page).get_data(as_text=True)
    assert '<option value="fi">Suomi (fi), utkast</option>' in html and '<option value="ar">' not in html
    before = _participants_and_messages(app)
    response = post_form(admin, page, f"{page}/participants", invite_form("youth", PHONES[43], "ar"))
    assert response.status_code == 400
    assert "Välj ett språk i listan." in response.get_data(as_text=True)
    assert _participants_and_messages(app) == before
    fine = post_form(admin, page, f"{page}/participants", invite_form("youth", PHONES[43], "fi"))
    assert fine.status_code == 302
    assert _participants_and_messages(app)[0] == before[0] + 1
    with rt_of(app).db() as s:
        other = s.scalars(select(Organisation).where(Organisation.slug == "vingaker")).one()
        assert other.languages is None  # another organisation's list is untouched


def test_the_existing_guardian_keeps_a_language_no_longer_offered(login: Callable[..., FlaskClient],
                                                                  lw_meeting: dict[str, str]) -> None:
    admin = login("flen", "admin")
    post_form(admin, "/admin/languages", "/admin/languages", {"languages": "sv", "accept_drafts": "y"})
    html = admin.get(f"/meetings/{lw_meeting['id']}").get_data(as_text=True)
    assert '<bdi lang="ar" dir="rtl">العربية</bdi>' in html and LW_GUARDIAN_PHONE not in html
