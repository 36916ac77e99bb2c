"""Outbound SMS transports: Twilio's REST API, or the console for offline development.

Rule: a transport only sends; what to send and the record of it live in the database (bot.services.outbox).
Nothing here logs a number or a message's text: logs are read by more people than the answers are.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from bot.services.transport import SendError, Transport
from bot.texts.segments import sms_cost

log = logging.getLogger("hjulsamtal.sms")


TWILIO_API = "https://api.twilio.com"
HTTP_TIMEOUT = 10.0  # seconds per REST call; a timeout is retried (see bot.services.outbox)


class ConsoleTransport:
    """Sends nothing: logs that an SMS would have gone and its size, never its number or text (no
    Twilio credentials needed; `hjulsamtal chat` shows the texts)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.senders: list[str | None] = []

    def send(self, to: str, body: str, ref: str | None = None, sender: str | None = None) -> str:
        """Remember the SMS in memory and log its size only."""
        self.sent.append((to, body))
        self.senders.append(sender)
        cost = sms_cost(body)
        log.info("console SMS not sent: %d characters, %s, %d segment(s)", len(body), cost.encoding, cost.segments)
        return f"console-{uuid.uuid4().hex}"


class TwilioTransport:
    """Sends through Twilio's Messages API (at TWILIO_API_BASE_URL: Twilio's own, or a local fake)."""

    def __init__(self, config: dict[str, Any]):
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self.client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                             http_client=TwilioHttpClient(timeout=HTTP_TIMEOUT))
        self.client.api.base_url = (config.get("TWILIO_API_BASE_URL") or TWILIO_API).rstrip("/")
        self.sender: dict[str, str] = (
            {"messaging_service_sid": config["TWILIO_MESSAGING_SERVICE_SID"]}
            if config.get("TWILIO_MESSAGING_SERVICE_SID") else {"from_": config["TWILIO_FROM_NUMBER"]}
        )
        base = config.get("PUBLIC_BASE_URL")
        # Twilio reports delivery to POST /sms/status?m=<our message id> (bot.sms.status)
        self.status_callback = base.rstrip("/") + "/sms/status" if base else None

    def send(self, to: str, body: str, ref: str | None = None, sender: str | None = None) -> str:
        """Send through Twilio (from the organisation's own number if it has one); return the message SID, or
        raise SendError."""
        from requests import RequestException
        from twilio.base.exceptions import TwilioException

        options = {"from_": sender} if sender else dict(self.sender)
        if self.status_callback:
            options["status_callback"] = self.status_callback + (f"?m={ref}" if ref else "")
        try:
            message = self.client.messages.create(to=to, body=body, **options)
        except TwilioException as exc:  # TwilioRestException, or TwilioServiceException (RFC 9457)
            code, status = getattr(exc, "code", None), getattr(exc, "status", None)
            raise SendError(code, status, f"twilio_{code or status}") from None
        except RequestException as exc:  # timeouts, refused connections, resets
            raise SendError(None, None, type(exc).__name__) from None
        return str(message.sid)


def make_transport(config: dict[str, Any]) -> Transport:
    """The transport SMS_TRANSPORT names."""
    return TwilioTransport(config) if config["SMS_TRANSPORT"] == "twilio" else ConsoleTransport()
