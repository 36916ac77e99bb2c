"""Tables of the staff web. Rule: every row belongs to one organisation (directly or through its meeting),
and the audit log is append-only: nothing in the app updates or deletes an AuditEntry.

Meeting and participant details the staff web adds live in their own tables (one row per meeting or
participant) so the conversation core's tables stay as they are.
"""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..crypto import EncryptedText
from ..models import Base, Organisation

ROLES = ("staff", "admin")


class User(UserMixin, Base):
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

    org: Mapped[Organisation] = relationship()

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


class MeetingInfo(Base):
    """The staff web's details of a meeting: a short label and whether it was cancelled."""

    __tablename__ = "meeting_info"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    label: Mapped[str] = mapped_column(EncryptedText)  # personal data at rest: encrypted (bot/crypto.py)
    cancelled_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime]


class ParticipantInfo(Base):
    """Who helped a participant answer (e.g. a mother-tongue teacher), as staff noted it."""

    __tablename__ = "participant_info"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), primary_key=True)
    helper_note: Mapped[str] = mapped_column(EncryptedText)  # may name the helper: encrypted
