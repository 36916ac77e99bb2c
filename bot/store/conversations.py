"""The SQL of one inbound turn, built once at import and executed on the session's connection.

Rule: a turn is a handful of known statements; building them per request and running them through the
ORM's unit of work was most of a turn's CPU (docs/performance.md). Parameters are always bound, never
formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, bindparam, case, exists, insert, literal, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.store.models import (
    Answer,
    Conversation,
    ConversationEvent,
    Meeting,
    Message,
    Organisation,
    Participant,
    SeenSid,
)

_conv, _msg, _part, _events, _answers, _seen, _org, _meeting = (
    cast(Table, model.__table__)
    for model in (Conversation, Message, Participant, ConversationEvent, Answer, SeenSid, Organisation, Meeting))
_COLUMNS = (_conv.c.id, _conv.c.flow, _conv.c.state, _conv.c.status, _conv.c.data, _conv.c.participant_id,
            _part.c.bilingual, _conv.c.last_inbound_id, _org.c.slug, _org.c.languages, _org.c.accept_drafts)
_WITH_PARTICIPANT = _conv.join(_part, _part.c.id == _conv.c.participant_id)
_WITH_ORG = (_WITH_PARTICIPANT.join(_meeting, _meeting.c.id == _part.c.meeting_id)
             .join(_org, _org.c.id == _meeting.c.org_id))

# The phone's key on the line of the number it wrote to (bot/services/routing.py): `own` when `to` is an
# organisation's own sender number, else `shared` (the blind index itself).
_OPEN_KEY = case((exists().where(_org.c.sender == bindparam("to")), bindparam("own")), else_=bindparam("shared"))
_OWNER = (_conv.c.id, _part.c.language, _part.c.bilingual)
OWNER_OPEN = select(*_OWNER).select_from(_WITH_PARTICIPANT).where(_conv.c.open_phone == bindparam("key"))
OWNER_LATEST = (  # the phone's latest ended conversation on the line (never a queued invitation)
    select(*_OWNER).select_from(_WITH_ORG)
    .where(_part.c.phone_index == bindparam("index"), _org.c.sender.is_not_distinct_from(bindparam("sender")),
           _conv.c.waiting_for.is_(None))
    .order_by(_conv.c.updated_at.desc(), _conv.c.id.desc()).limit(1)
)
LAST_APPLIED = select(_conv.c.last_inbound_id).where(_conv.c.id == bindparam("id"))
LINE_OF = select(_org.c.sender).where(_org.c.sender == bindparam("to"))
BY_ID = select(*_COLUMNS).select_from(_WITH_ORG).where(_conv.c.id == bindparam("id")).with_for_update(of=_conv)
BY_SID = (select(_msg.c.id, _msg.c.conversation_id, _part.c.phone_index)
          .select_from(_msg.join(_WITH_PARTICIPANT, _conv.c.id == _msg.c.conversation_id))
          .where(_msg.c.message_sid == bindparam("sid"), _msg.c.direction == "in"))
UNAPPLIED = (select(_msg.c.id, _msg.c.body, _msg.c.status, _msg.c.created_at)
             .where(_msg.c.conversation_id == bindparam("conversation_id"), _msg.c.direction == "in",
                    _msg.c.id > bindparam("after"), _msg.c.id <= bindparam("upto")).order_by(_msg.c.id))
REPLIED_TO = (select(_msg.c.body).where(_msg.c.in_reply_to_id == bindparam("inbound_id"), _msg.c.status == "replied")
              .order_by(_msg.c.id))
SET_STATUS = update(_msg).where(_msg.c.id.in_(bindparam("ids_", expanding=True)))
INSERT_MESSAGE = insert(_msg)
INSERT_EVENTS = insert(_events)
UPDATE_CONVERSATION = update(_conv).where(_conv.c.id == bindparam("conversation_id_"))
UPDATE_LANGUAGE = update(_part).where(_part.c.id == bindparam("participant_id_"))


def _answer_upsert(dialect_insert: Any) -> Any:
    stmt = dialect_insert(_answers)
    changing = ("rating", "comment", "followup", "dont_know", "source", "language", "updated_at")
    return stmt.on_conflict_do_update(index_elements=["conversation_id", "area"],
                                      set_={name: stmt.excluded[name] for name in changing})


UPSERT_ANSWERS = {"postgresql": _answer_upsert(postgresql.insert), "sqlite": _answer_upsert(sqlite.insert)}


def _store(dialect_insert: Any) -> Any:
    return dialect_insert(_msg).on_conflict_do_nothing(index_elements=["message_sid"]).returning(_msg.c.id)


STORE = {"postgresql": _store(postgresql.insert), "sqlite": _store(sqlite.insert)}


_NEW_IN = ["conversation_id", "direction", "message_sid", "body", "status", "created_at"]


def _new_in(conversation_id: Any) -> tuple[Any, ...]:
    return (conversation_id, literal("in"), bindparam("sid", type_=_msg.c.message_sid.type),
            bindparam("body", type_=_msg.c.body.type), literal("received"),
            bindparam("now", type_=_msg.c.created_at.type))


def _store_on_open(dialect_insert: Any) -> Any:
    """The common case in one statement: store the message on the phone's open conversation on its line."""
    values = select(*_new_in(_conv.c.id)).where(_conv.c.open_phone == _OPEN_KEY)
    return (dialect_insert(_msg).from_select(_NEW_IN, values)
            .on_conflict_do_nothing(index_elements=["message_sid"]).returning(_msg.c.id, _msg.c.conversation_id))


