"""Logs carry no personal data: a whole conversation, an unknown number, invitations sent (and failing)
through the transports, with every logger at DEBUG (SQLAlchemy's statements included), leave no number in
any format, no participant's words and no message text in any log record."""

from __future__ import annotations

import logging
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from bot.services.outbox import send_queued
from bot.services.runtime import Runtime
from bot.sms.transport import ConsoleTransport
from tests.support.common import PHONES, sign, twilio_fields
from tests.support.security import Talk

# Any Swedish mobile number in any usual spelling (+46 70…, 0046 70…, 070-…, spaces or dashes anywhere).
ANY_MOBILE = re.compile(rb"(?<![\w.])(?:\+46|0046|46|0)[\s-]?7(?:[\s-]?\d){8}(?!\d)")
STRANGER = PHONES[60]
STRANGER_WORDS = "hej det är Kalle Bergqvist Xovnu"


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG from before the app exists (SQLAlchemy decides on echo when it connects)."""
    names = ["", "sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "werkzeug", "alembic", "hjulsamtal", "bot"]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def log_text(caplog: pytest.LogCaptureFixture) -> bytes:
    """Every record of the test's setup and call as a handler would write it: message, arguments, exception."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = caplog.get_records("setup") + caplog.get_records("call")
    return "\n".join(formatter.format(r) + repr(r.args) for r in records).encode()


class FailingTransport:
    """A transport whose error message contains the number, as real clients' errors do."""

    def send(self, to: str, body: str, ref: str | None = None, sender: str | None = None) -> str:
        raise ValueError(f"cannot send {body!r} to {to}")


def post_through_werkzeug(app: Flask, fields: dict[str, str]) -> int:
    """POST to a real Werkzeug server (whose request log is part of what is scanned)."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/sms",
                                         data=urllib.parse.urlencode(fields).encode(),
                                         headers={"X-Twilio-Signature": sign(fields)})
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_no_personal_data_in_any_log_record(all_logs: pytest.LogCaptureFixture, app: Flask, rt: Runtime,
                                            secret_talk: Talk, send_sms: Any, invited: Any) -> None:
    assert send_sms(STRANGER, STRANGER_WORDS).status_code == 200
    assert post_through_werkzeug(app, twilio_fields(secret_talk.phone, "en sak till Vbnmq", "SM" + "w" * 32)) == 200
    invited(PHONES[61], "guardian", "en")
    assert send_queued(rt, FailingTransport()) == 0  # the failure is logged ...
    assert isinstance(rt.transport, ConsoleTransport)
    sent_texts = [body for _, body in rt.transport.sent]
    logged = log_text(all_logs)
    assert b"SELECT" in logged and b"console SMS not sent" in logged and b"ValueError" in logged  # ... and seen
    assert b"werkzeug" in logged and b"POST /sms" in logged
    assert sent_texts and all(body.encode() not in logged for body in sent_texts)
    talk = Talk(secret_talk.phone, (*secret_talk.texts, STRANGER_WORDS, "Bergqvist", "hej", "Vbnmq"))
    assert talk.leaks(logged) == []
    assert ANY_MOBILE.findall(logged) == []
    for phone in (STRANGER, PHONES[61]):
        assert Talk(phone, ()).leaks(logged) == []


def test_the_scan_would_see_a_leak(all_logs: pytest.LogCaptureFixture) -> None:
    logging.getLogger("hjulsamtal.test").debug("from %s: %s", "+46 70 174 06 12", "min styvpappa skriker Zqxjv")
    assert Talk(PHONES[7], ("Zqxjv",)).leaks(log_text(all_logs)) == ["Zqxjv", PHONES[7]]
    for shown in ("+46 70 174 06 12", "070-174 06 12", "0046701740612", "0731234567", "+46 73-123 45 67"):
        assert ANY_MOBILE.findall(f"to {shown}.".encode()), shown
