"""Inbound durability: the raw SMS is committed before the engine runs; a failing engine or database leaves
it stored with an error mark and the participant asked to try again (never a bare 500); `hjulsamtal
replay` and Twilio's redelivery apply it later, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.conversation import Reply
from bot.services.runtime import Runtime
from bot.store.models import Answer, Conversation, Message
from tests.support.common import PHONES

PHONE = PHONES[0]


def say(rt: Runtime, key: str) -> str:
    return rt.texts.render(Reply(key), "sv")


def replies(response: Any) -> str:
    assert response.status_code == 200 and response.mimetype == "text/xml"
    return response.get_data(as_text=True)


def inbound(rt: Runtime) -> list[tuple[str, str, str | None]]:
    with rt.db() as s:
        return [(m.body, m.status, m.error) for m in s.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id))]


def conversation(rt: Runtime) -> Conversation:
    with rt.db() as s:
        conv = s.scalar(select(Conversation))
        assert conv is not None
        return conv


@pytest.fixture
def broken_engine(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the engine fail on every step until repaired with .undo()."""
    def fail(*_args: Any) -> Any:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(rt.engine, "step", fail)
    return monkeypatch


class FailingStatement:
    """Make the database fail on statements starting with `prefix` while on."""

    def __init__(self, rt: Runtime, prefix: str):
        self.rt, self.prefix = rt, prefix
        event.listen(rt.db_engine, "before_cursor_execute", self.fail)

    def fail(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(self.prefix):
            raise OperationalError(statement, {}, Exception("server closed the connection"))

    def off(self) -> None:
        event.remove(self.rt.db_engine, "before_cursor_execute", self.fail)


def test_an_engine_failure_keeps_the_message_and_asks_to_try_again(rt, invited, send_sms, broken_engine, runner,
                                                                 clock):
    invited()
    response = send_sms(PHONE, "hej", sid="SM" + "a" * 32)
    assert say(rt, "common.try_again") in replies(response)
    assert inbound(rt) == [("hej", "error", "RuntimeError")]
    assert conversation(rt).state == "invited"
    broken_engine.undo()
    assert runner.invoke(args=["replay"]).output.strip() == "replayed 0, failed 0"  # within the grace period
    clock["now"] += dt.timedelta(minutes=2)
    result = runner.invoke(args=["replay"])
    assert result.exit_code == 0 and result.output.strip() == "replayed 1, failed 0"
    assert inbound(rt) == [("hej", "received", "RuntimeError")]
    assert conversation(rt).state == "consent"
    with rt.db() as s:
        queued = s.scalars(select(Message.body).where(Message.status == "queued", Message.in_reply_to_id.is_not(None)))
        assert list(queued) == [say(rt, "youth.consent")]  # the answer goes out through the outbox
    assert runner.invoke(args=["replay"]).output.strip() == "replayed 0, failed 0"  # idempotent
    again = send_sms(PHONE, "hej", sid="SM" + "a" * 32)  # Twilio redelivers: nothing twice
    assert say(rt, "youth.consent") not in replies(again) and conversation(rt).state == "consent"


def test_a_database_failure_mid_turn_keeps_only_the_message(rt, invited, send_sms, clock, runner):
    invited()
    for body in ("hej", "JA"):
        send_sms(PHONE, body)
    failing = FailingStatement(rt, "UPDATE conversation")  # the turn's last write
    response = send_sms(PHONE, "4 bra", sid="SM" + "b" * 32)
    assert say(rt, "common.try_again") in replies(response)
    assert inbound(rt)[-1] == ("4 bra", "error", "OperationalError")
    with rt.db() as s:
        assert s.scalars(select(Answer)).all() == []  # the turn's effects rolled back together
    failing.off()
    clock["now"] += dt.timedelta(minutes=2)
    assert runner.invoke(args=["replay"]).output.strip() == "replayed 1, failed 0"
    with rt.db() as s:
        assert [(a.area, a.rating, a.comment) for a in s.scalars(select(Answer))] == [("safe", 4, "bra")]


def test_twilio_redelivering_a_failed_message_applies_it(rt, invited, send_sms, broken_engine):
    invited()
    sid = "SM" + "c" * 32
    assert say(rt, "common.try_again") in replies(send_sms(PHONE, "hej", sid=sid))
    broken_engine.undo()
    assert say(rt, "youth.consent") in replies(send_sms(PHONE, "hej", sid=sid))  # e.g. at the fallback URL
    assert inbound(rt) == [("hej", "received", "RuntimeError")]
    assert conversation(rt).state == "consent"


def test_a_later_message_supersedes_a_failed_one(rt, invited, send_sms, broken_engine, runner, clock):
    invited()
    assert say(rt, "common.try_again") in replies(send_sms(PHONE, "hej"))
    broken_engine.undo()
    assert say(rt, "youth.consent") in replies(send_sms(PHONE, "hej igen"))  # the participant tried again
    assert [status for _, status, _ in inbound(rt)] == ["superseded", "received"]
    clock["now"] += dt.timedelta(minutes=2)
    assert runner.invoke(args=["replay"]).output.strip() == "replayed 0, failed 0"
    assert conversation(rt).state == "consent"


def test_a_message_stored_by_a_process_that_died_is_replayed(rt, invited, clock, runner):
    invited()
    with rt.db.begin() as s:  # the first transaction committed, then the web process died
        conv = s.scalar(select(Conversation))
        s.add(Message(conversation_id=conv.id, direction="in", message_sid="SM" + "d" * 32, body="hej",
                      status="received", created_at=clock["now"]))
    clock["now"] += dt.timedelta(seconds=30)
    assert runner.invoke(args=["replay"]).output.strip() == "replayed 0, failed 0"  # maybe still in flight
    assert runner.invoke(args=["replay", "--older-than", "20"]).output.strip() == "replayed 1, failed 0"
    assert conversation(rt).state == "consent"


def test_a_failing_replay_marks_the_message_again(rt, invited, send_sms, broken_engine, runner, clock):
    invited()
    send_sms(PHONE, "hej")
    clock["now"] += dt.timedelta(minutes=2)
    result = runner.invoke(args=["replay"])
    assert result.exit_code == 1 and result.output.strip().endswith("replayed 0, failed 1")
    assert inbound(rt) == [("hej", "error", "RuntimeError")]


def test_when_nothing_can_be_stored_the_reply_still_has_a_body(rt, invited, send_sms):
    invited()
    failing = FailingStatement(rt, "INSERT INTO message")  # the database refuses the store itself
    response = send_sms(PHONE, "hej")
    failing.off()
    assert say(rt, "common.try_again") in replies(response)
    assert inbound(rt) == [] and conversation(rt).state == "invited"
