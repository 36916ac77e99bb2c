"""TwiML replies. Rule: every body is sent as its own <Message>, stripped of what XML 1.0 cannot carry."""

from __future__ import annotations

import re

from flask import Response
from twilio.twiml.messaging_response import MessagingResponse

# Characters XML 1.0 cannot carry (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF): a reply
# that echoes a participant's words (the read-back) must still be TwiML that Twilio can parse.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def twiml(bodies: list[str]) -> Response:
    """A TwiML response sending each body as one message (an empty <Response/> sends nothing)."""
    response = MessagingResponse()
    for body in bodies:
        response.message(NOT_XML.sub("", body))
    return Response(str(response), mimetype="text/xml")
