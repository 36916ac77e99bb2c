"""Twilio's status callback, POST /sms/status: each outbound message's delivery status.

Rule: validated exactly like /sms (a bad signature gets 403 and changes nothing). The callback URL names
our row (`?m=<id>`), so a message Twilio accepted but no worker recorded (it died mid-send, or its request
timed out) is recorded as sent here and never sent twice. Statuses only move
forward (a late `sent` never overwrites `delivered`); `undelivered`/`failed` with a permanent error code
marks the participant, and 30003 (unreachable for now) queues the message again with backoff.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.outbox import PENDING, PERMANENT, record
from bot.services.runtime import runtime_of
from bot.sms.signature import signature_ok
from bot.store.models import Message

bp = Blueprint("status_callback", __name__)
ORDER = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 5, "read": 6,
         "undelivered": 4, "failed": 4, "canceled": 4}
FAILED = ("undelivered", "failed")
RETRY_AFTER_ACCEPTED = 30003  # unreachable for now: the only delivery failure worth another try


@bp.post("/sms/status")
def message_status() -> Response:
    """One delivery status report from Twilio."""
    if not signature_ok(request):
        return Response("Forbidden: invalid Twilio signature\n", status=403, mimetype="text/plain")
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    status = request.form.get("MessageStatus") or request.form.get("SmsStatus")
    if not sid or status not in ORDER:
        return Response("Bad request: MessageSid and a known MessageStatus are required\n", status=400,
                        mimetype="text/plain")
    code = request.form.get("ErrorCode", "")
    rt = runtime_of(current_app)
    with rt.db.begin() as s:
        message = s.scalar(select(Message).where(Message.message_sid == sid).with_for_update())
        if message is None:
            message = _unrecorded(s, request.args.get("m", ""), sid)
        if message is None or message.direction != "out":
            return Response(status=204)  # not ours (or purged): nothing to update
        if ORDER[status] >= ORDER.get(message.delivery_status or "", -1):
            message.delivery_status = status
        if status in FAILED and message.status == "sent":
            number = int(code) if code.isdigit() else None
            outcome = PERMANENT.get(number or 0) or ("retry" if number == RETRY_AFTER_ACCEPTED else "failed")
            record(s, rt, message.id, outcome, None, f"twilio_{code or status}")
    return Response(status=204)


def _unrecorded(s: Session, ref: str, sid: str) -> Message | None:
    """The row named by `?m=` that Twilio accepted but whose worker never recorded it (it died, or its
    request timed out): record it as sent now, so that it is not sent again."""
    message = s.get(Message, int(ref), with_for_update=True) if ref.isdigit() else None
    if message is None or message.direction != "out" or message.message_sid is not None:
        return None
    if message.status in PENDING:
        message.status, message.message_sid, message.due_at, message.error = "sent", sid, None, None
    return message
