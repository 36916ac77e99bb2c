"""The SQL of one inbound turn, built once at import and executed on the session's connection.

Rule: a turn is a handful of known statements; building them per request and running them through the
ORM's unit of work was most of a turn's CPU (docs/performance.md). Parameters are always bound, never
formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import Answer, Conversation, ConversationEvent, Message, Participant

_conv, _msg, _part, _events, _answers = (
    cast(Table, model.__table__) for model in (Conversation, Message, Participant, ConversationEvent, Answer))
_COLUMNS = (_conv.c.id, _conv.c.flow, _conv.c.state, _conv.c.status, _conv.c.data, _conv.c.participant_id,
            _part.c.bilingual)
_WITH_PARTICIPANT = _conv.join(_part, _part.c.id == _conv.c.participant_id)

OPEN_BY_PHONE = (select(*_COLUMNS).select_from(_WITH_PARTICIPANT).where(_conv.c.open_phone == bindparam("index"))
                 .with_for_update(of=_conv))
LATEST_BY_PHONE = (
    select(*_COLUMNS).select_from(_WITH_PARTICIPANT).where(_part.c.phone_index == bindparam("index"))
    .order_by(_conv.c.updated_at.desc(), _conv.c.id.desc()).limit(1).with_for_update(of=_conv)
)
BY_ID = select(*_COLUMNS).select_from(_WITH_PARTICIPANT).where(_conv.c.id == bindparam("id")).with_for_update(of=_conv)
SEEN_SID = select(_msg.c.id).where(_msg.c.message_sid == bindparam("sid"))
REPLIES_TO = select(_msg.c.body).where(_msg.c.in_reply_to_id == bindparam("inbound_id")).order_by(_msg.c.id)
INSERT_MESSAGE = insert(_msg)
INSERT_MESSAGE_RETURNING_ID = insert(_msg).returning(_msg.c.id)
INSERT_EVENTS = insert(_events)
UPDATE_CONVERSATION = update(_conv).where(_conv.c.id == bindparam("conversation_id_"))
UPDATE_LANGUAGE = update(_part).where(_part.c.id == bindparam("participant_id_"))


def _answer_upsert(dialect_insert: Any) -> Any:
    stmt = dialect_insert(_answers)
    changing = ("rating", "comment", "followup", "language", "updated_at")
    return stmt.on_conflict_do_update(index_elements=["conversation_id", "area"],
                                      set_={name: stmt.excluded[name] for name in changing})


UPSERT_ANSWERS = {"postgresql": _answer_upsert(postgresql.insert), "sqlite": _answer_upsert(sqlite.insert)}


ConversationRow = Row[Any, Any, Any, Any, Any, Any, Any]  # id, flow, state, status, data, participant_id, bilingual


def locked_conversation(conn: Connection, index: str) -> ConversationRow | None:
    """The open conversation of the phone with this blind index, else its latest ended one; row-locked."""
    row = conn.execute(OPEN_BY_PHONE, {"index": index}).first()
    if row is None:
        row = conn.execute(LATEST_BY_PHONE, {"index": index}).first()
    return row


def conversation_by_id(conn: Connection, conversation_id: int) -> ConversationRow:
    """One conversation, row-locked for this transaction."""
    return conn.execute(BY_ID, {"id": conversation_id}).one()


def stored_replies(conn: Connection, sid: str) -> list[str] | None:
    """The replies stored for an inbound MessageSid seen before, or None if it is new."""
    seen = conn.execute(SEEN_SID, {"sid": sid}).scalar()
    return None if seen is None else list(conn.execute(REPLIES_TO, {"inbound_id": seen}).scalars())


def insert_messages(conn: Connection, conversation_id: int, sid: str, body: str, replies: Sequence[str],
                    now: dt.datetime) -> None:
    """The inbound message (claiming its unique MessageSid first) and the replies to it."""
    inbound_id = conn.execute(INSERT_MESSAGE_RETURNING_ID, {
        "conversation_id": conversation_id, "direction": "in", "message_sid": sid, "body": body,
        "status": "received", "created_at": now}).scalar_one()
    if replies:
        conn.execute(INSERT_MESSAGE, [{"conversation_id": conversation_id, "direction": "out", "message_sid": None,
                                       "in_reply_to_id": inbound_id, "body": reply, "status": "replied",
                                       "created_at": now} for reply in replies])


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
