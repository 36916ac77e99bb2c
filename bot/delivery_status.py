"""What staff see of delivery, per participant: one status chip, from the conversation and its messages.

Rule: `undeliverable` (a bad or landline number) and any SMS that Twilio could not deliver show as
`not_delivered` unless the conversation ended for another reason first (opted out, completed, ...).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from .models import Conversation, Message, Participant

NOT_DELIVERED = "not_delivered"
FAILED_DELIVERY = ("undelivered", "failed")


def participant_chips(s: Session, meeting_id: str) -> dict[str, str]:
    """Participant id -> invited | active | completed | declined | opted_out | expired | not_delivered."""
    failed = exists().where(Message.conversation_id == Conversation.id, failed_delivery())
    rows = s.execute(
        select(Participant.id, Conversation.status, failed.label("failed"))
        .join(Conversation, Conversation.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting_id)
    ).all()
    return {r.id: chip(r.status, bool(r.failed)) for r in rows}


def chip(status: str, failed: bool) -> str:
    """The chip for a conversation status, given whether an SMS to it failed or went undelivered."""
    return NOT_DELIVERED if status == "undeliverable" or (failed and status in ("invited", "active")) else status


def failed_delivery() -> ColumnElement[bool]:
    """Outbound messages that failed to send or were reported undelivered (for a WHERE clause)."""
    return and_(Message.direction == "out",
                or_(Message.status == "failed", Message.delivery_status.in_(FAILED_DELIVERY)))
