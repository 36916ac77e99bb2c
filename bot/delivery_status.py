"""What staff see of delivery, per participant: one status chip, from the conversation and its messages.

Rule: `undeliverable` (a bad or landline number) and any SMS that Twilio could not deliver show as
`not_delivered` unless the conversation ended for another reason first (opted out, completed, ...).
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from .models import Conversation, Message, Participant

NOT_DELIVERED = "not_delivered"
FAILED_DELIVERY = ("undelivered", "failed")


def participant_chips(s: Session, meeting_id: str) -> dict[str, str]:
    """Participant id -> invited | active | completed | declined | opted_out | expired | not_delivered."""
    failed = exists().where(
        Message.conversation_id == Conversation.id, Message.direction == "out",
        or_(Message.status == "failed", Message.delivery_status.in_(FAILED_DELIVERY)))
    rows = s.execute(
        select(Participant.id, Conversation.status, failed.label("failed"))
        .join(Conversation, Conversation.participant_id == Participant.id)
        .where(Participant.meeting_id == meeting_id)
    ).all()
    return {r.id: NOT_DELIVERED if r.status == "undeliverable" or (r.failed and r.status in ("invited", "active"))
            else r.status for r in rows}
