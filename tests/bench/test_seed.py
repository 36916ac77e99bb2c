"""The benchmark's seed writes rows by column position: after a migration it must still write every column,
or `make bench` stops at its start (it did, twice). Seeding a few conversations here catches it in CI."""

from __future__ import annotations

from sqlalchemy import func, select

from bench.seed import seed
from bot.services.runtime import Runtime
from bot.store.models import Answer, Conversation, Message, Participant


def test_seed_writes_whole_conversations_into_the_current_schema(rt: Runtime) -> None:
    assert seed(rt.db_engine, 0, 4) > 4 * 8  # a meeting, a participant, a conversation, answers, messages
    with rt.db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Participant)) == 4
        assert conn.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.status == "completed")) == 4
        assert conn.scalar(select(func.count()).select_from(Answer)) >= 4 * 8
        assert conn.scalar(select(func.count()).select_from(Message).where(Message.direction == "in")) > 4
