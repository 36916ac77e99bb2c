"""Outbound SMS transports: Twilio's REST API, or the console for offline development.

Rule: a transport only sends; what to send and the record of it live in the database (bot.outbound).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Protocol

log = logging.getLogger("hjulsamtal.sms")


class Transport(Protocol):
    """Something that sends one SMS."""

    def send(self, to: str, body: str) -> str:
        """Send one SMS; return the provider's message id."""
        ...


def mask_phone(phone: str) -> str:
    """+46701740605 -> +467017406**: enough to tell test numbers apart, not enough to identify."""
    return phone[:-2] + "**" if len(phone) > 4 else "**"


class ConsoleTransport:
    """Logs each SMS instead of sending it (no Twilio credentials needed)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> str:
        """Log the SMS (number masked) and remember it."""
        self.sent.append((to, body))
        log.info("console SMS to %s:\n%s", mask_phone(to), body)
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
