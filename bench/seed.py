"""Bulk-seed finished conversations: the history a county accumulates, for the 1 000 vs 100 000 comparison.

Rule: bulk only, never ORM objects one by one: rows are tuples in bot.store.models' column order, each distinct
value converted once by its column type's own bind processor, written with one executemany per table and
batch (SQLite) or COPY (PostgreSQL's bulk path, 3x its executemany here; foreign-key triggers are skipped
in the seeding transaction when the role may, as pg_restore --disable-triggers does). Each seeded
conversation is a real completed one: the engine plays a scripted conversation per role and language once,
and its state, answers, status events and message log are copied, on synthetic numbers (SEEDED block).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy import Engine as SqlEngine

from bot.conversation import Engine, StatusChanged
from bot.services.runtime import load_texts_and_engine
from bot.store.crypto import keyring
from bot.store.models import Answer, Conversation, ConversationEvent, Meeting, Message, Organisation, Participant
from bot.texts.catalogue import Texts

from .scripts import language, replay, youth_script
from .synthetic import SEEDED, phone

CHUNK = 5_000  # conversations per batch
TODAY = dt.date(2026, 1, 15)
START = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.UTC)
TABLES: dict[str, Table] = {m.__tablename__: m.__table__ for m in  # type: ignore[misc]
                            (Meeting, Participant, Conversation, Answer, ConversationEvent, Message)}
SERIAL = ("conversation", "answer", "event", "message")


@dataclass(frozen=True)
class Template:
    """One finished conversation as rows to copy: what the engine ended with and every SMS in and out."""

    role: str
    lang: str
    state: str
    data: dict[str, Any]
    matters_most: str | None
    answers: list[tuple[str, int | None, str | None, str | None]]  # area, rating, comment, followup
    statuses: list[str]
    messages: list[tuple[str, str, int | None]]  # direction, body, index of the message replied to


def template(engine: Engine, texts: Texts, role: str, lang: str, n: int) -> Template:
    """Play a scripted conversation through the engine under `role` and keep what would be stored."""
    script = youth_script(phone(SEEDED, n), lang, engine.wheel.areas, seed=11)
    step = engine.begin(role, lang, org="Benchkommun", date=TODAY)
    messages: list[tuple[str, str, int | None]] = [("out", texts.render(r, lang), None) for r in step.replies]
    statuses: list[str] = []
    conv = step.conversation
    for body, step in replay(engine, conv, script.bodies(), TODAY):
        conv = step.conversation
        inbound = len(messages)
        messages.append(("in", body, None))
        messages += [("out", texts.render(r, conv.lang), inbound) for r in step.replies]
        statuses += [e.status.value for e in step.events if isinstance(e, StatusChanged)]
    answers = [(area, a.rating, a.comment, a.followup) for area, a in conv.answers.items()]
    return Template(role, lang, conv.state, conv.data(), conv.matters_most, answers, statuses, messages)


class Converter:
    """Each column's bind processor for this dialect, applied once per distinct value."""

    def __init__(self, conn: Connection):
        self.cache: dict[tuple[str, str, Any], Any] = {}
        self.processors: dict[tuple[str, str], Callable[[Any], Any] | None] = {
            (name, col.name): col.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            for name, table in TABLES.items() for col in table.columns}

    def __call__(self, table: str, column: str, value: Any) -> Any:
        process = self.processors[(table, column)]
        if process is None or value is None:
            return value
        if isinstance(value, dict):  # a JSON document: not hashable, converted each time
            return process(value)
        key = (table, column, value)
        if key not in self.cache:
            self.cache[key] = process(value)
        return self.cache[key]


# The tuples below are built in these column orders (checked against bot.store.models before writing).
COLUMNS = {
    "meeting": ("id", "org_id", "date", "time", "owner_id", "created_at"),
    "participant": ("id", "meeting_id", "role", "language", "phone", "phone_index", "bilingual", "created_at",
                    "resent_at", "nickname", "contact"),
    "conversation": ("id", "participant_id", "flow", "state", "status", "data", "matters_most", "sharing",
                     "open_phone", "waiting_for", "last_inbound_id", "created_at", "updated_at", "completed_at"),
    "answer": ("id", "conversation_id", "area", "rating", "comment", "followup", "dont_know", "source", "language",
               "updated_at"),
    "event": ("id", "conversation_id", "kind", "area", "detail", "created_at"),
    "message": ("id", "conversation_id", "direction", "message_sid", "in_reply_to_id", "body", "status", "error",
                "attempts", "due_at", "delivery_status", "created_at"),
}


def _check_columns() -> None:
    for name, table in TABLES.items():
        if tuple(c.name for c in table.columns) != COLUMNS[name]:
            raise RuntimeError(f"bot.store.models.{name} changed: update bench/seed.py COLUMNS and the rows")


def _uuid(kind: int, n: int) -> str:
    """A UUID-shaped id, unique per kind and n (random ones cost more than the insert)."""
    return f"5eed{kind:04x}-0000-4000-8000-{n:012x}"


