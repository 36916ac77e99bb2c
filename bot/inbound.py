"""One inbound SMS, one turn: load and lock the conversation, step the engine, save, return the replies.

Rule: the whole turn is one transaction under the conversation's lock, so one phone's messages apply one
at a time; a MessageSid seen before returns the replies stored with it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import engine as eng
from . import turn_sql as sql
from .bilingual import render_for
from .models import UnknownSender
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


def _turn(s: Session, rt: Runtime, sms: InboundSms) -> list[str]:
    conn = s.connection()
    index = rt.phone_hash(sms.phone)  # the turn's one HMAC; the number itself is never stored or compared
    conv = sql.locked_conversation(conn, index)
    if conv is None:
        return _unknown_number(s, rt, index)
    replayed = sql.stored_replies(conn, sms.sid)
    if replayed is not None:
        return replayed

    now = rt.clock()
    before = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    step = rt.engine.step(before, eng.Text(sms.body, rt.today()))
    after = step.conversation
    bodies = [render_for(rt.texts, reply, after.lang, conv.bilingual) for reply in step.replies]
    sql.insert_messages(conn, conv.id, sms.sid, sms.body, bodies, now)
    _save(conn, conv, after, step.events, now)
    return bodies


def save_step(s: Session, conversation_id: int, after: eng.Conversation, events: tuple[eng.Event, ...],
              now: dt.datetime) -> None:
    """Store an engine step taken outside a webhook turn (staff actions, timers) exactly as a turn does."""
    conn = s.connection()
    _save(conn, sql.conversation_by_id(conn, conversation_id), after, events, now)


def _save(conn: Connection, conv: sql.ConversationRow, after: eng.Conversation, events: tuple[eng.Event, ...],
          now: dt.datetime) -> None:
    """Write the engine's new state, answers and events."""
    changed_areas = sorted({e.area for e in events if e.kind in ("answer", "followup") and e.area})
    sql.upsert_answers(conn, [
        {"conversation_id": conv.id, "area": area, "rating": after.answers[area].rating,
         "comment": after.answers[area].comment, "followup": after.answers[area].followup,
         "language": after.lang, "updated_at": now}
        for area in changed_areas])
    changes: dict[str, Any] = {"state": after.state, "data": after.data(), "updated_at": now}
    notes = []
    for event in events:
        if event.kind == "matters_most":
            changes["matters_most"] = event.text
        elif event.kind == "language" and event.value:
            sql.update_language(conn, conv.participant_id, event.value)
        elif event.kind in ("concern", "status"):
            notes.append({"conversation_id": conv.id, "kind": event.kind, "area": event.area,
                          "detail": event.value, "created_at": now})
            if event.kind == "status" and event.value:
                changes["status"] = event.value
                if event.value == "completed":
                    changes["completed_at"] = now
    sql.insert_events(conn, notes)
    if changes.get("status", conv.status) in ENDED:
        changes["open_phone"] = None
    sql.update_conversation(conn, conv.id, changes)


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
