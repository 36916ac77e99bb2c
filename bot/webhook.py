"""Twilio's incoming-message webhook, POST /sms: validate -> turn -> TwiML.

Rule: a request without a valid X-Twilio-Signature over the public URL and every posted field gets 403
and nothing is stored; there is no switch to turn validation off.
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Request, Response, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from .inbound import InboundSms, handle_inbound
from .limits import sms_allowed
from .runtime import runtime

bp = Blueprint("webhook", __name__)
log = logging.getLogger("hjulsamtal.webhook")
MAX_BODY = 1600  # Twilio's own limit for one message
# Characters XML 1.0 cannot carry (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF): a reply
# that echoes a participant's words (the read-back) must still be TwiML that Twilio can parse.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def public_url(req: Request) -> str:
    """The URL Twilio called: PUBLIC_BASE_URL + path (+ the raw query string), else the request's own."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    query = req.environ.get("QUERY_STRING", "")
    url = (base.rstrip("/") + req.path) if base else req.base_url
    return f"{url}?{query}" if query else url


def signature_ok(req: Request) -> bool:
    """Whether the request carries Twilio's valid signature for our auth token."""
    signature = req.headers.get("X-Twilio-Signature", "")
    validator = RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"])
    return bool(signature) and validator.validate(public_url(req), req.form, signature)


def twiml(bodies: list[str]) -> Response:
    """A TwiML response sending each body as one message (an empty <Response/> sends nothing)."""
    response = MessagingResponse()
    for body in bodies:
        response.message(NOT_XML.sub("", body))
    return Response(str(response), mimetype="text/xml")


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
    rt = runtime()
    if not sms_allowed(rt.phone_hash(phone)):
        log.warning("inbound SMS over SMS_RATE_LIMIT: not processed, no reply")  # no number, no text
        return twiml([])  # a flood: no reply costs anything (Twilio's log still holds the message)
    return twiml(handle_inbound(rt, InboundSms(sid=sid, phone=phone, body=body)))
