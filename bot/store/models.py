"""Every table, typed SQLAlchemy 2 models. Rule: the schema is changed only through Alembic migrations (a
test compares); this module imports nothing of the app above the store.

A phone has at most one conversation in progress: `Conversation.open_phone` holds the phone's blind index
(Keyring.index, bot/store/crypto.py) while the conversation is open and NULL once it has ended, under a unique
constraint (NULLs never collide). Personal data (phone numbers, everything participants write, the
engine's data with their answers) are stored encrypted (bot.store.crypto); a number is found by `phone_index`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Time, UniqueConstraint, false
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from bot.store.crypto import EncryptedJSON, EncryptedString, EncryptedText


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
    languages: Mapped[list[str] | None] = mapped_column(JSON)  # offered languages; NULL = all (bot/texts/languages.py)
    alert_email: Mapped[str | None] = mapped_column(String(254))  # on-call address: unseen concerns escalate here
    # The organisation's own SMS number (E.164), its line (bot/services/routing.py); NULL: the shared number.
    sender: Mapped[str | None] = mapped_column(String(20), unique=True)
    # Whether it offers draft (unreviewed) languages: an admin's ticked choice, audited (bot/texts/languages.py).
    accept_drafts: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime]


class Meeting(Base):
    """A meeting (e.g. a SIP) that participants prepare for."""

    __tablename__ = "meeting"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    time: Mapped[dt.time | None] = mapped_column(Time)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # responsible staff member
    created_at: Mapped[dt.datetime]

    org: Mapped[Organisation] = relationship()
    owner: Mapped[User | None] = relationship()
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
    phone_index: Mapped[str] = mapped_column(String(64), index=True)  # Keyring.index(phone): its blind index
    bilingual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # bot/texts/bilingual.py
    created_at: Mapped[dt.datetime]
    resent_at: Mapped[dt.datetime | None]  # the invitation's last resend (one per RESEND_INTERVAL)
    nickname: Mapped[str | None] = mapped_column(EncryptedText)  # staff's name for them ("mamma"); never in SMS
    contact: Mapped[str | None] = mapped_column(EncryptedText)  # the first name signing the invitation, if any

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
    sharing: Mapped[str | None] = mapped_column(String(8))  # all | ratings | none; NULL (unanswered) reads as none
    # While open: the phone's key on its line (bot/services/routing.py: the blind index on the shared number).
    open_phone: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A queued invitation: the conversation (another organisation's, same line) the phone is busy with.
    waiting_for: Mapped[int | None] = mapped_column(Integer, index=True)
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
    dont_know: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # "vet inte": no rating
    source: Mapped[str] = mapped_column(String(8), default="sms", server_default="sms")  # sms | paper
    language: Mapped[str | None] = mapped_column(String(8))  # the conversation's language when answered
    updated_at: Mapped[dt.datetime]

    conversation: Mapped[Conversation] = relationship(back_populates="answers")


class Message(Base):
    """Every SMS in or out. Inbound rows carry Twilio's MessageSid (unique: a redelivery is a no-op).

    Outbound rows not sent as the TwiML reply are the outbox (bot.services.outbox): `status` queued -> sending ->
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


class SeenSid(Base):
    """A keyed hash of an inbound MessageSid, kept SID_MEMORY (bot/services/inbound.py) after the message:
    a request replayed after its meeting was purged is refused. No personal data."""

    __tablename__ = "seen_sid"

    sid_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_on: Mapped[dt.date] = mapped_column(Date, index=True)


# Timers and purge counts (the delivery machinery).

class DueAction(Base):
    """One timer of a conversation: `remind_silence`, `remind_meeting` or `expire`, due at `due_at`."""

    __tablename__ = "due_action"
    __table_args__ = (UniqueConstraint("conversation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"))
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    done_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))  # sent | expired | stale | limit

    conversation: Mapped[Conversation] = relationship()


class MeetingStats(Base):
    """What is left of a meeting after its data is purged: counts only, no personal data."""

    __tablename__ = "meeting_stats"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    counts: Mapped[dict[str, Any]]
    purged_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(16))  # retention | staff


# The staff web's tables.

USER_ROLES = ("staff", "admin")


