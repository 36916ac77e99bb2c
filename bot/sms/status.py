"""Twilio's status callback, POST /sms/status: each outbound message's delivery status.

Rule: validated exactly like /sms (a bad signature gets 403 and changes nothing); the handler validates and
hands the report to bot.services.delivery_reports, which decides what it changes.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from bot.services.delivery_reports import ORDER, record_report
from bot.services.runtime import runtime_of
from bot.sms.signature import signature_ok

bp = Blueprint("status_callback", __name__)


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
    record_report(runtime_of(current_app), sid, request.args.get("m", ""), status, request.form.get("ErrorCode", ""))
    return Response(status=204)
