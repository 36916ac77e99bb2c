"""Twilio's status callback, POST /sms/status: each outbound message's delivery status.

Rule: validated exactly like /sms (a bad signature gets 403 and changes nothing, bot/sms/lean.py); the
handler hands the report to bot.services.delivery_reports, which decides what it changes.
"""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from bot.services.delivery_reports import ORDER, record_report
from bot.services.runtime import Runtime


def report(rt: Runtime, request: Request) -> Response:
    """One delivery status report from Twilio, its signature checked."""
    form = request.form
    sid = form.get("MessageSid") or form.get("SmsSid")
    status = form.get("MessageStatus") or form.get("SmsStatus")
    if not sid or status not in ORDER:
        return Response("Bad request: MessageSid and a known MessageStatus are required\n", status=400,
                        mimetype="text/plain")
    record_report(rt, sid, request.args.get("m", ""), status, form.get("ErrorCode", ""))
    return Response(status=204)
