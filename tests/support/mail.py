"""A real SMTP server in the test process (aiosmtpd) that can refuse the first messages (451, as a server
that is busy or down), and helpers to read what it received."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """aiosmtpd's handler: keeps each accepted message; refuses the first `refuse` with 451."""

    def __init__(self, refuse: int = 0):
        self.refuse = refuse
        self.refused = 0
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 try again later"
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))  # type: ignore[arg-type]
        return "250 OK"


class SmtpServer:
    """A started aiosmtpd on 127.0.0.1; `url` is what SMTP_URL would say."""

    def __init__(self, refuse: int = 0, port: int | None = None):
        self.inbox = Inbox(refuse)
        self.port = port or free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def received(self) -> list[tuple[list[str], str, str]]:
        """Every received message: recipients, decoded subject, decoded body."""
        return [(to, str(m["Subject"]), m.get_content()) for to, m in self.inbox.messages]

    def raw(self) -> list[str]:
        """Every received message as sent (headers and encoded body)."""
        return [m.as_string() for _to, m in self.inbox.messages]
