"""Outbound SMS transports: Twilio's REST API, or the console for offline development.

Rule: a transport only sends; what to send and the record of it live in the database (bot.outbound).
Nothing here logs a number or a message's text: logs are read by more people than the answers are.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Protocol

from .segments import sms_cost

log = logging.getLogger("hjulsamtal.sms")


class Transport(Protocol):
    """Something that sends one SMS."""

    def send(self, to: str, body: str) -> str:
        """Send one SMS; return the provider's message id."""
        ...


class ConsoleTransport:
    """Sends nothing: logs that an SMS would have gone and its size, never its number or text (no
    Twilio credentials needed; `hjulsamtal chat` shows the texts)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> str:
        """Remember the SMS in memory and log its size only."""
        self.sent.append((to, body))
        cost = sms_cost(body)
        log.info("console SMS not sent: %d characters, %s, %d segment(s)", len(body), cost.encoding, cost.segments)
        return f"console-{uuid.uuid4().hex}"


class TwilioTransport:
    """Sends through Twilio's Messages API."""

    def __init__(self, config: dict[str, Any]):
        from twilio.rest import Client

        self.client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"])
        self.sender: dict[str, str] = (
            {"messaging_service_sid": config["TWILIO_MESSAGING_SERVICE_SID"]}
            if config.get("TWILIO_MESSAGING_SERVICE_SID") else {"from_": config["TWILIO_FROM_NUMBER"]}
        )

    def send(self, to: str, body: str) -> str:
        """Send through Twilio; return the message SID."""
        message = self.client.messages.create(to=to, body=body, **self.sender)
        return str(message.sid)


def make_transport(config: dict[str, Any]) -> Transport:
    """The transport SMS_TRANSPORT names."""
    return TwilioTransport(config) if config["SMS_TRANSPORT"] == "twilio" else ConsoleTransport()
