"""Twilio's incoming-message webhook, POST /sms: turn -> TwiML (the signature is checked first, by
bot/sms/lean.py).

Rule: a request without a valid X-Twilio-Signature over the public URL and every posted field gets 403
and nothing is stored; there is no switch to turn validation off. Another phone's MessageSid gets 400.
"""

from __future__ import annotations

import logging

from werkzeug.wrappers import Request, Response

from bot.services.inbound import ForeignSid, InboundSms, handle_inbound
from bot.services.runtime import Runtime
from bot.sms.twiml import twiml

log = logging.getLogger("hjulsamtal.webhook")
MAX_BODY = 1600  # Twilio's own limit for one message


def inbound(rt: Runtime, request: Request) -> Response:
    """One inbound SMS from Twilio, its signature checked."""
    form = request.form
    sid = form.get("MessageSid") or form.get("SmsSid")
    phone = form.get("From", "").strip()
    if not sid or not phone:
        return Response("Bad request: MessageSid and From are required\n", status=400, mimetype="text/plain")
    body = form.get("Body", "")[:MAX_BODY]
    if not rt.limits.sms_allowed(rt.phone_hash(phone)):
        log.warning("inbound SMS over SMS_RATE_LIMIT: not processed, no reply")  # no number, no text
        return twiml([])  # a flood: no reply costs anything (Twilio's log still holds the message)
    try:
        replies = handle_inbound(rt, InboundSms(sid=sid, phone=phone, body=body, to=form.get("To", "").strip()))
    except ForeignSid:  # another phone's MessageSid: nothing of that message is returned
        return Response("Bad request: MessageSid\n", status=400, mimetype="text/plain")
    return twiml(replies)
