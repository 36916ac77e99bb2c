"""TwiML replies. Rule: every body is sent as its own <Message>, stripped of what XML 1.0 cannot carry and
escaped, in the exact form Twilio's MessagingResponse writes (built directly: it is on every turn)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

# Characters XML 1.0 cannot carry (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF): a reply
# that echoes a participant's words (the read-back) must still be TwiML that Twilio can parse.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def twiml(bodies: list[str]) -> Response:
    """A TwiML response sending each body as one message (an empty <Response /> sends nothing)."""
    if not bodies:
        return Response(DECLARATION + "<Response />", mimetype="text/xml")
    messages = "".join(f"<Message>{escape(NOT_XML.sub('', body))}</Message>" for body in bodies)
    return Response(f"{DECLARATION}<Response>{messages}</Response>", mimetype="text/xml")
