"""The applier (bot/services/apply.py): one handler per event type, and a step written as one set of rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import conversation as eng
from bot.conversation.events import EVENT_TYPES, StatusChanged
from bot.services.apply import HANDLERS, handles, save_step
from bot.services.runtime import Runtime
from bot.store.models import Answer, Conversation, ConversationEvent
from tests.support.common import PHONES


def test_every_event_type_has_exactly_one_handler() -> None:
    assert set(HANDLERS) == set(EVENT_TYPES)
    with pytest.raises(RuntimeError, match="StatusChanged already has a handler"):
        handles(StatusChanged)(lambda changes, event: None)


def test_a_step_is_written_as_its_events_say(rt: Runtime, invited) -> None:
    invited(PHONES[0])
    with rt.db.begin() as s:
        row = s.scalars(select(Conversation)).one()
        before = eng.Conversation.from_data(row.flow, row.state, row.data)
        step = rt.engine.step(before, eng.PaperAnswers({"safe": (1, "orolig"), "active": (5, None)}, "skolan"))
        save_step(s.connection(), row.id, step.conversation, step.events, rt.clock())
    with rt.db() as s:
        conv = s.scalars(select(Conversation)).one()
        assert (conv.state, conv.status, conv.open_phone, conv.matters_most) == (
            "completed", "completed", None, "skolan")
        assert conv.completed_at == rt.clock()
        answers = {a.area: (a.rating, a.comment, a.source, a.language) for a in s.scalars(select(Answer))}
        assert answers["safe"] == (1, "orolig", "paper", "sv") and answers["included"] == (None, None, "paper", "sv")
        assert len(answers) == len(rt.engine.wheel.areas)
        events = s.execute(select(ConversationEvent.kind, ConversationEvent.area, ConversationEvent.detail)
                           .order_by(ConversationEvent.id)).all()
        assert [tuple(e) for e in events] == [("concern", "safe", "low_rating"), ("status", None, "completed")]


def test_a_dropped_followup_empties_the_stored_row(rt: Runtime, invited) -> None:
    invited(PHONES[0])
    with rt.db.begin() as s:
        row = s.scalars(select(Conversation)).one()
        conv = eng.Conversation.from_data(row.flow, row.state, row.data)
        conv.answers["safe"] = eng.AreaAnswer(rating=2, followup="fler vuxna")
        save_step(s.connection(), row.id, conv, [eng.AnswerGiven("safe", 2, None),
                                                 eng.FollowupGiven("safe", "fler vuxna")], rt.clock())
    with rt.db.begin() as s:
        assert s.scalars(select(Answer.followup)).one() == "fler vuxna"
        conv.answers["safe"].followup = None
        save_step(s.connection(), row.id, conv, [eng.FollowupDropped("safe")], rt.clock())  # this event alone
    with rt.db() as s:
        assert s.execute(select(Answer.rating, Answer.followup)).one() == (2, None)
