"""One inbound SMS, two short transactions: store the raw message, then apply it under the conversation's lock.

Rule: the raw message is committed before the engine runs (its unique MessageSid makes a redelivery a
no-op); its effects (answers, events, replies, the new state and `last_inbound_id`) then commit together.
The conversation's lock applies one phone's messages one at a time, in the order they were stored. If the
engine or the database fails after the store, the message keeps an `error` mark and the participant is
asked to try again (never a bare 500); `hjulsamtal replay` (bot/services/replay.py) or Twilio redelivering the same
MessageSid applies it later, once. A failed message is `superseded` when a later one is applied first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import apply_step
from bot.services.outbox import record_replies
from bot.services.runtime import Runtime
from bot.store import conversations as sql
from bot.store.models import UnknownSender
from bot.texts.bilingual import render_bodies
from bot.texts.catalogue import TRY_AGAIN_KEY, UNKNOWN_NUMBER_KEY, UNKNOWN_NUMBER_LANGUAGE

log = logging.getLogger("hjulsamtal.inbound")


@dataclass(frozen=True)
class InboundSms:
    """The fields of Twilio's incoming-message webhook that a turn needs."""

    sid: str
    phone: str
    body: str


@dataclass(frozen=True)
class Stored:
    """An inbound message the first transaction committed, not yet known to be applied."""

    message_id: int
    conversation_id: int


def handle_inbound(rt: Runtime, sms: InboundSms) -> list[str]:
    """Store, then apply, one inbound SMS; return the reply bodies (the same again for a repeated sid).

    Both transactions run on one pooled connection. Never raises for a failing engine or database: the
    participant is asked to try again instead.
    """
    stored: Stored | list[str] | None = None
    try:
        with rt.db_engine.connect() as conn:
            stored = _store(conn, rt, sms)
            if not isinstance(stored, Stored):
                return stored  # an unknown number's reply
            for attempt in range(3):
                try:
                    with conn.begin():
                        return apply(conn, rt, stored.conversation_id, stored.message_id, queue_replies=False)
                except IntegrityError:  # a conflicting concurrent write: the turn is run again on fresh rows
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")
    except Exception as exc:
        if not isinstance(stored, Stored):  # the database is down: nothing is stored, the participant must resend
            log.error("inbound SMS %s not stored: %s", sms.sid, type(exc).__name__)
            return try_again(rt, None)
        mark_error(rt, stored.message_id, exc)
        return try_again(rt, stored.conversation_id)


def _store(conn: Connection, rt: Runtime, sms: InboundSms) -> Stored | list[str]:
    """First transaction: the raw message on the phone's conversation (or an unknown number's reply).

    The common case, a new message to an open conversation, is one statement; on PostgreSQL it runs in
    autocommit (no BEGIN, no COMMIT: one round trip). SQLite keeps its transaction for the writer lock."""
    index = rt.phone_hash(sms.phone)  # the turn's one HMAC; the number itself is never stored or compared
    now = rt.clock()
    row = None
    try:
        if conn.dialect.name == "postgresql":
            default = conn.default_isolation_level
            conn.execution_options(isolation_level="AUTOCOMMIT")
            try:
                row = sql.store_on_open(conn, index, sms.sid, sms.body, now)
            finally:
                conn.rollback()  # ends SQLAlchemy's logical transaction; the statement has committed already
                conn.execution_options(isolation_level=default)
        else:
            with conn.begin():
                row = sql.store_on_open(conn, index, sms.sid, sms.body, now)
    except IntegrityError:
        pass  # another constraint than the sid's: the careful path below tries again
    if row is not None:
        return Stored(row.id, row.conversation_id)
    for attempt in range(3):  # a redelivery, a phone whose conversation has ended, or an unknown number
        try:
            with conn.begin(), Session(bind=conn) as s:  # the same connection: one per request, at most
                owner = sql.owner(conn, index)
                if owner is None:
                    replies = _unknown_number(s, rt, index)
                    s.flush()
                    return replies
                return Stored(*sql.store_inbound(conn, owner.id, sms.sid, sms.body, now))
        except IntegrityError:
            # A concurrent first message of the same unknown number won the race: run again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def apply(conn: Connection, rt: Runtime, conversation_id: int, message_id: int, queue_replies: bool) -> list[str]:
    """Second transaction: under the conversation's lock, apply its unapplied messages up to `message_id`, in
    order (an earlier failed one is superseded), and return `message_id`'s replies. `queue_replies` (a
    replay, when the webhook's response is long gone) sends the replies through the outbox instead."""
    conv = sql.conversation_by_id(conn, conversation_id)
    applied = conv.last_inbound_id or 0
    if message_id <= applied:  # a redelivery: the replies stored with it, and nothing changes
        return sql.replied_to(conn, message_id)
    now, today = rt.clock(), rt.today()
    state = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    events: list[eng.Event] = []
    marks: dict[str, list[int]] = {"superseded": [], "late": [], "received": []}
    mine: list[str] = []
    for row in sql.unapplied(conn, conversation_id, applied, message_id):
        if row.status == "error" and row.id != message_id:
            marks["superseded"].append(row.id)  # its sender was asked to try again, and has written since
            continue
        if rt.engine.status(state) == eng.Status.EXPIRED:
            marks["late"].append(row.id)  # kept for staff, never an answer
        elif row.status != "received":
            marks["received"].append(row.id)  # applied at last
        step = rt.engine.step(state, eng.Text(row.body, today))
        state, events = step.conversation, [*events, *step.events]
        bodies = record_replies(conn, rt, conversation_id, step.replies, state.lang, conv.bilingual, now,
                                in_reply_to=row.id, status="queued" if queue_replies else "replied")
        if row.id == message_id:
            mine = bodies
    for mark, ids in marks.items():
        sql.set_status(conn, ids, mark)
    apply_step(conn, conv, state, events, now, {"last_inbound_id": message_id})
    return mine


def try_again(rt: Runtime, conversation_id: int | None) -> list[str]:
    """The short reply when a message could not be handled now, in the participant's language if known."""
    lang, bilingual = UNKNOWN_NUMBER_LANGUAGE, False
    if conversation_id is not None:
        try:
            with rt.db_engine.connect() as conn:
                lang, bilingual = sql.language_of(conn, conversation_id)
        except Exception:  # the database is failing: Swedish will do
            pass
    return render_bodies(rt.texts, eng.Reply(TRY_AGAIN_KEY), lang, bilingual)


def mark_error(rt: Runtime, message_id: int, exc: BaseException) -> None:
    """Mark a stored message whose turn failed, with the kind of error only (no personal data)."""
    log.error("inbound message %s failed: %s", message_id, type(exc).__name__)
    try:
        with rt.db.begin() as s:
            sql.set_status(s.connection(), [message_id], "error", type(exc).__name__[:64])
    except Exception as again:  # left unapplied: `hjulsamtal replay` finds it after its grace period
        log.error("inbound message %s not marked: %s", message_id, type(again).__name__)


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
