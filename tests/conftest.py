"""Shared fixtures: flaskr-style app/client/runner on SQLite always and PostgreSQL when TEST_DATABASE_URL
is set, a pinned clock, real Twilio signatures, and shortcuts to create an invited participant."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator

from bot import create_app
from bot.services.meetings import create_meeting, create_org, invite
from bot.services.runtime import Runtime, load_texts_and_engine
from bot.sms.transport import ConsoleTransport
from bot.store.db import make_engine, normalise_url, upgrade
from bot.store.models import Base

pytest_plugins = ["fixtures_lang", "fixtures_staff", "fixtures_security", "fixtures_langweb", "fixtures_delivery"]

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://hjulsamtal.example.org"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 in Stockholm
MEETING_DATE = dt.date(2026, 12, 10)
PHONES = [f"+467017406{n:02d}" for n in range(5, 100)]  # PTS range reserved for fiction
PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def texts_and_engine() -> Any:
    """The real locales and flows, loaded once."""
    return load_texts_and_engine()


@pytest.fixture(scope="session")
def pg_ready() -> Iterator[str]:
    """A PostgreSQL schema of this test session's own, migrated once (so parallel sessions on one database
    never wipe each other's rows). CI sets TEST_DATABASE_URL, so these tests never skip there."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (CI sets it; e.g. "
                    "postgresql+psycopg://root@127.0.0.1:5432/test)")
    schema = f"test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(normalise_url(PG_URL)).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    engine = make_engine(url_text)
    upgrade(engine)
    engine.dispose()
    yield url_text
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite file, or the shared PostgreSQL emptied after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url: str = request.getfixturevalue("pg_ready")
    yield url
    engine = make_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def clock() -> dict[str, dt.datetime]:
    """A pinned clock; tests move it with clock['now'] = ..."""
    return {"now": NOW}


@pytest.fixture
def app(db_url: str, tmp_path: Any, clock: dict[str, dt.datetime],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app on a migrated database, console transport, pinned clock."""
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "test-secret",
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TRANSPORT": ConsoleTransport(),
        "CLOCK": lambda: clock["now"],
    })
    upgrade(rt_of(app).db_engine)
    yield app
    rt_of(app).db_engine.dispose()


def rt_of(app: Flask) -> Runtime:
    """The app's runtime."""
    rt: Runtime = app.extensions["hjulsamtal"]
    return rt


@pytest.fixture
def rt(app: Flask) -> Runtime:
    return rt_of(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def sign(params: dict[str, str], path: str = "/sms", token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature for a POST to PUBLIC_BASE_URL + path with these fields."""
    return str(RequestValidator(token).compute_signature(PUBLIC_BASE_URL + path, params))


def twilio_fields(phone: str, body: str, sid: str) -> dict[str, str]:
    """The fields Twilio posts for an incoming SMS."""
    return {
        "ToCountry": "SE", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "",
        "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "",
        "Body": body, "FromCountry": "SE", "To": "+46766920000", "MessagingServiceSid": "",
        "ToZip": "", "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": phone, "ApiVersion": "2010-04-01",
    }


@pytest.fixture
def send_sms(client: FlaskClient) -> Callable[..., Any]:
    """POST a correctly signed inbound SMS; returns the response."""
    counter = iter(range(1, 1_000_000))

    def send(phone: str, body: str, sid: str | None = None) -> Any:
        fields = twilio_fields(phone, body, sid or f"SM{next(counter):032d}")
        return client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})

    return send


@pytest.fixture
def invited(rt: Runtime) -> Callable[..., str]:
    """Create (once) an org and a meeting, invite a participant; returns the participant id."""
    state: dict[str, str] = {}

    def make(phone: str = PHONES[0], role: str = "youth", lang: str = "sv") -> str:
        with rt.db.begin() as s:
            if "meeting" not in state:
                create_org(s, "flen", "Flens kommun", NOW)
                s.flush()
                state["meeting"] = create_meeting(s, "flen", MEETING_DATE, dt.time(13, 0), NOW.date(),
                                                  NOW).id
                s.flush()
            participant = invite(s, rt, state["meeting"], role, phone, lang, rt.clock())
            s.flush()
            return participant.id

    make.state = state  # type: ignore[attr-defined]
    return make
