"""Fixtures of the security tests: a whole conversation full of secrets, and searches for them in bytes.

`secret_talk` invites a youth by CLI-free calls, sends the invitation with the console transport and
answers every question through the signed webhook, with words no other text contains; its result names
what must never be found (the number in any format, the participant's words).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import PHONES
from flask import Flask
from hypothesis import HealthCheck, settings

from bot import create_app
from bot.services.outbox import send_queued
from bot.services.runtime import Runtime
from bot.sms.transport import ConsoleTransport
from bot.store.db import upgrade

# The encrypted column types read one process-wide keyring, so every app a test makes (whatever its
# instance folder) must have the same keys: fixed test keys for the whole session, from the environment
# as in production. (tests/test_security_config.py covers the development keys made in instance/.)
os.environ.setdefault("HJULSAMTAL_DATA_KEYS", "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=")
os.environ.setdefault("HJULSAMTAL_INDEX_KEY", "test-index-key-0123456789abcdef-0123456789")

SECRET_PHONE = PHONES[7]  # +46701740612
COMMENT = "min styvpappa skriker Zqxjv"
FOLLOWUP = "jag sover hos mormor Wyrtb"
MATTERS_MOST = "att få bo kvar Plokm"
ANSWERS = ["hej", "ja", f"4 {COMMENT}", "1", FOLLOWUP, *["3"] * 6, MATTERS_MOST, "ja"]


def phone_pattern(phone: str) -> re.Pattern[bytes]:
    """The national digits of a Swedish number with any spaces or dashes between them, in bytes:
    finds +46 70 174 06 12, 070-174 06 12, 0046701740612, 46701740612 and so on."""
    national = phone.removeprefix("+46")
    return re.compile(rb"[\s\-]?".join(re.escape(d.encode()) for d in national))


@dataclass(frozen=True)
class Talk:
    """What a finished conversation must never leak."""

    phone: str
    texts: tuple[str, ...]

    def leaks(self, blob: bytes) -> list[str]:
        """Which secrets occur in `blob` (UTF-8 text of participants, the number in any format)."""
        found = [text for text in self.texts if text.encode() in blob]
        if phone_pattern(self.phone).search(blob):
            found.append(self.phone)
        return found


@pytest.fixture
def secret_talk(rt: Runtime, invited: Callable[..., str], send_sms: Callable[..., Any]) -> Talk:
    """A youth invited (invitation sent by the console transport) who answers everything with secrets."""
    invited(SECRET_PHONE)
    assert send_queued(rt) == 1
    for body in ANSWERS:
        response = send_sms(SECRET_PHONE, body)
        assert response.status_code == 200, response.data
    return Talk(SECRET_PHONE, (COMMENT, FOLLOWUP, MATTERS_MOST, "Zqxjv", "Wyrtb", "Plokm"))


@pytest.fixture
def app_with(db_url: str, tmp_path: Any, clock: dict[str, Any],
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    """Make apps like the `app` fixture's, with settings of the test's own (migrated database)."""
    from conftest import AUTH_TOKEN, PUBLIC_BASE_URL

    made: list[Flask] = []
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(tmp_path / "instance"))

    def make(**settings: Any) -> Flask:
        app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret",
                          "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
                          "TRANSPORT": ConsoleTransport(), "CLOCK": lambda: clock["now"], **settings})
        upgrade(app.extensions["hjulsamtal"].db_engine)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["hjulsamtal"].db_engine.dispose()


# Hypothesis: HYPOTHESIS_PROFILE=ci (the default, bounded, the same examples on every run) or nightly
# (many more examples, new ones each run): `HYPOTHESIS_PROFILE=nightly make test`.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=3000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
