"""One inbound SMS, one turn: load and lock the conversation, step the engine, save, return the replies.

Rule: the whole turn is one transaction under the conversation's lock, so one phone's messages apply one
at a time; a MessageSid seen before returns the replies stored with it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import engine as eng
from .models import Answer, Conversation, ConversationEvent, Message, Participant, UnknownSender
from .runtime import Runtime

UNKNOWN_NUMBER_KEY = "common.unknown_number"
UNKNOWN_NUMBER_LANGUAGE = "sv"
ENDED = ("completed", "declined", "opted_out", "expired")


@dataclass(frozen=True)
class InboundSms:
    """The fields of Twilio's incoming-message webhook that a turn needs."""

    sid: str
    phone: str
    body: str


def handle_inbound(rt: Runtime, sms: InboundSms) -> list[str]:
    """Apply one inbound SMS and return the reply bodies (the same ones again for a repeated sid)."""
    for attempt in range(3):
        try:
            with rt.db.begin() as s:
                return _turn(s, rt, sms)
        except IntegrityError:
            # A concurrent first delivery of the same sid (or the same unknown number) won the race:
            # run again, now finding its stored result.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _locked_conversation(s: Session, index: str) -> Row[Any] | None:
    """The phone's open conversation, else its latest ended one (found by the phone's blind index);
    row-locked for this transaction."""
    columns = (Conversation.id, Conversation.flow, Conversation.state, Conversation.status, Conversation.data,
               Conversation.participant_id)
    row = s.execute(select(*columns).where(Conversation.open_phone == index).with_for_update()).first()
    if row is None:
        row = s.execute(
            select(*columns).join(Participant).where(Participant.phone_index == index)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc()).limit(1).with_for_update()
        ).first()
    return row


def _turn(s: Session, rt: Runtime, sms: InboundSms) -> list[str]:
    # SQLAlchemy Core, not the ORM unit of work: a turn is a handful of known statements, and the ORM's
    # bookkeeping was a third of a turn's CPU (docs/performance.md).
    index = rt.phone_hash(sms.phone)  # the turn's one HMAC; the number itself is never stored or compared
    conv = _locked_conversation(s, index)
    if conv is None:
        return _unknown_number(s, rt, index)
    seen = s.scalar(select(Message.id).where(Message.message_sid == sms.sid))
    if seen is not None:
        return list(s.scalars(select(Message.body).where(Message.in_reply_to_id == seen).order_by(Message.id)))

    now = rt.clock()
    before = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    step = rt.engine.step(before, eng.Text(sms.body, rt.today()))
    after = step.conversation
    bodies = [rt.texts.render(reply, after.lang) for reply in step.replies]

    # The unique MessageSid is claimed first, before anything else changes.
    inbound_id = s.scalar(insert(Message).returning(Message.id).values(
        conversation_id=conv.id, direction="in", message_sid=sms.sid, body=sms.body, status="received",
        created_at=now))
    if bodies:
        s.execute(insert(Message), [{"conversation_id": conv.id, "direction": "out", "in_reply_to_id": inbound_id,
                                     "body": body, "status": "replied", "created_at": now} for body in bodies])
    _save(s, conv, after, step.events, now)
    return bodies


def _save(s: Session, conv: Row[Any], after: eng.Conversation, events: tuple[eng.Event, ...],
          now: dt.datetime) -> None:
    """Write the engine's new state, answers and events."""
    changed_areas = sorted({e.area for e in events if e.kind in ("answer", "followup") and e.area})
    for area in changed_areas:
        given = after.answers[area]
        values = {"rating": given.rating, "comment": given.comment, "followup": given.followup, "updated_at": now}
        s.execute(_upsert(s).values(conversation_id=conv.id, area=area, **values)
                  .on_conflict_do_update(index_elements=["conversation_id", "area"], set_=values))
    changes: dict[str, Any] = {"state": after.state, "data": after.data(), "updated_at": now}
    notes = []
    for event in events:
        if event.kind == "matters_most":
            changes["matters_most"] = event.text
        elif event.kind == "language" and event.value:
            s.execute(update(Participant).where(Participant.id == conv.participant_id).values(language=event.value))
        elif event.kind in ("concern", "status"):
            notes.append({"conversation_id": conv.id, "kind": event.kind, "area": event.area,
                          "detail": event.value, "created_at": now})
            if event.kind == "status" and event.value:
                changes["status"] = event.value
                if event.value == "completed":
                    changes["completed_at"] = now
    if notes:
        s.execute(insert(ConversationEvent), notes)
    if changes.get("status", conv.status) in ENDED:
        changes["open_phone"] = None
    s.execute(update(Conversation).where(Conversation.id == conv.id).values(**changes))


def _upsert(s: Session) -> Any:
    """INSERT ... ON CONFLICT for an answer, in the session's dialect."""
    dialect = s.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(Answer)


def _unknown_number(s: Session, rt: Runtime, key: str) -> list[str]:
    """One short discreet reply per number and day; only the number's blind index and the date are kept."""
    today = rt.today()
    row = s.get(UnknownSender, key, with_for_update=True)
    if row is not None and row.replied_on == today:
        return []
    if row is None:
        s.execute(delete(UnknownSender).where(UnknownSender.replied_on < today))  # forget yesterday
        s.add(UnknownSender(phone_hash=key, replied_on=today))
    else:
        row.replied_on = today
    return [rt.texts.render(eng.Reply(UNKNOWN_NUMBER_KEY), UNKNOWN_NUMBER_LANGUAGE)]
