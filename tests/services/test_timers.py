"""Timers as data on a pinned clock: the 48 h reminder, the reminder 2 days before the meeting, quiet hours,
never after STOPP, at most two, expiry at the meeting's start and the late reply."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from bot.conversation import Reply
from bot.services.outbox import outside_quiet_hours
from bot.services.runtime import Runtime
from bot.services.worker import Worker, drain
from bot.store.models import Answer, Conversation, ConversationEvent, DueAction, Meeting, Message
from tests.support.common import NOW, PHONES

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = dt.datetime(2026, 12, 10, 13, 0, tzinfo=STOCKHOLM)  # the meeting of conftest's `invited`
HOUR = dt.timedelta(hours=1)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def say(rt: Runtime, key: str) -> str:
    return rt.texts.render(Reply(key), "sv")


def sent_bodies(rt: Runtime) -> list[str]:
    return [body for _to, body in rt.transport.sent]  # type: ignore[attr-defined]


def reminders(rt: Runtime) -> int:
    return sent_bodies(rt).count(say(rt, "common.reminder"))


def run_until(rt: Runtime, clock: dict[str, dt.datetime], end: dt.datetime, step: dt.timedelta) -> list[dt.datetime]:
    """Drain the worker every `step` up to `end`; return the moments a reminder went out."""
    moments = []
    while clock["now"] <= end:
        before = reminders(rt)
        drain(rt)
        if reminders(rt) > before:
            moments.append(clock["now"])
        clock["now"] += step
    return moments


def due(rt: Runtime, kind: str) -> DueAction:
    with rt.db() as s:
        action = s.scalar(select(DueAction).where(DueAction.kind == kind))
        assert action is not None
        return action


def conversation(rt: Runtime) -> Conversation:
    with rt.db() as s:
        conv = s.scalar(select(Conversation))
        assert conv is not None
        return conv


def test_quiet_hours_are_21_to_08_stockholm_time():
    for moment, expected in [
        (local(2026, 11, 23, 20, 59), local(2026, 11, 23, 20, 59)),
        (local(2026, 11, 23, 21, 0), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 24, 3, 0), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 24, 7, 59), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 24, 8, 0), local(2026, 11, 24, 8, 0)),
        (local(2026, 3, 28, 23, 0), local(2026, 3, 29, 8, 0)),  # across the change to summer time
    ]:
        assert outside_quiet_hours(moment.astimezone(dt.UTC), STOCKHOLM) == expected


def test_one_reminder_after_48_hours_without_an_answer(rt, invited, clock):
    invited()
    drain(rt)
    assert sent_bodies(rt)[0].startswith("Hej! Flens kommun")
    clock["now"] = NOW + 48 * HOUR - dt.timedelta(minutes=1)
    drain(rt)
    assert reminders(rt) == 0
    clock["now"] = NOW + 48 * HOUR
    drain(rt)
    assert reminders(rt) == 1 and rt.transport.sent[-1][0] == PHONES[0]  # type: ignore[attr-defined]
    assert (due(rt, "remind_silence").outcome, due(rt, "remind_silence").done_at) == ("sent", clock["now"])
    clock["now"] += 96 * HOUR
    drain(rt)
    assert reminders(rt) == 1  # one silence reminder, not one every 48 h


def test_an_answer_moves_the_silence_reminder(rt, invited, clock, send_sms):
    invited()
    clock["now"] = NOW + 24 * HOUR
    assert send_sms(PHONES[0], "hej").status_code == 200
    clock["now"] = NOW + 48 * HOUR
    drain(rt)
    assert reminders(rt) == 0 and due(rt, "remind_silence").due_at == NOW + 72 * HOUR
    clock["now"] = NOW + 72 * HOUR
    drain(rt)
    assert reminders(rt) == 1


def test_a_reminder_due_in_quiet_hours_waits_until_8(rt, invited, clock):
    clock["now"] = local(2026, 11, 23, 22, 30).astimezone(dt.UTC)
    invited()
    clock["now"] = local(2026, 11, 25, 22, 30).astimezone(dt.UTC)
    drain(rt)
    assert reminders(rt) == 0
    assert due(rt, "remind_silence").due_at == local(2026, 11, 26, 8, 0)
    assert run_until(rt, clock, local(2026, 11, 26, 9, 0), dt.timedelta(minutes=30)) == [
        local(2026, 11, 26, 8, 0).astimezone(dt.UTC)]


def test_two_reminders_at_most_then_expiry_at_the_meeting_start(rt, invited, clock):
    invited()
    moments = run_until(rt, clock, START - dt.timedelta(minutes=1), 3 * HOUR)
    assert moments == [NOW + 48 * HOUR, START - dt.timedelta(days=2)]
    assert conversation(rt).status == "invited"
    clock["now"] = START.astimezone(dt.UTC)
    assert drain(rt) == {"timer_expired": 1}
    conv = conversation(rt)
    assert (conv.status, conv.state, conv.open_phone) == ("expired", "expired", None)
    with rt.db() as s:
        assert s.scalars(select(ConversationEvent.detail)).all() == ["expired"]
    assert reminders(rt) == 2 and drain(rt) == {}


def test_nothing_after_stop(rt, invited, clock, send_sms):
    invited()
    drain(rt)
    send_sms(PHONES[0], "STOPP")
    assert run_until(rt, clock, START + 6 * HOUR, 6 * HOUR) == []
    assert len(sent_bodies(rt)) == 1  # the invitation only
    assert conversation(rt).status == "opted_out"
    with rt.db() as s:
        assert set(s.scalars(select(DueAction.outcome))) == {"stale"}


def test_a_completed_conversation_gets_no_reminder_and_does_not_expire(rt, invited, clock, send_sms):
    invited()
    for body in ["hej", "JA", *["4"] * 8, "att jag får vara med", "2", "JA"]:
        assert send_sms(PHONES[0], body).status_code == 200
    assert run_until(rt, clock, START + HOUR, 6 * HOUR) == []
    assert conversation(rt).status == "completed"


def test_a_late_reply_is_answered_once_and_never_stored_as_an_answer(rt, invited, clock, send_sms):
    invited()
    clock["now"] = START.astimezone(dt.UTC) - dt.timedelta(minutes=1)
    drain(rt)
    assert conversation(rt).status == "invited"
    clock["now"] = START.astimezone(dt.UTC)
    drain(rt)
    reply = send_sms(PHONES[0], "4 jag mår bra")
    assert say(rt, "common.closed") in reply.get_data(as_text=True)
    assert say(rt, "common.closed") not in send_sms(PHONES[0], "hallå?").get_data(as_text=True)
    with rt.db() as s:
        assert s.scalars(select(Answer)).all() == []
        late = s.execute(select(Message.body, Message.status).where(Message.direction == "in")
                         .order_by(Message.id)).all()
    assert [tuple(m) for m in late] == [("4 jag mår bra", "late"), ("hallå?", "late")]  # kept for staff
    assert conversation(rt).status == "expired"


def test_a_moved_meeting_moves_the_expiry(rt, invited, clock):
    invited()
    with rt.db.begin() as s:
        meeting = s.scalar(select(Meeting))
        assert meeting is not None
        meeting.date = dt.date(2026, 12, 17)
    clock["now"] = START.astimezone(dt.UTC)
    drain(rt)
    assert conversation(rt).status == "invited"
    assert due(rt, "expire").due_at == START + dt.timedelta(days=7)


def test_conversations_without_timers_get_them_from_the_daily_pass(rt, invited, clock):
    invited()
    with rt.db.begin() as s:
        s.execute(delete(DueAction))  # e.g. invited before timers existed
    worker = Worker(rt)
    worker.run(once=True)
    with rt.db() as s:
        kinds = set(s.scalars(select(DueAction.kind)))
    assert kinds == {"remind_silence", "remind_meeting", "expire"}
    assert due(rt, "expire").due_at == START
