"""Fixtures of the staff web tests: flen's staff logged in, a meeting made through the web, the language
meeting (a Swedish youth and an Arabic guardian invited in bilingual mode), and a snapshot of what paper
answers could change. Users and organisations: tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import Answer, AuditEntry, Conversation, ConversationEvent, Message, PaperSheet
from tests.support.common import PHONES, rt_of
from tests.support.languages import LW_GUARDIAN_PHONE, LW_YOUTH_PHONE, invite_form
from tests.support.staff import web_meeting


@pytest.fixture
def staff(login: Callable[..., FlaskClient]) -> FlaskClient:
    """Staff of flen, logged in."""
    return login("flen")


@pytest.fixture
def meeting(staff: FlaskClient) -> dict[str, str]:
    """A meeting of flen made through the web, with a youth (sv) and a guardian (en) invited.

    Returns its id and the participant ids (`youth`, `guardian`)."""
    return web_meeting(staff, "SIP vecka 50", [invite_form("youth", PHONES[0], "sv"),
                                               invite_form("guardian", PHONES[1], "en")])


@pytest.fixture
def lw_meeting(staff: FlaskClient) -> dict[str, str]:
    """A meeting of flen with a youth (sv) and a guardian (ar, bilingual) invited through the web."""
    return web_meeting(staff, "SIP modersmål", [invite_form("youth", LW_YOUTH_PHONE, "sv"),
                                                invite_form("guardian", LW_GUARDIAN_PHONE, "ar", True)])


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
