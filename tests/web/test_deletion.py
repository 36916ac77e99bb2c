"""Delete now: a meeting's personal data erased from the staff web, counts kept, audited, confirmed first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.store.models import Answer, AuditEntry, Conversation, Meeting, MeetingInfo, MeetingStats, Message, Participant
from tests.support.common import PHONES, rt_of
from tests.support.staff import post_form


def rows(client: FlaskClient, model: Any) -> int:
    with rt_of(client.application).db() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_delete_now_erases_personal_data_and_keeps_counts(staff: FlaskClient, meeting: dict[str, str],
                                                          send_sms: Callable[..., Any]) -> None:
    for body in ("hej", "ja", "4 det går bra"):
        send_sms(PHONES[0], body)
    page = f"/meetings/{meeting['id']}"
    assert rows(staff, Answer) == 1
    response = post_form(staff, page, f"{page}/delete", {"confirm": "y"})
    assert response.status_code == 302
    for model in (Participant, Conversation, Answer, Message, MeetingInfo):
        assert rows(staff, model) == 0, model
    with rt_of(staff.application).db() as s:
        assert s.get(Meeting, meeting["id"]) is not None  # the date stays, for statistics
        stats = s.get(MeetingStats, meeting["id"])
        assert stats is not None and stats.reason == "staff"
        assert stats.counts["participants"] == 2 and stats.counts["answers"] == 1
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "meeting_delete")).one()
        assert entry.meeting_id == meeting["id"] and "det går bra" not in (entry.detail or "")
    html = staff.get(page).get_data(as_text=True)
    assert "Uppgifterna raderades" in html and "det går bra" not in html


def test_delete_now_needs_the_confirmation(staff: FlaskClient, meeting: dict[str, str]) -> None:
    page = f"/meetings/{meeting['id']}"
    response = post_form(staff, page, f"{page}/delete", {})
    assert response.status_code == 302
    assert rows(staff, Participant) == 2 and rows(staff, MeetingStats) == 0
    assert "Inget raderades" in staff.get(page).get_data(as_text=True)
