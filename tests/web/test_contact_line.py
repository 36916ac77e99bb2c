"""The contact line on the invite form: staff tick it and give their first name; the preview shows it, the
invitation (and a resend) is signed "/Anna", the audit log says so; unticked, nothing is added; a missing or
unusable name, or one that would make the invitation cost another SMS, is refused with a reason."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Participant
from bot.web.audit_rows import detail_text
from tests.support.common import PHONES, rt_of
from tests.support.staff import MEETING_DATE_TEXT, post_form


def _meeting(staff: FlaskClient) -> str:
    created = post_form(staff, "/meetings/new", "/meetings/new",
                        {"date": MEETING_DATE_TEXT, "time": "13:00", "label": "SIP vecka 50"})
    return str(created.headers["Location"])


def _form(**extra: str) -> dict[str, str]:
    return {"role": "youth", "phone": "070-174 06 08", "language": "sv", "helper_note": ""} | extra


def test_signed_invitation_previewed_sent_resent_and_audited(staff: FlaskClient, app: Flask) -> None:
    page = _meeting(staff)
    preview = post_form(staff, page, f"{page}/participants", _form(sign="y", contact_name="Anna", action="preview"))
    assert preview.status_code == 200 and "inte vill ha sms.\n/Anna</span>" in preview.get_data(as_text=True)
    assert post_form(staff, page, f"{page}/participants", _form(sign="y", contact_name="Anna")).status_code == 302
    sent = rt_of(app).transport.sent  # type: ignore[attr-defined]
    assert [to for to, _ in sent] == [PHONES[3]] and sent[0][1].endswith("\n/Anna")
    with rt_of(app).db() as s:
        participant = s.scalars(select(Participant)).one()
        assert participant.contact == "Anna"
        assert s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "invite")).one() == "youth sv signed"
    resend = f"{page}/participants/{participant.id}/resend"
    assert post_form(staff, page, resend, {}).status_code == 302
    assert len(sent) == 2 and sent[1][1] == sent[0][1]
    assert detail_text("invite", "youth sv signed", {}) == "Ungdom, svenska, med kontaktrad"


def test_unticked_adds_nothing_even_with_a_name(staff: FlaskClient, app: Flask) -> None:
    page = _meeting(staff)
    assert post_form(staff, page, f"{page}/participants", _form(contact_name="Anna")).status_code == 302
    sent = rt_of(app).transport.sent  # type: ignore[attr-defined]
    assert sent and "/Anna" not in sent[0][1] and sent[0][1].endswith("inte vill ha sms.")


def test_missing_bad_or_too_long_names_are_refused(staff: FlaskClient, app: Flask) -> None:
    page = _meeting(staff)
    for name, lang, message in (("", "sv", "Skriv ditt förnamn, eller kryssa ur rutan."),
                                ("Anna 0701", "sv", "Skriv bara ett förnamn"),
                                ("Annakarolinamaria", "so", "Med namnet blir inbjudan längre (fler sms).")):
        response = post_form(staff, page, f"{page}/participants",
                             _form(sign="y", contact_name=name, language=lang))
        assert response.status_code == 400 and message in response.get_data(as_text=True), name
    assert rt_of(app).transport.sent == []  # type: ignore[attr-defined]
