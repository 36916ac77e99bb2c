"""`hjulsamtal replay`: apply the inbound messages whose turn failed or never finished.

Rule: idempotent. A message counts as applied once its conversation's `last_inbound_id` has reached it,
so neither a replay nor a Twilio redelivery applies anything twice. Per conversation the newest unapplied
message older than the grace period is applied, with the unapplied ones before it (bot.services.inbound.apply),
under the conversation's lock; its replies go out through the outbox.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.services.failed_turn import mark_error
from bot.services.inbound import apply
from bot.services.runtime import Runtime
from bot.store.models import Conversation, Message

GRACE = dt.timedelta(seconds=60)  # a turn in flight is never older: Twilio gives up on a webhook after 15 s


def unapplied(rt: Runtime, older_than: dt.timedelta = GRACE) -> list[tuple[int, int]]:
    """(conversation id, newest unapplied inbound message id) for messages stored before now - older_than."""
    cutoff = rt.clock() - older_than
    with rt.db() as s:
        rows = s.execute(
            select(Message.conversation_id, func.max(Message.id))
            .join(Conversation, Message.conversation_id == Conversation.id)
            .where(Message.direction == "in", Message.status.in_(("received", "error")),
                   Message.id > func.coalesce(Conversation.last_inbound_id, 0), Message.created_at <= cutoff)
            .group_by(Message.conversation_id).order_by(Message.conversation_id)
        ).all()
    return [(conversation_id, message_id) for conversation_id, message_id in rows]


def replay(rt: Runtime, older_than: dt.timedelta = GRACE) -> dict[str, int]:
    """Apply every conversation's unapplied messages, one transaction each; count replayed and failed."""
    counts = {"replayed": 0, "failed": 0}
    for conversation_id, message_id in unapplied(rt, older_than):
        try:
            with rt.db.begin() as s:
                apply(s.connection(), rt, conversation_id, message_id, queue_replies=True)
            counts["replayed"] += 1
        except Exception as exc:
            mark_error(rt, message_id, exc)
            counts["failed"] += 1
    return counts
