"""The audit log. Rule: append-only; a record is written in the same transaction as what it records
(or, for views and exports, before the data is sent). No personal data in `detail`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry, User

ACTIONS = ("login", "login_failed", "meeting_create", "meeting_edit", "meeting_cancel", "invite", "resend",
           "invite_refused",  # the phone is busy with the organisation's own conversation
           "invite_queued",  # busy with another organisation's on the shared number: shown to staff as an invite
           "invite_cancel", "summary_view", "export_json", "export_csv", "user_create", "user_deactivate",
           "paper_answers", "languages_offered", "meeting_delete", "meeting_uncancel", "messages_view",
           "translation_save", "meeting_owner", "alerts_set", "concern_seen", "concern_handled", "meeting_view",
           "meeting_print", "language_review", "accept_drafts", "summary_pdf", "meeting_pdf",
           "user_create_elsewhere")  # another organisation's admin tried to add this organisation's user's e-mail


def record(s: Session, user: User | None, org_id: int, action: str, now: dt.datetime, meeting_id: str | None = None,
           participant_id: str | None = None, detail: str | None = None) -> AuditEntry:
    """Add one audit entry to the session's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(org_id=org_id, user_id=user.id if user else None, action=action, meeting_id=meeting_id,
                       participant_id=participant_id, detail=detail, created_at=now)
    s.add(entry)
    return entry


def entries(s: Session, org_id: int, limit: int = 500) -> list[AuditEntry]:
    """The organisation's latest entries, newest first."""
    return list(s.scalars(select(AuditEntry).where(AuditEntry.org_id == org_id)
                          .order_by(AuditEntry.id.desc()).limit(limit)))
