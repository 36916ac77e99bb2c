"""Fixtures for the staff web's language pages: a meeting made through the web with a Swedish youth and an
Arabic guardian invited in bilingual mode, paper answer payloads, and a snapshot of what paper answers
could change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import PHONES, rt_of
from fixtures_staff import MEETING_DATE_TEXT, post_form
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import Answer, AuditEntry, Conversation, ConversationEvent, Message, PaperSheet, Participant

LW_YOUTH_PHONE, LW_GUARDIAN_PHONE = PHONES[40], PHONES[41]
PAPER_RATINGS = {"safe": 4, "healthy": 3, "achieving": 5, "nurtured": 4, "active": 2, "respected": 5,
                 "responsible": 4, "included": 3}
ARABIC_COMMENT = "أحب المدرسة"  # "I like school"
HELPER = "modersmålslärare i arabiska"


def invite_form(role: str, phone: str, lang: str, bilingual: bool = False) -> dict[str, str]:
    """The add-participant form's fields (an unticked checkbox is not sent, as in a browser)."""
    data = {"role": role, "phone": phone, "language": lang, "helper_note": ""}
    return data | ({"bilingual": "y"} if bilingual else {})


def paper_data(ratings: dict[str, Any] | None = None, helper: str = HELPER, **extra: str) -> dict[str, str]:
    """The paper answers form's fields: a rating per area, one Arabic comment, what matters most, who helped."""
    data = {f"rating_{area}": str(value) for area, value in (ratings or PAPER_RATINGS).items()}
    data |= {f"comment_{area}": "" for area in PAPER_RATINGS}
    return data | {"comment_achieving": ARABIC_COMMENT, "matters_most": "مزيد من الوقت", "helper": helper} | extra


@pytest.fixture
def lw_meeting(staff: FlaskClient) -> dict[str, str]:
    """A meeting of flen with a youth (sv) and a guardian (ar, bilingual) invited through the web."""
    created = post_form(staff, "/meetings/new", "/meetings/new",
                        {"date": MEETING_DATE_TEXT, "time": "13:00", "label": "SIP modersmål"})
    assert created.status_code == 302, created.get_data(as_text=True)
    meeting_id = created.headers["Location"].rsplit("/", 1)[-1]
    page = f"/meetings/{meeting_id}"
    for form in (invite_form("youth", LW_YOUTH_PHONE, "sv"), invite_form("guardian", LW_GUARDIAN_PHONE, "ar", True)):
        added = post_form(staff, page, f"{page}/participants", form)
        assert added.status_code == 302, added.get_data(as_text=True)
    with rt_of(staff.application).db() as s:
        rows = s.scalars(select(Participant).where(Participant.meeting_id == meeting_id))
        return {"id": meeting_id} | {p.role: p.id for p in rows}


@pytest.fixture
def paper_state(app: Flask) -> Callable[[], tuple[object, ...]]:
    """Everything recording paper answers could change, to compare before and after."""
    def snapshot() -> tuple[object, ...]:
        with rt_of(app).db() as s:
            return (
                [(a.conversation_id, a.area, a.rating, a.comment, a.source) for a in
                 s.scalars(select(Answer).order_by(Answer.id))],
                [(c.id, c.status, c.state, c.open_phone) for c in s.scalars(select(Conversation)
                                                                          .order_by(Conversation.id))],
                s.scalars(select(PaperSheet.id)).all(),
                s.scalars(select(ConversationEvent.id).order_by(ConversationEvent.id)).all(),
                s.scalars(select(Message.id).order_by(Message.id)).all(),
                s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all(),
            )
    return snapshot