STORE_ON_OPEN = {"postgresql": _store_on_open(postgresql.insert), "sqlite": _store_on_open(sqlite.insert)}


def _remember(dialect_insert: Any) -> Any:
    return dialect_insert(_seen).on_conflict_do_nothing(index_elements=["sid_hash"]).returning(_seen.c.sid_hash)


REMEMBER_SID = {"postgresql": _remember(postgresql.insert), "sqlite": _remember(sqlite.insert)}


def _store_new_on_open_pg() -> Any:
    """PostgreSQL's common case in one statement (autocommit): remember a new sid and store its message on
    the phone's open conversation; nothing at all when the sid was seen or the phone has no open one."""
    conv = select(_conv.c.id).where(_conv.c.open_phone == _OPEN_KEY).cte("open_conv")
    seen = (postgresql.insert(_seen)
            .from_select(["sid_hash", "seen_on"], select(bindparam("sid_hash", type_=_seen.c.sid_hash.type),
                                                         bindparam("today", type_=_seen.c.seen_on.type))
                         .select_from(conv))
            .on_conflict_do_nothing(index_elements=["sid_hash"]).returning(_seen.c.sid_hash).cte("new_sid"))
    values = select(*_new_in(conv.c.id)).select_from(conv.join(seen, true()))
    return (postgresql.insert(_msg).from_select(_NEW_IN, values)
            .on_conflict_do_nothing(index_elements=["message_sid"]).returning(_msg.c.id, _msg.c.conversation_id))


STORE_NEW_ON_OPEN_PG = _store_new_on_open_pg()
LANGUAGE_OF = (select(_part.c.language, _part.c.bilingual).select_from(_WITH_PARTICIPANT)
               .where(_conv.c.id == bindparam("id")))

# id, flow, state, status, data, participant_id, bilingual, last_inbound_id, and its organisation's slug,
# languages and accept_drafts (what the SPRÅK menu offers: bot/texts/languages.py's Offering)
ConversationRow = Row[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]


def owner(conn: Connection, key: str, index: str, sender: str | None) -> Row[Any, Any, Any] | None:
    """(conversation id, language, bilingual) of the phone on a line (`key`: its open key there, `index`: its
    blind index, `sender`: the line's number, None for the shared one): its open conversation, else its latest
    ended one. No lock: the message is only stored on it."""
    return (conn.execute(OWNER_OPEN, {"key": key}).first()
            or conn.execute(OWNER_LATEST, {"index": index, "sender": sender}).first())


def last_applied(conn: Connection, conversation_id: int) -> int | None:
    """The newest inbound message applied to a conversation (no lock)."""
    value: int | None = conn.execute(LAST_APPLIED, {"id": conversation_id}).scalar()
    return value


def line_of(conn: Connection, to: str) -> str | None:
    """The organisation's own sender number `to` is, or None (the shared number, or not ours)."""
    return conn.execute(LINE_OF, {"to": to}).scalar() if to else None


def remember_sid(conn: Connection, sid_hash: str, today: dt.date) -> bool:
    """Remember a MessageSid's keyed hash; False if it was seen before."""
    return conn.execute(REMEMBER_SID[conn.dialect.name], {"sid_hash": sid_hash, "seen_on": today}).first() is not None


