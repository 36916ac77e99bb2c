"""Twilio's delivery reports (status callbacks) for outbound SMS. Rule: a report only moves a message's
`delivery_status` forward (a late `sent` never overwrites `delivered`), and only a report that moved it
changes the conversation (a late `failed`/21610 after `delivered` ends nothing); a message Twilio accepted but no
worker recorded (it died mid-send, or its request timed out) is recorded as sent here and never sent twice;
`undelivered`/`failed` with a permanent error code ends the conversation through the engine (outbox.record),
and 30003 (unreachable for now) queues the message again with backoff.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.outbox import PENDING, PERMANENT, record
from bot.services.runtime import Runtime
from bot.store.models import Message

ORDER = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 5, "read": 6,
         "undelivered": 4, "failed": 4, "canceled": 4}
FAILED = ("undelivered", "failed")
RETRY_AFTER_ACCEPTED = 30003  # unreachable for now: the only delivery failure worth another try


def record_report(rt: Runtime, sid: str, ref: str, status: str, code: str) -> None:
    """Record one report (`ref`: our message id from the callback URL's `?m=`); reports about messages that
    are not ours, or were purged, change nothing."""
    with rt.db.begin() as s:
        message = s.scalar(select(Message).where(Message.message_sid == sid).with_for_update())
        if message is None:
            message = _unrecorded(s, ref, sid)
        if message is None or message.direction != "out":
            return
        if ORDER[status] < ORDER.get(message.delivery_status or "", -1):
            return  # older news than what is recorded: changes nothing
        message.delivery_status = status
        if status in FAILED and message.status == "sent":
            number = int(code) if code.isdigit() else None
            outcome = PERMANENT.get(number or 0) or ("retry" if number == RETRY_AFTER_ACCEPTED else "failed")
            record(s, rt, message.id, outcome, None, f"twilio_{code or status}")


def _unrecorded(s: Session, ref: str, sid: str) -> Message | None:
    """The row named by `?m=` that Twilio accepted but whose worker never recorded it: record it as sent now."""
    message = s.get(Message, int(ref), with_for_update=True) if ref.isdigit() else None
    if message is None or message.direction != "out" or message.message_sid is not None:
        return None
    if message.status in PENDING:
        message.status, message.message_sid, message.due_at, message.error = "sent", sid, None, None
    return message
