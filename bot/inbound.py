"""One inbound SMS, one turn: load and lock the conversation, step the engine, save, return the replies.

Rule: the whole turn is one transaction under the conversation's lock, so one phone's messages apply one
at a time; a MessageSid seen before returns the replies stored with it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import engine as eng
from .bilingual import render_for
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


def _locked_conversation(s: Session, phone: str) -> Conversation | None:
    """The phone's open conversation, else its latest ended one; row-locked for this transaction."""
    conv = s.scalars(select(Conversation).where(Conversation.open_phone == phone).with_for_update()).first()
    if conv is None:
        conv = s.scalars(
            select(Conversation).join(Participant).where(Participant.phone == phone)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc()).limit(1).with_for_update()
        ).first()
    return conv


def _turn(s: Session, rt: Runtime, sms: InboundSms) -> list[str]:
    conv = _locked_conversation(s, sms.phone)
    if conv is None:
        return _unknown_number(s, rt, sms.phone)
    seen = s.scalar(select(Message.id).where(Message.message_sid == sms.sid))
    if seen is not None:
        return list(s.scalars(select(Message.body).where(Message.in_reply_to_id == seen).order_by(Message.id)))

    now = rt.clock()
    before = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    step = rt.engine.step(before, eng.Text(sms.body, rt.today()))
    after = step.conversation
    bilingual = conv.participant.bilingual
    bodies = [render_for(rt.texts, reply, after.lang, bilingual) for reply in step.replies]

    inbound = Message(conversation=conv, direction="in", message_sid=sms.sid, body=sms.body,
                      status="received", created_at=now)
    s.add(inbound)
    s.flush()  # the unique MessageSid is claimed here, before anything else changes
    s.add_all([Message(conversation=conv, direction="out", in_reply_to_id=inbound.id, body=body,
                       status="replied", created_at=now) for body in bodies])
    _save(s, conv, after, step.events, now)
    return bodies


def _save(s: Session, conv: Conversation, after: eng.Conversation, events: tuple[eng.Event, ...],
          now: dt.datetime) -> None:
    """Write the engine's new state and events onto the rows."""
    changed_areas = {e.area for e in events if e.kind in ("answer", "followup") and e.area}
    if changed_areas:
        rows = {a.area: a for a in s.scalars(select(Answer).where(Answer.conversation_id == conv.id))}
        for area in changed_areas:
            row = rows.get(area) or Answer(conversation_id=conv.id, area=area, updated_at=now)
            given = after.answers[area]
            row.rating, row.comment, row.followup, row.updated_at = (given.rating, given.comment,
                                                                      given.followup, now)
            row.language = after.lang
            s.add(row)
    for event in events:
        if event.kind == "matters_most":
            conv.matters_most = event.text
        elif event.kind == "language" and event.value:
            conv.participant.language = event.value
        elif event.kind in ("concern", "status"):
            s.add(ConversationEvent(conversation_id=conv.id, kind=event.kind, area=event.area,
                                    detail=event.value, created_at=now))
            if event.kind == "status" and event.value:
                conv.status = event.value
                if event.value == "completed":
                    conv.completed_at = now
    conv.state = after.state
    conv.data = after.data()
    conv.updated_at = now
    if conv.status in ENDED:
        conv.open_phone = None


def _unknown_number(s: Session, rt: Runtime, phone: str) -> list[str]:
    """One short discreet reply per number and day; only a keyed hash and the date are kept."""
    today = rt.today()
    key = rt.phone_hash(phone)
    row = s.get(UnknownSender, key, with_for_update=True)
    if row is not None and row.replied_on == today:
        return []
    if row is None:
        s.execute(delete(UnknownSender).where(UnknownSender.replied_on < today))  # forget yesterday
        s.add(UnknownSender(phone_hash=key, replied_on=today))
    else:
        row.replied_on = today
    return [rt.texts.render(eng.Reply(UNKNOWN_NUMBER_KEY), UNKNOWN_NUMBER_LANGUAGE)]