def store_on_open(conn: Connection, keys: dict[str, str], sid: str, body: str,
                  now: dt.datetime) -> Row[Any, Any] | None:
    """(message id, conversation id) of a new message stored on the phone's open conversation on its line
    (`keys`: to, own, shared), in one statement; None when there is none or the sid was stored before."""
    return conn.execute(STORE_ON_OPEN[conn.dialect.name], {**keys, "sid": sid, "body": body, "now": now}).first()


def store_new_on_open_pg(conn: Connection, keys: dict[str, str], sid: str, sid_hash: str, body: str,
                         now: dt.datetime, today: dt.date) -> Row[Any, Any] | None:
    """PostgreSQL: remember_sid and store_on_open in one statement; None if either did nothing."""
    return conn.execute(STORE_NEW_ON_OPEN_PG, {**keys, "sid": sid, "sid_hash": sid_hash, "body": body, "now": now,
                                               "today": today}).first()


def by_sid(conn: Connection, sid: str) -> Row[Any, Any, Any] | None:
    """(message id, conversation id, the phone's blind index) of the inbound message with this MessageSid."""
    return conn.execute(BY_SID, {"sid": sid}).first()


def language_of(conn: Connection, conversation_id: int) -> Row[Any, Any]:
    """(language, bilingual) of a conversation's participant."""
    return conn.execute(LANGUAGE_OF, {"id": conversation_id}).one()


def store_inbound(conn: Connection, conversation_id: int, sid: str, body: str, now: dt.datetime) -> int | None:
    """Store an inbound message on a conversation: its id, None if its MessageSid is stored already."""
    new_id: int | None = conn.execute(STORE[conn.dialect.name], {
        "conversation_id": conversation_id, "direction": "in", "message_sid": sid, "body": body,
        "status": "received", "created_at": now}).scalar()
    return new_id


def conversation_by_id(conn: Connection, conversation_id: int) -> ConversationRow:
    """One conversation, row-locked for this transaction."""
    return conn.execute(BY_ID, {"id": conversation_id}).one()


def unapplied(conn: Connection, conversation_id: int, after: int, upto: int) -> list[Row[Any, Any, Any, Any]]:
    """(id, body, status, created_at) of the conversation's inbound messages after `after` up to `upto`, oldest
    first."""
    return list(conn.execute(UNAPPLIED, {"conversation_id": conversation_id, "after": after, "upto": upto}))


def replied_to(conn: Connection, inbound_id: int) -> list[str]:
    """The TwiML replies stored for an inbound message."""
    return list(conn.execute(REPLIED_TO, {"inbound_id": inbound_id}).scalars())


def insert_replies(conn: Connection, conversation_id: int, inbound_id: int | None, replies: Sequence[str],
                   status: str, now: dt.datetime) -> None:
    """Outbound messages (the replies to `inbound_id`, if any): `replied` (sent as TwiML) or `queued` (outbox)."""
    if replies:
        conn.execute(INSERT_MESSAGE, [{"conversation_id": conversation_id, "direction": "out", "message_sid": None,
                                       "in_reply_to_id": inbound_id, "body": reply, "status": status,
                                       "created_at": now} for reply in replies])


def set_status(conn: Connection, ids: list[int], status: str, error: str | None = None) -> None:
    """Mark inbound messages: late, superseded, error (with the kind of error), received (applied at last)."""
    if ids:
        conn.execute(SET_STATUS, {"ids_": ids, "status": status, **({"error": error} if error else {})})


def upsert_answers(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert or update one answer row per (conversation, area)."""
    if rows:
        conn.execute(UPSERT_ANSWERS[conn.dialect.name], rows)


def insert_events(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append concern and status events."""
    if rows:
        conn.execute(INSERT_EVENTS, rows)


def update_conversation(conn: Connection, conversation_id: int, changes: dict[str, Any]) -> None:
    """Set the changed columns of one conversation."""
    conn.execute(UPDATE_CONVERSATION, {"conversation_id_": conversation_id, **changes})


def update_language(conn: Connection, participant_id: str, language: str) -> None:
    """Record the participant's new language."""
    conn.execute(UPDATE_LANGUAGE, {"participant_id_": participant_id, "language": language})
