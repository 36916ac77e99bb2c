"""One inbound SMS, two short transactions: store the raw message, then apply it under the conversation's lock.

Rule: the raw message is committed before the engine runs; its effects (answers, events, replies, the new
state and `last_inbound_id`) then commit together, under the conversation's lock, which applies one phone's
messages in the order they were stored. A message is applied at most once, and never in addition to its
resend:
- the same MessageSid again (Twilio's redelivery, the fallback URL) applies a stored, unapplied message once,
  or returns the replies stored with it; from another phone it is refused (ForeignSid: 400, nothing returned);
- a stored message whose turn did not finish is `superseded` by a newer message of the phone when that one is
  applied, if it was marked `error` or stored more than TURN_LEASE before it: its sender was told to try
  again, or got no reply, and has written since. It is kept for staff and `replay`, never applied. The
  lease needs no write after the store (a database that went down mid-turn cannot write an error mark);
- messages stored within TURN_LEASE of each other (both in flight) are applied in order.
Every MessageSid's keyed hash is kept SID_MEMORY (bot/services/retention.py forgets older ones), so a request
replayed after its meeting was purged is refused too. Messages are routed by the number they were sent to
(bot/services/routing.py). If the engine or the database fails, the participant is asked to try again
(never a bare 500: bot/services/failed_turn.py); `hjulsamtal replay` (bot/services/replay.py) applies a failed
message later, once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import apply_step
from bot.services.failed_turn import settle, try_again
from bot.services.outbox import record_replies
from bot.services.routing import open_key
from bot.services.runtime import Runtime
from bot.store import conversations as sql
from bot.store.models import UnknownSender
from bot.texts.catalogue import UNKNOWN_NUMBER_KEY, UNKNOWN_NUMBER_LANGUAGE
from bot.texts.languages import offered_languages

log = logging.getLogger("hjulsamtal.inbound")

TURN_LEASE = dt.timedelta(seconds=2)  # a turn in flight is done in milliseconds; a person retypes in more
SID_MEMORY = dt.timedelta(days=400)  # Twilio keeps a message (and could redeliver it) for at most 400 days


@dataclass(frozen=True)
class InboundSms:
    """The fields of Twilio's incoming-message webhook that a turn needs (`to`: the number written to)."""

    sid: str
    phone: str
    body: str
    to: str = ""


@dataclass(frozen=True)
class Stored:
    """An inbound message the first transaction committed, not yet known to be applied."""

    message_id: int
    conversation_id: int


class ForeignSid(Exception):
    """A MessageSid stored for another phone's message: refused, nothing returned."""


def sid_hash(rt: Runtime, sid: str) -> str:
    """The keyed hash kept of a MessageSid (no personal data)."""
    return rt.keys.index(f"MessageSid:{sid}")


def handle_inbound(rt: Runtime, sms: InboundSms) -> list[str]:
    """Store, then apply, one inbound SMS; return the reply bodies (the same again for a repeated sid).

    Both transactions run on one pooled connection. Never raises for a failing engine or database: the
    participant is asked to try again instead. Raises ForeignSid for a MessageSid of another phone.
    """
    stored: Stored | list[str] | None = None
    try:
        with rt.db_engine.connect() as conn:
            stored = _store(conn, rt, sms)
            if not isinstance(stored, Stored):
                return stored  # an unknown number's reply, or a sid seen before whose message is gone
            for attempt in range(3):
                try:
                    with conn.begin():
                        return apply(conn, rt, stored.conversation_id, stored.message_id, queue_replies=False)
                except IntegrityError:  # a conflicting concurrent write: the turn is run again on fresh rows
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")
    except ForeignSid:
        raise
    except Exception as exc:
        if not isinstance(stored, Stored):  # the database is down: nothing is stored, the participant must resend
            log.error("inbound SMS %s not stored: %s", sms.sid, type(exc).__name__)
            return try_again(rt, None)
        return settle(rt, stored.conversation_id, stored.message_id, exc)


