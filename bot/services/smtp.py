"""Sending one e-mail: over SMTP (SMTP_URL) or, in development without it, to the console.

Rule: a mailer only sends; what to send and the record of it live in the mail outbox (bot/services/mail.py).
The console mailer logs the size only, never the address, subject or body, exactly like the console SMS
transport. Every SMTP failure is raised to the outbox, which retries; nothing here logs an address.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol
from urllib.parse import unquote, urlsplit

from bot.config import MAIL_SCHEMES, MailSettings

log = logging.getLogger("hjulsamtal.mail")
TIMEOUT_SECONDS = 15


class Mailer(Protocol):
    """Something that sends one e-mail."""

    def send(self, to: str, subject: str, body: str, ref: str) -> None:
        """Send one plain-text e-mail (`ref`: our outbox id, in the Message-ID); raise on failure."""
        ...


def compose(sender: str, to: str, subject: str, body: str, ref: str) -> EmailMessage:
    """The e-mail as it goes out: plain text, UTF-8, a Message-ID naming the outbox row."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(idstring=f"hjulsamtal-mail-{ref}")
    message.set_content(body)
    return message


class SmtpMailer:
    """Sends over SMTP: smtp:// (plain, e.g. a local relay), smtp+starttls:// (587) or smtps:// (TLS, 465),
    logging in when the URL has a user."""

    def __init__(self, url: str, sender: str):
        parts = urlsplit(url)
        self.scheme, self.host = parts.scheme, parts.hostname or ""
        self.port = parts.port or MAIL_SCHEMES[parts.scheme]
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password or "")
        self.sender = sender

    def send(self, to: str, subject: str, body: str, ref: str) -> None:
        """Connect, (STARTTLS,) log in if asked, send, quit."""
        context = ssl.create_default_context()
        smtp = (smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_SECONDS, context=context)
                if self.scheme == "smtps" else smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS))
        with smtp:
            if self.scheme == "smtp+starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(compose(self.sender, to, subject, body, ref))


class ConsoleMailer:
    """Sends nothing: logs that an e-mail would have gone and its size (development without SMTP_URL)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str, ref: str) -> None:
        """Remember the e-mail in memory and log its size only."""
        self.sent.append((to, subject, body))
        log.info("console mail not sent: %d characters", len(subject) + len(body))


def make_mailer(settings: MailSettings) -> Mailer:
    """SMTP when SMTP_URL is set, else the console."""
    return SmtpMailer(settings.smtp_url, settings.sender) if settings.smtp_url else ConsoleMailer()
