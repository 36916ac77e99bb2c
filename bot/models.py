"""Typed SQLAlchemy 2 models. Rule: the schema is changed only through Alembic migrations (a test compares).

A phone has at most one conversation in progress: `Conversation.open_phone` holds the phone's blind index
(bot.crypto.phone_index) while the conversation is open and NULL once it has ended, under a unique
constraint (NULLs never collide). Personal data (phone numbers, everything participants write, the
engine's data with their answers) are stored encrypted (bot.crypto); a number is found by `phone_index`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Time, UniqueConstraint, false
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .crypto import EncryptedJSON, EncryptedString, EncryptedText


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Store UTC; refuse naive datetimes (their zone is a guess)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Read back as aware UTC."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


def new_id() -> str:
    """A random id for things people refer to (meetings, participants)."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """The declarative base: aware datetimes and JSON documents by annotation."""

    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}  # noqa: RUF012


class Organisation(Base):
    """A principal (municipality or region); its name is what invitations say the SMS is from."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    retention_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")  # after the meeting
    languages: Mapped[list[str] | None] = mapped_column(JSON)  # offered languages; NULL = all (bot/languages.py)
    created_at: Mapped[dt.datetime]


class Meeting(Base):
    """A meeting (e.g. a SIP) that participants prepare for."""

    __tablename__ = "meeting"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    time: Mapped[dt.time | None] = mapped_column(Time)
    created_at: Mapped[dt.datetime]

    org: Mapped[Organisation] = relationship()
    participants: Mapped[list[Participant]] = relationship(back_populates="meeting",
                                                          order_by="Participant.created_at")


class Participant(Base):
    """A young person or guardian invited to give their view before a meeting."""

    __tablename__ = "participant"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str] = mapped_column(EncryptedString(16))  # E.164, encrypted
    phone_index: Mapped[str] = mapped_column(String(64), index=True)  # crypto.phone_index(phone)
    bilingual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # bot/bilingual.py
    created_at: Mapped[dt.datetime]

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    conversation: Mapped[Conversation | None] = relationship(back_populates="participant")


class Conversation(Base):
    """A participant's SMS conversation: the engine's state and data, and its status."""

    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    flow: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(64))
    # invited | active | completed | declined | opted_out | expired | undeliverable (bad or landline number)
    status: Mapped[str] = mapped_column(String(16), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    matters_most: Mapped[str | None] = mapped_column(EncryptedText)
    open_phone: Mapped[str | None] = mapped_column(String(64), unique=True)  # phone_index while open
    last_inbound_id: Mapped[int | None] = mapped_column(Integer)  # the newest inbound message applied
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    completed_at: Mapped[dt.datetime | None]

    participant: Mapped[Participant] = relationship(back_populates="conversation")
    answers: Mapped[list[Answer]] = relationship(back_populates="conversation")
    events: Mapped[list[ConversationEvent]] = relationship(order_by="ConversationEvent.id")


class Answer(Base):
    """What a participant said about one area (one row per conversation and area)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("conversation_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"))
    area: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(EncryptedText)
    followup: Mapped[str | None] = mapped_column(EncryptedText)
    source: Mapped[str] = mapped_column(String(8), default="sms", server_default="sms")  # sms | paper
    language: Mapped[str | None] = mapped_column(String(8))  # the conversation's language when answered
    updated_at: Mapped[dt.datetime]

    conversation: Mapped[Conversation] = relationship(back_populates="answers")


class Message(Base):
    """Every SMS in or out. Inbound rows carry Twilio's MessageSid (unique: a redelivery is a no-op).

    Outbound rows not sent as the TwiML reply are the outbox (bot.outbound): `status` queued -> sending ->
    sent | failed | canceled, `attempts` and `due_at` (next try, or the lease end while sending);
    `delivery_status` is Twilio's latest status callback (delivered, undelivered, failed, ...).
    """

    __tablename__ = "message"
    __table_args__ = (Index("ix_message_outbox", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"), index=True)
    body: Mapped[str] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(16))  # in: received | late; out: replied | queued | sending | ...
    error: Mapped[str | None] = mapped_column(String(64))  # Twilio error code or failure kind
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    due_at: Mapped[dt.datetime | None]
    delivery_status: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]

    conversation: Mapped[Conversation] = relationship()


class ConversationEvent(Base):
    """What staff need to know happened: status changes and concerns (low `safe`, danger words)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # concern | status
    area: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime]


class UnknownSender(Base):
    """When a number without an invitation was last answered; keyed by a keyed hash, never the number."""

    __tablename__ = "unknown_sender"

    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    replied_on: Mapped[dt.date] = mapped_column(Date)


from . import delivery_models  # noqa: E402, F401  (register the delivery tables on Base.metadata)
