"""Organisation scoping: staff of another organisation get 404 for every route that names a meeting or a
participant (by URL guessing too), and change nothing; lists show only their own organisation's rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Conversation, Meeting, MeetingInfo, Message, Participant
from tests.support.common import rt_of
from tests.support.staff import MEETING_ROUTES, csrf_token, post_form

FORM = {"date": "2026-12-24", "time": "", "label": "Kapat", "role": "youth", "phone": "070-174 06 30",
        "language": "sv", "helper_note": ""}


def snapshot(app: Flask) -> tuple[object, ...]:
    """Everything a request could change about org A's meeting."""
    with rt_of(app).db() as s:
        return (
            [(m.id, m.date, m.time) for m in s.scalars(select(Meeting).order_by(Meeting.id))],
            [(i.label, i.cancelled_at) for i in s.scalars(select(MeetingInfo))],
            s.scalars(select(Participant.id).order_by(Participant.id)).all(),
            [(c.status, c.open_phone) for c in s.scalars(select(Conversation).order_by(Conversation.id))],
            s.scalars(select(Message.id).order_by(Message.id)).all(),
        )


@pytest.mark.parametrize(("method", "path"), MEETING_ROUTES)
def test_other_org_gets_404_on_every_meeting_route(meeting: dict[str, str], login: Callable[..., FlaskClient],
                                                   app: Flask, method: str, path: str) -> None:
    other = login("vingaker")
    before = snapshot(app)
    url = path.format(m=meeting["id"], p=meeting["youth"])
    if method == "GET":
        response = other.get(url)
    else:
        token = csrf_token(other.get("/meetings").get_data(as_text=True))
        response = other.post(url, data={"csrf_token": token, **FORM})
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "SIP vecka 50" not in body and meeting["youth"] not in body
    assert snapshot(app) == before
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.meeting_id == meeting["id"],
                                                        AuditEntry.action != "meeting_create",
                                                        AuditEntry.action != "invite")).all() == []


@pytest.mark.parametrize(("method", "path"), MEETING_ROUTES)
def test_unknown_ids_get_404(staff: FlaskClient, meeting: dict[str, str], method: str, path: str) -> None:
    url = path.format(m="00000000-0000-0000-0000-000000000000", p=meeting["youth"])
    response = staff.get(url) if method == "GET" else post_form(staff, "/meetings", url, FORM)
    assert response.status_code == 404


def test_participant_of_another_meeting_gets_404(meeting: dict[str, str], login: Callable[..., FlaskClient],
                                                  app: Flask) -> None:
    """Own meeting id + another organisation's participant id: 404, no SMS."""
    other = login("vingaker")
    created = post_form(other, "/meetings/new", "/meetings/new", {"date": "2026-12-11", "label": "Deras"})
    own = created.headers["Location"]
    sent = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    response = post_form(other, own, f"{own}/participants/{meeting['youth']}/resend", {})
    assert response.status_code == 404
    assert len(rt_of(app).transport.sent) == sent  # type: ignore[attr-defined]


def test_lists_show_only_the_own_organisation(meeting: dict[str, str], login: Callable[..., FlaskClient]) -> None:
    other_admin = login("vingaker", "admin")
    meetings = other_admin.get("/meetings").get_data(as_text=True)
    assert "SIP vecka 50" not in meetings and meeting["id"] not in meetings
    users = other_admin.get("/admin/users").get_data(as_text=True)
    assert ".flen@example.org" not in users and ".vingaker@example.org" in users
    audit = other_admin.get("/admin/audit").get_data(as_text=True)
    assert "Skapade möte" not in audit and "Bjöd in" not in audit and meeting["id"][:8] not in audit


def test_simulator_session_is_per_user(staff: FlaskClient, login: Callable[..., FlaskClient]) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    assert "Du spelar" in staff.get("/simulator").get_data(as_text=True)
    assert "Du spelar" not in login("vingaker").get("/simulator").get_data(as_text=True)
