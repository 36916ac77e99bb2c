"""Send queued outbound SMS after the transaction that queued them has committed.

Rule: a row is queued in the same transaction as the change that causes it, and marked sent (with the
provider's id) or failed after the attempt; nothing is sent from inside a transaction that may roll back.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import Conversation, Message, Participant
from .transport import Transport

log = logging.getLogger("hjulsamtal.outbound")


def send_queued(db: sessionmaker[Session], transport: Transport, limit: int = 100) -> int:
    """Send up to `limit` queued messages; return how many were sent."""
    with db.begin() as s:
        rows = s.execute(
            select(Message.id, Participant.phone, Message.body)
            .join(Conversation, Message.conversation_id == Conversation.id)
            .join(Participant, Conversation.participant_id == Participant.id)
            .where(Message.direction == "out", Message.status == "queued")
            .order_by(Message.id).limit(limit)
        ).all()
    sent = 0
    for message_id, phone, body in rows:
        try:
            sid, status, error = transport.send(phone, body), "sent", None
            sent += 1
        except Exception as exc:  # the transport's failure is recorded, never raised to the caller
            sid, status, error = None, "failed", type(exc).__name__
            log.warning("outbound message %s failed: %s", message_id, error)
        with db.begin() as s:
            message = s.get(Message, message_id)
            if message is not None:
                message.status, message.message_sid, message.error = status, sid, error
    return sent
