"""The port through which services send an SMS; the Twilio and console adapters live at the edge (bot/sms).

Rule: a transport only sends. What to send, and the record of it, live in the database (bot.services.outbox).
"""

from __future__ import annotations

from typing import Protocol


class SendError(Exception):
    """A send that failed: Twilio's error `code` (e.g. 21610) and HTTP `status`, or neither (network)."""

    def __init__(self, code: int | None, status: int | None, kind: str):
        super().__init__(kind)
        self.code, self.status, self.kind = code, status, kind


class Transport(Protocol):
    """Something that sends one SMS."""

    def send(self, to: str, body: str, ref: str | None = None, sender: str | None = None) -> str:
        """Send one SMS (`ref`: our message id, echoed in the status callback URL; `sender`: the organisation's
        own number, else the shared one); return the provider's id."""
        ...
