"""Cancelling a meeting, and undoing that. Rule: a cancellation ends the open conversations silently and keeps,
per conversation, the engine state it ended; undo is allowed until the meeting's date, only if no SMS has
gone out to the meeting's participants since the cancellation (nobody has been told anything), and restores
exactly those states (the engine's own earlier output, written through the one applier) and their timers.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import apply_step
from bot.services.preparation import end_conversation, info_of
from bot.services.runtime import Runtime
from bot.store import conversations as sql
from bot.store.models import Conversation, DueAction, Meeting, MeetingInfo, MeetingStats, Message, Participant


def cancel_meeting(s: Session, rt: Runtime, meeting: Meeting) -> int:
    """Cancel the meeting; open conversations expire silently (their states kept for undo). Returns how many
    were ended."""
    now = rt.clock()
    info = info_of(s, meeting) or MeetingInfo(meeting_id=meeting.id, label="", updated_at=now)
    if info.cancelled_at is None:
        info.cancelled_at = now
        info.cancel_undo = {"states": {}, "last_message": s.scalar(select(func.max(Message.id))) or 0}
    s.add(info)
    undo = dict(info.cancel_undo or {"states": {}, "last_message": 0})
    states = dict(undo["states"])
    for participant in meeting.participants:
        conv = participant.conversation
        state = conv.state if conv is not None else None
        if conv is not None and end_conversation(s, rt, participant):
            states[str(conv.id)] = state
    info.cancel_undo, info.updated_at = {**undo, "states": states}, now
    return len(states)


def _states(info: MeetingInfo) -> dict[str, str | None]:
    """Conversation id -> the state the cancellation ended it in."""
    return dict((info.cancel_undo or {}).get("states", {}))


def undo_blocked(s: Session, rt: Runtime, meeting: Meeting) -> str | None:
    """Why the cancellation cannot be undone (a staff text key), or None if it can."""
    info = info_of(s, meeting)
    if info is None or info.cancelled_at is None:
        return "undo.not_cancelled"
    if meeting.date < rt.today() or s.get(MeetingStats, meeting.id) is not None:
        return "undo.too_late"
    conv_ids = [p.conversation.id for p in meeting.participants if p.conversation]
    after = (info.cancel_undo or {}).get("last_message", 0)
    told = s.scalar(select(Message.id).where(Message.conversation_id.in_(conv_ids), Message.direction == "out",
                                             Message.id > after).limit(1))
    if told is not None:
        return "undo.sms_sent"
    for conv_id in _states(info):
        conv = s.get(Conversation, int(conv_id))
        if conv is not None and s.scalar(select(Conversation.id).where(
                Conversation.open_phone == conv.participant.phone_index, Conversation.id != conv.id)):
            return "undo.phone_busy"
    return None


def undo_cancel(s: Session, rt: Runtime, meeting: Meeting) -> int:
    """Undo the cancellation (the caller checked undo_blocked): the meeting is on again and each conversation it
    ended is back where it was, its timers waiting again. Returns how many conversations were restored."""
    info = info_of(s, meeting)
    assert info is not None and info.cancelled_at is not None
    now, cancelled_at = rt.clock(), info.cancelled_at
    restored = 0
    conn = s.connection()
    for conv_id, state in _states(info).items():
        row = sql.conversation_by_id(conn, int(conv_id))
        participant = s.get(Participant, row.participant_id)
        if state is None or participant is None:
            continue
        back = eng.Conversation.from_data(row.flow, state, row.data)
        events = (eng.StatusChanged(rt.engine.status(back)),)
        apply_step(conn, row, back, events, now, {"open_phone": participant.phone_index})
        s.execute(update(DueAction).where(DueAction.conversation_id == int(conv_id), DueAction.outcome == "stale",
                                          DueAction.done_at >= cancelled_at)
                  .values(done_at=None, outcome=None, due_at=now))  # the worker reschedules each
        restored += 1
    info.cancelled_at, info.cancel_undo, info.updated_at = None, None, now
    s.flush()
    s.expire_all()  # written with Core: the ORM's copies are stale
    return restored
