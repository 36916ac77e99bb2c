"""Tables of the delivery machinery: timers as data (due actions) and the counts left after a purge.

Rule: a due action is only a reminder of when to look again; whether it still applies is decided when it
fires, from the conversation and the meeting as they are then (stale actions are ignored).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, Conversation


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