class User(Base):
    """A staff member of one organisation; role `staff` or `admin`."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]
    last_login_at: Mapped[dt.datetime | None]
    deactivated_at: Mapped[dt.datetime | None]  # access removed by an admin; the row stays for the audit log
    # Sessions carry the generation they were issued under; logout, a new password or removal bumps it, so
    # every cookie issued before stops working (bot/web/auth.py).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    org: Mapped[Organisation] = relationship()

    is_authenticated = True  # what Flask-Login asks of a user object (no Flask import here)
    is_anonymous = False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session."""
        return str(self.id)

    @property
    def is_active(self) -> bool:
        """Whether the user may log in (Flask-Login refuses inactive users)."""
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        """Whether the user administers the organisation (users, audit log)."""
        return self.role == "admin"


class AuditEntry(Base):
    """Who did what, when: views of summaries, exports, invitations, edits and deletions."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(32))
    meeting_id: Mapped[str | None] = mapped_column(String(36))  # no foreign key: the log outlives the row
    participant_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime]

    user: Mapped[User | None] = relationship()


class LanguageReview(Base):
    """A native speaker's review of a language's translations, recorded by an admin: deployment-wide (every
    organisation sends the same texts), so no organisation; `hashes` holds each reviewed key's translation
    hash as it was reviewed (bot/texts/reviews.py); a key whose text changed since is no longer reviewed."""

    __tablename__ = "language_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(12), index=True)
    reviewer: Mapped[str] = mapped_column(String(80))  # as typed: a name or a role ("Modersmålslärare, Flen")
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(8))  # all | changed: which keys the reviewer read
    hashes: Mapped[dict[str, Any]] = mapped_column(JSON)  # key -> hash of the translation as reviewed
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # the admin who recorded it
    created_at: Mapped[dt.datetime]


class MeetingInfo(Base):
    """The staff web's details of a meeting: a short label and whether it was cancelled."""

    __tablename__ = "meeting_info"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    label: Mapped[str] = mapped_column(EncryptedText)  # personal data at rest: encrypted (bot/store/crypto.py)
    cancelled_at: Mapped[dt.datetime | None]
    # {"states": conversation id -> the state the cancellation ended, "last_message": the newest message id then}
    cancel_undo: Mapped[dict[str, Any] | None]
    updated_at: Mapped[dt.datetime]


class ParticipantInfo(Base):
    """Who helped a participant answer (e.g. a mother-tongue teacher), as staff noted it."""

    __tablename__ = "participant_info"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), primary_key=True)
    helper_note: Mapped[str] = mapped_column(EncryptedText)  # may name the helper: encrypted


class PaperSheet(Base):
    """That a participant answered on paper: who helped, when it was typed in, and by whom."""

    __tablename__ = "paper_sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    helper: Mapped[str] = mapped_column(EncryptedText)  # e.g. "modersmålslärare i somaliska"; encrypted
    recorded_by: Mapped[str | None] = mapped_column(String(120))  # the staff user who typed it in
    recorded_at: Mapped[dt.datetime]


class AnswerTranslation(Base):
    """Staff's Swedish translation of one answer a participant wrote in another language, as a mother-tongue
    teacher or interpreter gave it. `field` is "<area>.comment", "<area>.followup" or "matters_most"; the
    answer as it was when translated is kept (encrypted) so a changed answer shows its translation as old."""

    __tablename__ = "answer_translation"
    __table_args__ = (UniqueConstraint("participant_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(EncryptedText)  # the Swedish translation
    original: Mapped[str] = mapped_column(EncryptedText)  # the participant's words it translates
    translator: Mapped[str | None] = mapped_column(EncryptedText)  # "translated by" (a name): encrypted
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # who typed it in
    recorded_at: Mapped[dt.datetime]

    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship()


# Concerns reaching a person (bot/services/concerns.py, bot/services/mail.py).

class ConcernReview(Base):
    """What staff did about one concern event: seen (who, when), handled (who, when, a short note), and
    whether it went to the on-call address because nobody had seen it in time."""

    __tablename__ = "concern_review"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    raised_at: Mapped[dt.datetime]
    escalated_at: Mapped[dt.datetime | None]
    seen_at: Mapped[dt.datetime | None]
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    handled_at: Mapped[dt.datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    handled_note: Mapped[str | None] = mapped_column(EncryptedText)  # may name people: encrypted


class Mail(Base):
    """The mail outbox: an e-mail to staff about a meeting, rendered and addressed when it is sent (nothing
    personal is stored here). `kind` concern | escalation, `audience` owner | oncall; `status` queued ->
    sending -> sent (or canceled: an escalation whose concern was seen first)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(8))
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(Integer)  # the concern (no foreign key: a purge deletes events)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    due_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
