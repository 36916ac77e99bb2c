"""Inviting a phone busy with another organisation on the shared number: the page says exactly what a
normal invitation says (the contact is the other organisation's secret), the invitation waits, and the
audit log keeps `invite_queued`; a phone busy with the organisation's own conversation is refused and
`invite_refused` audited."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Conversation, Message, Participant
from tests.support.common import PHONES, rt_of
from tests.support.languages import invite_form
from tests.support.staff import post_form, web_meeting


def actions(client: FlaskClient) -> list[str]:
    with rt_of(client.application).db() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_phone_busy_elsewhere_is_queued_and_nothing_tells_staff(login: Callable[..., FlaskClient]) -> None:
    vingaker, flen = login("vingaker"), login("flen")
    web_meeting(vingaker, "SIP", [invite_form("youth", PHONES[0], "sv")])
    meeting = web_meeting(flen, "SIP vecka 50", [])
    page = f"/meetings/{meeting['id']}"
    normal = post_form(flen, page, f"{page}/participants", invite_form("guardian", PHONES[1], "sv"))
    busy = post_form(flen, page, f"{page}/participants", invite_form("youth", PHONES[0], "sv"))
    assert (busy.status_code, busy.headers["Location"]) == (normal.status_code, normal.headers["Location"])
    after = flen.get(page).get_data(as_text=True)
    assert "redan ett samtal" not in after and "Bjöd in" not in after
    assert actions(flen)[-2:] == ["invite", "invite_queued"]
    log = login("flen", "admin").get("/admin/audit").get_data(as_text=True)
    assert "invite_queued" not in log and "samtal som pågår" not in log  # it reads as an invitation
    with rt_of(flen.application).db() as s:
        queued = s.scalar(select(Conversation).join(Participant).where(Participant.meeting_id == meeting["id"],
                                                                          Participant.role == "youth"))
        assert queued is not None and queued.waiting_for is not None
        assert s.scalars(select(Message).where(Message.conversation_id == queued.id)).all() == []


def test_the_organisations_own_busy_phone_is_refused_and_audited(login: Callable[..., FlaskClient]) -> None:
    flen = login("flen")
    meeting = web_meeting(flen, "SIP vecka 50", [invite_form("youth", PHONES[0], "sv")])
    page = f"/meetings/{meeting['id']}"
    response = post_form(flen, page, f"{page}/participants", invite_form("guardian", PHONES[0], "sv"))
    assert response.status_code == 400 and "redan ett samtal som pågår" in response.get_data(as_text=True)
    assert actions(flen)[-1] == "invite_refused"
