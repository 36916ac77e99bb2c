"""Routing: the line (sender number) a conversation is on, a phone's key on it, and queued invitations.

Rule: an organisation with its own sender number (`Organisation.sender`) has a line of its own, so its open
conversations never depend on another organisation's; organisations without one share the default number's
line. An inbound SMS is routed by the number it was sent to (Twilio's `To`). On a line a phone has at most one
open conversation (`Conversation.open_phone` holds `open_key`, unique). An invitation to a phone that is busy
on the shared line with *another* organisation is queued silently (`Conversation.waiting_for`, no SMS) and
released by the worker when that conversation has ended: staff are never told, because the contact itself is
that other organisation's secret. A phone busy with the inviting organisation's own conversation is refused.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.contact import signed
from bot.services.outbox import record_replies
from bot.services.runtime import Runtime
from bot.store.models import Conversation, Meeting, Participant

log = logging.getLogger("hjulsamtal.routing")


def open_key(rt: Runtime, index: str, sender: str | None) -> str:
    """The phone's key on a line: its blind index on the shared line, a keyed hash of both on an own line."""
    return index if sender is None else rt.keys.index(f"line:{sender}:{index}")


def holder(s: Session, key: str) -> Conversation | None:
    """The open conversation that holds this key on its line, if any (row-locked)."""
    return s.scalar(select(Conversation).where(Conversation.open_phone == key).with_for_update())


def is_own(s: Session, conversation: Conversation, org_id: int) -> bool:
    """Whether a conversation belongs to the organisation (else it is another's, never to be revealed)."""
    return s.scalar(select(Meeting.org_id).join(Participant, Participant.meeting_id == Meeting.id)
                    .where(Participant.id == conversation.participant_id)) == org_id


def release_waiting(rt: Runtime) -> int:
    """Open every queued invitation whose phone is free again on its line and queue its invitation SMS (one
    short transaction); a phone still or again busy waits for its new holder. Returns how many were opened."""
    now = rt.clock()
    opened = 0
    with rt.db.begin() as s:
        waiting = s.scalars(select(Conversation).where(Conversation.waiting_for.is_not(None))
                            .order_by(Conversation.id).with_for_update(skip_locked=True)).all()
        for conv in waiting:
            blocker = s.get(Conversation, conv.waiting_for)
            if blocker is not None and blocker.open_phone is not None:
                continue
            participant = conv.participant
            key = open_key(rt, participant.phone_index, participant.meeting.org.sender)
            now_held = holder(s, key)
            if now_held is not None:
                conv.waiting_for = now_held.id
                continue
            _open(s, rt, conv, key, now)
            opened += 1
    if opened:
        log.info("released %d queued invitation(s)", opened)
    return opened


def _open(s: Session, rt: Runtime, conv: Conversation, key: str, now: dt.datetime) -> None:
    """The queued invitation becomes a normal one: the phone's key taken, the invitation queued."""
    participant, meeting = conv.participant, conv.participant.meeting
    conv.open_phone, conv.waiting_for, conv.updated_at = key, None, now
    s.flush()  # the unique key is taken before the SMS is queued
    step = rt.engine.begin(conv.flow, participant.language, org=meeting.org.name, date=meeting.date)
    record_replies(s.connection(), rt, conv.id, signed(step.replies, participant.contact), participant.language,
                   participant.bilingual, now)
