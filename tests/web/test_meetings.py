"""Meetings pages: create, edit, list order, chips and progress, invite, resend, cancel; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.store.models import AuditEntry, Conversation, Meeting, MeetingInfo, Message, Participant, ParticipantInfo
from tests.support.common import NOW, PHONES, rt_of
from tests.support.staff import post_form


def count(app: Flask, model: Any) -> int:
    with rt_of(app).db() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def new_meeting(client: FlaskClient, **data: str) -> Any:
    return post_form(client, "/meetings/new", "/meetings/new",
                     {"date": "2026-12-10", "time": "13:00", "label": "SIP vecka 50", **data})


def test_create_meeting(staff: FlaskClient, app: Flask) -> None:
    form = staff.get("/meetings/new").get_data(as_text=True)
    assert "inte barnets fullständiga namn och inte personnummer" in form  # the form says so
    response = new_meeting(staff)
    assert response.status_code == 302
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "SIP vecka 50" in page and "10 december 2026" in page and "kl. 13.00" in page
    with rt_of(app).db() as s:
        meeting = s.scalars(select(Meeting)).one()
        assert (meeting.date, meeting.time) == (dt.date(2026, 12, 10), dt.time(13, 0))
        assert meeting.org.slug == "flen"
        assert s.get(MeetingInfo, meeting.id).label == "SIP vecka 50"  # type: ignore[union-attr]
        assert s.scalars(select(AuditEntry.action)).all() == ["login", "meeting_create"]


@pytest.mark.parametrize(("data", "message"), [
    ({"date": "2026-11-22"}, "Datumet har redan varit"),
    ({"date": "10/12/2026"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ({"date": ""}, "Fyll i det här fältet."),
    ({"time": "25:00"}, "Skriv tiden som TT:MM."),
    ({"label": "Elev 20101224-1234"}, "personnummer"),
    ({"label": "0102031234"}, "personnummer"),
    ({"label": "x" * 41}, "Skriv mellan 2 och 40 tecken."),
    ({"label": ""}, "Fyll i det här fältet."),
])
def test_create_meeting_refuses_bad_input(staff: FlaskClient, app: Flask, data: dict[str, str],
                                          message: str) -> None:
    response = new_meeting(staff, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Meeting) == 0 and count(app, MeetingInfo) == 0


def test_edit_meeting(staff: FlaskClient, meeting: dict[str, str], app: Flask) -> None:
    page = f"/meetings/{meeting['id']}/edit"
    assert 'value="SIP vecka 50"' in staff.get(page).get_data(as_text=True)
    bad = post_form(staff, page, page, {"date": "2026-01-01", "time": "", "label": "Nytt namn"})
    assert bad.status_code == 400
    ok = post_form(staff, page, page, {"date": "2026-12-17", "time": "", "label": "Nytt namn"})
    assert ok.status_code == 302
    with rt_of(app).db() as s:
        m = s.get(Meeting, meeting["id"])
        assert m is not None and (m.date, m.time) == (dt.date(2026, 12, 17), None)
        assert s.get(MeetingInfo, meeting["id"]).label == "Nytt namn"  # type: ignore[union-attr]
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "meeting_edit")).all() == [
            "meeting_edit"]


def test_invite_sends_the_sms_and_keeps_the_note(staff: FlaskClient, app: Flask) -> None:
    response = new_meeting(staff)
    page = response.headers["Location"]
    added = post_form(staff, page, f"{page}/participants", {"role": "guardian", "phone": "070-174 06 07",
                                                           "language": "en", "helper_note": "modersmålslärare"})
    assert added.status_code == 302
    sent = rt_of(app).transport.sent  # type: ignore[attr-defined]
    assert [to for to, _ in sent] == [PHONES[2]]
    assert "Flens kommun" in sent[0][1]
    with rt_of(app).db() as s:
        participant = s.scalars(select(Participant)).one()
        assert (participant.role, participant.language, participant.phone) == ("guardian", "en", PHONES[2])
        assert s.get(ParticipantInfo, participant.id).helper_note == "modersmålslärare"  # type: ignore[union-attr]
        assert s.scalars(select(Message.status)).all() == ["sent"]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "invite")).one()
        assert entry.participant_id == participant.id and PHONES[2] not in (entry.detail or "")
    html = staff.get(page).get_data(as_text=True)
    assert "modersmålslärare" in html and "Inbjuden" in html and "0/8" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"phone": "12345"}, "Numret går inte att använda"),
    ({"phone": "08-123 456 78"}, "Numret går inte att använda"),  # a landline gets no SMS
    ({"phone": ""}, "Fyll i det här fältet."),
    ({"language": "xx"}, "Välj ett språk i listan."),
    ({"role": "teacher"}, "Välj ett av alternativen."),
    ({"helper_note": "pappa 19800101-1234"}, "personnummer"),
])
def test_invite_refuses_bad_input(staff: FlaskClient, app: Flask, data: dict[str, str], message: str) -> None:
    page = new_meeting(staff).headers["Location"]
    fields = {"role": "youth", "phone": "070-174 06 05", "language": "sv", "helper_note": "", **data}
    response = post_form(staff, page, f"{page}/participants", fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Participant) == 0 and count(app, Message) == 0 and count(app, ParticipantInfo) == 0
    assert rt_of(app).transport.sent == []  # type: ignore[attr-defined]


def test_invite_refuses_a_phone_with_an_open_conversation(staff: FlaskClient, meeting: dict[str, str],
                                                          app: Flask) -> None:
    page = f"/meetings/{meeting['id']}"
    response = post_form(staff, page, f"{page}/participants",
                         {"role": "youth", "phone": PHONES[0], "language": "sv", "helper_note": ""})
    assert response.status_code == 400
    assert "redan ett samtal som pågår" in response.get_data(as_text=True)
    assert count(app, Participant) == 2


def test_meetings_list_upcoming_first_with_chips_and_progress(staff: FlaskClient, meeting: dict[str, str],
                                                              send_sms: Callable[..., Any],
                                                              clock: dict[str, dt.datetime],
                                                              login: Callable[..., FlaskClient]) -> None:
    later = new_meeting(staff, date="2027-01-20", label="Senare möte").headers["Location"]
    soon = new_meeting(staff, date="2026-11-24", label="Snart möte").headers["Location"]
    for body in ("hej", "ja", "4", "2 ont i magen", "hoppa"):
        send_sms(PHONES[0], body)
    send_sms(PHONES[1], "STOP")
    html = staff.get("/meetings").get_data(as_text=True)
    assert html.index("Snart möte") < html.index("SIP vecka 50") < html.index("Senare möte")
    assert "Svarar" in html and "2/8" in html  # youth: safe 4, healthy 2 (follow-up skipped)
    assert "Avslutade (STOPP)" in html
    assert soon and later
    clock["now"] = NOW + dt.timedelta(days=3)  # the 24 November meeting has been: it moves below the others
    html = login("flen").get("/meetings").get_data(as_text=True)  # (the old session has timed out)
    assert html.index("SIP vecka 50") < html.index("Senare möte") < html.index("Snart möte")
    assert "Har varit" in html


def test_not_delivered_chip_and_resend(staff: FlaskClient, meeting: dict[str, str], app: Flask) -> None:
    with rt_of(app).db.begin() as s:
        invitation = s.scalars(select(Message).join(Conversation).join(Participant)
                               .where(Participant.id == meeting["youth"])).one()
        invitation.status = "failed"
    page = f"/meetings/{meeting['id']}"
    assert "Inte levererat" in staff.get(page).get_data(as_text=True)
    response = post_form(staff, page, f"{page}/participants/{meeting['youth']}/resend", {})
    assert response.status_code == 302
    sent = rt_of(app).transport.sent  # type: ignore[attr-defined]
    assert [to for to, _ in sent][-1] == PHONES[0] and sent[-1][1] == sent[0][1]
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "resend")).all() == ["resend"]


def test_resend_refused_once_the_participant_answered(staff: FlaskClient, meeting: dict[str, str],
                                                      send_sms: Callable[..., Any], app: Flask) -> None:
    send_sms(PHONES[0], "hej")
    before = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    page = f"/meetings/{meeting['id']}"
    response = post_form(staff, page, f"{page}/participants/{meeting['youth']}/resend", {})
    assert response.status_code == 302
    assert "bara skickas igen" in staff.get(page).get_data(as_text=True)
    assert len(rt_of(app).transport.sent) == before  # type: ignore[attr-defined]


def test_cancel_ends_open_conversations_silently(staff: FlaskClient, meeting: dict[str, str],
                                                 send_sms: Callable[..., Any], app: Flask) -> None:
    send_sms(PHONES[0], "hej")
    sent_before = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    page = f"/meetings/{meeting['id']}"
    assert post_form(staff, page, f"{page}/cancel", {}).status_code == 302
    with rt_of(app).db() as s:
        convs = s.scalars(select(Conversation)).all()
        assert {c.status for c in convs} == {"expired"} and {c.open_phone for c in convs} == {None}
        assert s.get(MeetingInfo, meeting["id"]).cancelled_at == NOW  # type: ignore[union-attr]
    assert len(rt_of(app).transport.sent) == sent_before  # type: ignore[attr-defined]
    html = staff.get(page).get_data(as_text=True)
    assert "Inställt" in html and "Bjud in och skicka sms" not in html
    refused = post_form(staff, "/meetings", f"{page}/participants",
                        {"role": "youth", "phone": PHONES[5], "language": "sv", "helper_note": ""})
    assert refused.status_code == 400 and count(app, Participant) == 2


def test_cancel_one_invitation(staff: FlaskClient, meeting: dict[str, str], send_sms: Callable[..., Any],
                               app: Flask) -> None:
    send_sms(PHONES[0], "hej")
    sent = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    page = f"/meetings/{meeting['id']}"
    url = f"{page}/participants/{meeting['youth']}/cancel"
    assert post_form(staff, page, url, {}).status_code == 302
    with rt_of(app).db() as s:
        statuses = {c.participant.role: (c.status, c.open_phone) for c in s.scalars(select(Conversation))}
        assert statuses == {"youth": ("expired", None), "guardian": ("invited", rt_of(app).phone_hash(PHONES[1]))}
        assert s.scalars(select(AuditEntry.participant_id).where(AuditEntry.action == "invite_cancel")).all() == [
            meeting["youth"]]
    assert len(rt_of(app).transport.sent) == sent  # type: ignore[attr-defined]
    assert post_form(staff, page, url, {}).status_code == 302
    assert "Samtalet är redan slut." in staff.get(page).get_data(as_text=True)


def test_a_cancelled_meeting_cannot_be_edited(staff: FlaskClient, meeting: dict[str, str], app: Flask) -> None:
    page = f"/meetings/{meeting['id']}"
    post_form(staff, page, f"{page}/cancel", {})
    response = post_form(staff, page, f"{page}/edit", {"date": "2026-12-20", "time": "", "label": "Igen"})
    assert response.status_code == 302
    assert "kan inte ändras" in staff.get(page).get_data(as_text=True)
    with rt_of(app).db() as s:
        assert s.get(Meeting, meeting["id"]).date == dt.date(2026, 12, 10)  # type: ignore[union-attr]