def _store(conn: Connection, rt: Runtime, sms: InboundSms) -> Stored | list[str]:
    """First transaction: remember the sid and store the raw message on the phone's conversation on its line
    (or an unknown number's reply). The common case is one statement on PostgreSQL, in autocommit (no BEGIN,
    no COMMIT: one round trip), and two in one transaction on SQLite."""
    index = rt.phone_hash(sms.phone)  # the turn's HMACs; the number itself is never stored or compared
    seen, now, today = sid_hash(rt, sms.sid), rt.clock(), rt.today()
    keys = {"to": sms.to, "own": open_key(rt, index, sms.to or None), "shared": index}
    if conn.dialect.name == "postgresql":
        row = None
        default = conn.default_isolation_level
        conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            row = sql.store_new_on_open_pg(conn, keys, sms.sid, seen, sms.body, now, today)
        except IntegrityError:
            pass  # another constraint than the sid's: the careful path below tries again
        finally:
            conn.rollback()  # ends SQLAlchemy's logical transaction; the statement has committed already
            conn.execution_options(isolation_level=default)
        if row is not None:
            return Stored(row.id, row.conversation_id)
    for attempt in range(3):  # a redelivery, a phone whose conversation has ended, or an unknown number
        try:
            with conn.begin(), Session(bind=conn) as s:  # the same connection: one per request, at most
                if not sql.remember_sid(conn, seen, today):
                    return _seen_before(conn, sms, index)
                if conn.dialect.name != "postgresql" and (row := sql.store_on_open(conn, keys, sms.sid, sms.body,
                                                                                    now)) is not None:
                    return Stored(row.id, row.conversation_id)
                sender = sql.line_of(conn, sms.to)
                owner = sql.owner(conn, open_key(rt, index, sender), index, sender)
                if owner is None:
                    replies = _unknown_number(s, rt, index)
                    s.flush()
                    return replies
                new_id = sql.store_inbound(conn, owner.id, sms.sid, sms.body, now)
                return Stored(new_id, owner.id) if new_id is not None else _seen_before(conn, sms, index)
        except IntegrityError:
            # A concurrent first message of the same unknown number won the race: run again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _seen_before(conn: Connection, sms: InboundSms, index: str) -> Stored | list[str]:
    """A MessageSid seen before: its stored message (a redelivery), refused from another phone; nothing when
    its message is gone (purged: never applied again to the phone's new conversation)."""
    seen = sql.by_sid(conn, sms.sid)
    if seen is None:
        log.warning("inbound SMS %s: seen before and no longer stored; refused", sms.sid)
        return []
    if seen.phone_index != index:
        log.warning("inbound SMS %s: the MessageSid of another phone's message; refused", sms.sid)
        raise ForeignSid(sms.sid)
    return Stored(seen.id, seen.conversation_id)


def apply(conn: Connection, rt: Runtime, conversation_id: int, message_id: int, queue_replies: bool) -> list[str]:
    """Second transaction: under the conversation's lock, apply its unapplied messages up to `message_id`, in
    order (an earlier one that failed or outlived TURN_LEASE is superseded), and return `message_id`'s
    replies. `queue_replies` (a replay, when the webhook's response is long gone) sends the replies through
    the outbox instead. The engine is told the languages the organisation offers (its row comes with the
    conversation's; review statuses from Runtime.statuses), which the SPRÅK menu lists."""
    conv = sql.conversation_by_id(conn, conversation_id)
    applied = conv.last_inbound_id or 0
    if message_id <= applied:  # a redelivery: the replies stored with it, and nothing changes
        return sql.replied_to(conn, message_id)
    now, today = rt.clock(), rt.today()
    state = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    offered = offered_languages(conv, rt.texts, rt.statuses.get(conn, rt.texts))  # the SPRÅK menu's languages
    events: list[eng.Event] = []
    marks: dict[str, list[int]] = {"superseded": [], "late": [], "received": []}
    mine: list[str] = []
    rows = sql.unapplied(conn, conversation_id, applied, message_id)
    newest = rows[-1].created_at if rows else now
    for row in rows:
        if row.id != message_id and (row.status == "error" or row.created_at < newest - TURN_LEASE):
            marks["superseded"].append(row.id)  # its sender was asked to try again (or got no reply), and wrote since
            continue
        if rt.engine.status(state) == eng.Status.EXPIRED:
            marks["late"].append(row.id)  # kept for staff, never an answer
        elif row.status != "received":
            marks["received"].append(row.id)  # applied at last
        step = rt.engine.step(state, eng.Text(row.body, today), offered)
        state, events = step.conversation, [*events, *step.events]
        bodies = record_replies(conn, rt, conversation_id, step.replies, state.lang, conv.bilingual, now,
                                in_reply_to=row.id, status="queued" if queue_replies else "replied")
        if row.id == message_id:
            mine = bodies
    for mark, ids in marks.items():
        sql.set_status(conn, ids, mark)
    apply_step(conn, conv, state, events, now, {"last_inbound_id": message_id})
    return mine


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