def _batches(templates: list[Template], first: int, count: int, ids: dict[str, int], org_id: int,
             convert: Converter) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Conversations first .. first+count-1 (two participants share a meeting), CHUNK at a time."""
    data = [convert("conversation", "data", t.data) for t in templates]  # serialised once per template
    meeting_time = convert("meeting", "time", dt.time(13, 0))
    one_language = convert("participant", "bilingual", False)
    not_known = convert("answer", "dont_know", False)
    last_in = [max(i for i, m in enumerate(t.messages) if m[0] == "in") for t in templates]
    for start in range(first, first + count, CHUNK):
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
        meetings, participants, conversations = rows["meeting"], rows["participant"], rows["conversation"]
        answers, events, messages = rows["answer"], rows["event"], rows["message"]
        for n in range(start, min(start + CHUNK, first + count)):
            t = templates[n % len(templates)]
            moment = START + dt.timedelta(minutes=5 * (n // 2))
            at = convert("message", "created_at", moment)
            done = convert("message", "created_at", moment + dt.timedelta(minutes=4))
            meeting_id, participant_id, conv_id = _uuid(1, n // 2), _uuid(2, n), ids["conversation"]
            ids["conversation"] += 1
            if n % 2 == 0:  # seed() starts at an even number, so every meeting is written once
                day = convert("meeting", "date", moment.date() + dt.timedelta(days=14))
                meetings.append((meeting_id, org_id, day, meeting_time, None, at))
            number = phone(SEEDED, n)
            participants.append((participant_id, meeting_id, t.role, t.lang, convert("participant", "phone", number),
                                 keyring().index(number), one_language, at, None, None, None))
            conversations.append((conv_id, participant_id, t.role, t.state, "completed", data[n % len(templates)],
                                  convert("conversation", "matters_most", t.matters_most), None, None, None,
                                  ids["message"] + last_in[n % len(templates)], at, done, done))
            for area, rating, comment, followup in t.answers:
                answers.append((ids["answer"], conv_id, area, rating, convert("answer", "comment", comment),
                                convert("answer", "followup", followup), not_known, "sms", t.lang, done))
                ids["answer"] += 1
            for status in t.statuses:
                events.append((ids["event"], conv_id, "status", None, status, done))
                ids["event"] += 1
            base = ids["message"]
            for i, (direction, plain, reply_to) in enumerate(t.messages):
                body = convert("message", "body", plain)  # encrypted (once per distinct text: a benchmark)
                if i == 0:  # the invitation, sent through the transport
                    messages.append((base, conv_id, "out", f"SM5eed{base:028x}", None, body, "sent", None, 1, None,
                                     "delivered", at))
                elif direction == "in":
                    messages.append((base + i, conv_id, "in", f"SM5eed{base + i:028x}", None, body, "received",
                                     None, 0, None, None, at))
                else:
                    messages.append((base + i, conv_id, "out", None, None if reply_to is None else base + reply_to,
                                     body, "replied", None, 0, None, None, done))
            ids["message"] += len(t.messages)
        yield rows


def _write(conn: Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
    columns = [c.name for c in TABLES[table].columns]
    raw: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)


def _skip_fk_triggers(conn: Connection) -> None:
    """PostgreSQL, as a superuser: no per-row foreign-key triggers in this transaction (as pg_restore
    --disable-triggers does); the rows are consistent by construction. Halves the seeding time."""
    if conn.dialect.name == "postgresql" and conn.exec_driver_sql(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar():
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")


def settle(db: SqlEngine) -> None:
    """After a bulk load, do what the database would do soon anyway, so that it does not run during a
    measurement: PostgreSQL VACUUM (ANALYZE) and CHECKPOINT (autovacuum and the checkpointer would run
    right after 4 million fresh rows), SQLite a WAL checkpoint."""
    if db.dialect.name != "postgresql":
        raw = db.raw_connection()  # autocommit (bot.store.db sends BEGIN itself): a checkpoint needs no transaction
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return
    with db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(['organisation', *TABLES])}")
        if conn.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar():
            conn.exec_driver_sql("CHECKPOINT")


def seed(db: SqlEngine, first: int, count: int) -> int:
    """Add `count` finished conversations numbered from `first` (even); returns the rows written."""
    if first % 2:
        raise ValueError("first must be even (two participants share a meeting)")
    texts, engine = load_texts_and_engine()
    roles = itertools.cycle(("youth", "guardian"))
    templates = [template(engine, texts, next(roles), language(n, 11), n) for n in range(8)]
    written = 0
    with db.begin() as conn:
        ids = {name: (conn.scalar(select(func.max(TABLES[name].c.id))) or 0) + 1 for name in SERIAL}
        if conn.scalar(select(Organisation.id).where(Organisation.slug == "seeded")) is None:
            conn.execute(insert(Organisation).values(slug="seeded", name="Historik", created_at=START))
        org_id = conn.scalar(select(Organisation.id).where(Organisation.slug == "seeded")) or 0
        convert = Converter(conn)
        _skip_fk_triggers(conn)
        _check_columns()
        for batch in _batches(templates, first, count, ids, org_id, convert):
            for table, rows in batch.items():
                if rows:
                    _write(conn, table, rows)
                    written += len(rows)
        if conn.dialect.name == "postgresql":  # explicit ids were given: move the sequences past them
            for table in SERIAL:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    return written
