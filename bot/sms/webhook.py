"""Twilio's incoming-message webhook, POST /sms: validate -> turn -> TwiML.

Rule: a request without a valid X-Twilio-Signature over the public URL and every posted field gets 403
and nothing is stored; there is no switch to turn validation off.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request

from bot.services.inbound import ForeignSid, InboundSms, handle_inbound
from bot.services.runtime import runtime_of
from bot.sms.signature import signature_ok
from bot.sms.twiml import twiml

bp = Blueprint("webhook", __name__)
log = logging.getLogger("hjulsamtal.webhook")
MAX_BODY = 1600  # Twilio's own limit for one message


@bp.post("/sms")
def inbound_sms() -> Response:
    """One inbound SMS from Twilio."""
    if not signature_ok(request):
        return Response("Forbidden: invalid Twilio signature\n", status=403, mimetype="text/plain")
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    phone = request.form.get("From", "").strip()
    if not sid or not phone:
        return Response("Bad request: MessageSid and From are required\n", status=400, mimetype="text/plain")
    body = request.form.get("Body", "")[:MAX_BODY]
    rt = runtime_of(current_app)
    if not rt.limits.sms_allowed(rt.phone_hash(phone)):
        log.warning("inbound SMS over SMS_RATE_LIMIT: not processed, no reply")  # no number, no text
        return twiml([])  # a flood: no reply costs anything (Twilio's log still holds the message)
    try:
        replies = handle_inbound(rt, InboundSms(sid=sid, phone=phone, body=body, to=request.form.get("To", "").strip()))
    except ForeignSid:  # another phone's MessageSid: nothing of that message is returned
        return Response("Bad request: MessageSid\n", status=400, mimetype="text/plain")
    return twiml(replies)
