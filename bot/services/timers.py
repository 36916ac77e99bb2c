"""Timers as data: reminders and expiry as rows of due actions, fired by the worker.

Rule: a due action only says when to look again. When it fires, the conversation and the meeting as they
are then decide: a reminder goes out only to an unfinished conversation (never after STOPP), at most
MAX_REMINDERS per conversation, never in quiet hours (21:00-08:00 local: deferred to 08:00); an action
whose moment has moved (an answer since, a meeting moved) is rescheduled; one that no longer applies is
closed as `stale`. At the meeting's start an unfinished conversation becomes `expired`. A queued invitation
(bot/services/routing.py) gets no reminder while it waits; its silence counts from its release.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import save_step
from bot.services.outbox import outside_quiet_hours, record_replies
from bot.services.runtime import Runtime
from bot.store.models import Conversation, DueAction, Meeting, Message

MAX_REMINDERS = 2


def meeting_start(meeting: Meeting, tz: ZoneInfo) -> dt.datetime:
    """When the meeting starts (its day's start when it has no time), in UTC."""
    local = dt.datetime.combine(meeting.date, meeting.time or dt.time(0, 0), tzinfo=tz)
    return local.astimezone(dt.UTC)


def schedule(s: Session, rt: Runtime, conversation: Conversation, meeting: Meeting, now: dt.datetime) -> None:
    """Add a new conversation's due actions (in the transaction that creates it)."""
    start = meeting_start(meeting, rt.tz)
    due = {"expire": start}
    if rt.delivery.silence_hours > 0:
        due["remind_silence"] = now + dt.timedelta(hours=rt.delivery.silence_hours)
    before = start - dt.timedelta(days=rt.delivery.before_meeting_days)
    if rt.delivery.before_meeting_days > 0 and before > now:  # else the invitation itself is recent
        due["remind_meeting"] = before
    s.add_all([DueAction(conversation=conversation, kind=kind, due_at=at) for kind, at in due.items()])


def backfill(rt: Runtime) -> int:
    """Give due actions to unfinished conversations that have none (made before timers existed, or by a
    path that skipped `schedule`); return how many conversations got them."""
    now = rt.clock()
    with rt.db.begin() as s:
        bare = s.scalars(select(Conversation).where(
            Conversation.status.in_(eng.OPEN),
            ~select(DueAction.id).where(DueAction.conversation_id == Conversation.id).exists())).all()
        for conv in bare:
            schedule(s, rt, conv, conv.participant.meeting, now)
    return len(bare)


def fire_due(rt: Runtime, limit: int = 1000) -> dict[str, int]:
    """Fire every due action (each in its own short transaction); count the outcomes."""
    counts: dict[str, int] = {}
    for _ in range(limit):
        outcome = fire_one(rt)
        if outcome is None:
            break
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def fire_one(rt: Runtime) -> str | None:
    """Fire the next due action, if any: its outcome (sent, expired, stale, limit, later), else None."""
    now = rt.clock()
    with rt.db.begin() as s:
        action = s.scalars(
            select(DueAction).where(DueAction.done_at.is_(None), DueAction.due_at <= now)
            .order_by(DueAction.due_at, DueAction.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if action is None:
            return None
        conv = s.get(Conversation, action.conversation_id, with_for_update=True)
        assert conv is not None
        later = _moved(s, rt, action, conv, now)
        if later is not None:
            action.due_at = later
            return "later"
        outcome = _fire(s, rt, action, conv, now)
        action.done_at, action.outcome = now, outcome
        return outcome


def _moved(s: Session, rt: Runtime, action: DueAction, conv: Conversation, now: dt.datetime) -> dt.datetime | None:
    """The action's real moment when that is still to come (it is then rescheduled), else None."""
    start = meeting_start(conv.participant.meeting, rt.tz)
    if conv.status not in eng.OPEN:
        return None  # closed as stale by _fire
    if action.kind == "expire":
        return start if now < start else None
    if now >= start:
        return None
    if conv.waiting_for is not None:  # queued: look again later
        later = now + dt.timedelta(hours=1)
        return later if later < start else None
    if action.kind == "remind_silence":
        last = s.scalar(select(func.max(DueAction.done_at)).where(
            DueAction.conversation_id == conv.id, DueAction.outcome == "sent"))
        quiet_since = max(conv.updated_at, last) if last else conv.updated_at
        moment = quiet_since + dt.timedelta(hours=rt.delivery.silence_hours)
    else:
        moment = start - dt.timedelta(days=rt.delivery.before_meeting_days)
    moment = outside_quiet_hours(max(moment, now), rt.tz)
    return moment if moment > now and moment < start else None


def _fire(s: Session, rt: Runtime, action: DueAction, conv: Conversation, now: dt.datetime) -> str:
    """Apply an action whose moment has come; return its outcome."""
    if conv.status not in eng.OPEN:
        return "stale"  # ended (completed, declined, STOPP, opted out, undeliverable, expired)
    state = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    if action.kind == "expire":
        step = rt.engine.step(state, eng.Timer("expire"))
        save_step(s.connection(), conv.id, step.conversation, step.events, now)  # `expired` asks nothing: no SMS
        s.execute(update(Message).where(Message.conversation_id == conv.id, Message.direction == "out",
                                        Message.status == "queued").values(status="canceled", due_at=None))
        return "expired"
    if now >= meeting_start(conv.participant.meeting, rt.tz) or conv.waiting_for is not None:
        return "stale"
    if outside_quiet_hours(now, rt.tz) != now:
        return "stale"  # only reached when deferring would pass the meeting's start
    sent = s.scalar(select(func.count()).select_from(DueAction).where(
        DueAction.conversation_id == conv.id, DueAction.outcome == "sent")) or 0
    if sent >= MAX_REMINDERS:
        return "limit"
    step = rt.engine.step(state, eng.Timer("remind"))
    record_replies(s.connection(), rt, conv.id, step.replies, step.conversation.lang, conv.participant.bilingual, now)
    return "sent" if step.replies else "stale"
