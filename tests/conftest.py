"""Fixtures of more than one test folder: flaskr-style app/client/runner on SQLite always and PostgreSQL when
TEST_DATABASE_URL is set, a pinned clock, real Twilio signatures, an invited participant; staff users and
logged-in clients; the fake Twilio; mother-tongue meetings; a conversation full of secrets. Also the
session's test keys and Hypothesis profiles. Fixtures of one folder are in that folder's conftest.py;
constants and helpers in tests/support/."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot import create_app
from bot.services import passwords
from bot.services.meetings import create_meeting, create_org, invite
from bot.services.outbox import send_queued
from bot.services.runtime import LOCALES_DIR, Runtime, load_texts_and_engine
from bot.services.users import create_user
from bot.sms.transport import ConsoleTransport, TwilioTransport
from bot.store.db import checkpoint, make_engine, normalise_url, upgrade
from bot.store.models import Base, Organisation
from bot.texts.catalogue import Texts
from tests.support.common import AUTH_TOKEN, MEETING_DATE, NOW, PHONES, PUBLIC_BASE_URL, rt_of, sign, twilio_fields
from tests.support.delivery import twilio_config
from tests.support.fake_twilio import FakeTwilio
from tests.support.languages import LANG_MEETING_DATE, LANG_NOW
from tests.support.security import ANSWERS, COMMENT, FOLLOWUP, MATTERS_MOST, SECRET_PHONE, Talk
from tests.support.staff import PASSWORD, log_in

PG_URL = os.environ.get("TEST_DATABASE_URL")

# The encrypted column types read one process-wide keyring, so every app a test makes (whatever its
# instance folder) must have the same keys: fixed test keys for the whole session, from the environment
# as in production. (tests/test_config_production.py covers the development keys made in instance/.)
os.environ.setdefault("HJULSAMTAL_DATA_KEYS", "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=")
os.environ.setdefault("HJULSAMTAL_INDEX_KEY", "test-index-key-0123456789abcdef-0123456789")

# Hypothesis: HYPOTHESIS_PROFILE=ci (the default, bounded, the same examples on every run) or nightly
# (many more examples, new ones each run): `HYPOTHESIS_PROFILE=nightly make test`.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=3000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- the app on a database ------------------------------------------------------------------------------

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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once by Alembic, checkpointed and closed: each test gets a copy (a fresh
    migration takes half a second; the copy's `upgrade` finds it at head)."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    checkpoint(engine)
    engine.dispose()
    assert not path.with_name(path.name + "-wal").exists() or not path.with_name(path.name + "-wal").stat().st_size
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A migrated, empty database: a copy of the migrated SQLite file, or the shared PostgreSQL emptied
    after the test."""
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.db")
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


@pytest.fixture
def app_with(db_url: str, tmp_path: Any, clock: dict[str, Any],
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    """Make apps like the `app` fixture's, with settings of the test's own (migrated database)."""
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


@pytest.fixture
def rt(app: Flask) -> Runtime:
    return rt_of(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# --- participants and their SMS -------------------------------------------------------------------------

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
                create_org(s, "flen", "Flens kommun", NOW, accept_drafts=True)
                s.flush()
                state["meeting"] = create_meeting(s, "flen", MEETING_DATE, dt.time(13, 0), NOW.date(),
                                                  NOW).id
                s.flush()
            participant = invite(s, rt, state["meeting"], role, phone, lang, rt.clock())
            s.flush()
            return participant.id

    make.state = state  # type: ignore[attr-defined]
    return make


@pytest.fixture
def secret_talk(rt: Runtime, invited: Callable[..., str], send_sms: Callable[..., Any]) -> Talk:
    """A youth invited (invitation sent by the console transport) who answers everything with secrets."""
    invited(SECRET_PHONE)
    assert send_queued(rt) == 1
    for body in ANSWERS:
        response = send_sms(SECRET_PHONE, body)
        assert response.status_code == 200, response.data
    return Talk(SECRET_PHONE, (COMMENT, FOLLOWUP, MATTERS_MOST, "Zqxjv", "Wyrtb", "Plokm"))


# --- mother tongues -------------------------------------------------------------------------------------

@pytest.fixture
def locales_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of locales/ to break; python-i18n's global store gets the real catalogs back afterwards."""
    target = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, target)
    yield target
    Texts(LOCALES_DIR)


@pytest.fixture
def lang_meeting(rt: Runtime) -> str:
    """An organisation `flen` and a meeting of it; returns the meeting id."""
    with rt.db.begin() as s:
        create_org(s, "flen", "Flens kommun", LANG_NOW, accept_drafts=True)
        s.flush()
        meeting = create_meeting(s, "flen", LANG_MEETING_DATE, dt.time(13, 0), LANG_NOW.date(), LANG_NOW)
        s.flush()
        return meeting.id


@pytest.fixture
def invite_lang(rt: Runtime, lang_meeting: str) -> Callable[..., str]:
    """Invite a participant to `lang_meeting` (any language, bilingual or not); returns its id."""
    def make(phone: str, lang: str, role: str = "youth", bilingual: bool = False) -> str:
        with rt.db.begin() as s:
            participant = invite(s, rt, lang_meeting, role, phone, lang, rt.clock(), bilingual=bilingual)
            s.flush()
            return participant.id

    return make


# --- delivery through the fake Twilio -------------------------------------------------------------------

@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A started fake Twilio (no failures unless told)."""
    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture
def twilio_rt(rt: Runtime, fake_twilio: FakeTwilio) -> Runtime:
    """The app's runtime, sending through the real twilio client to the fake."""
    rt.transport = TwilioTransport(twilio_config(fake_twilio.base_url))
    return rt


# --- staff users ----------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests (the hashes are still real argon2id)."""
    monkeypatch.setattr(passwords, "_default", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def orgs(app: Flask) -> dict[str, int]:
    """Two organisations: flen (A) and vingaker (B); slug -> id."""
    with rt_of(app).db.begin() as s:
        a = create_org(s, "flen", "Flens kommun", NOW, accept_drafts=True)
        b = create_org(s, "vingaker", "Vingåkers kommun", NOW, accept_drafts=True)
        s.flush()
        return {"flen": a.id, "vingaker": b.id}


@pytest.fixture
def make_user(app: Flask, orgs: dict[str, int]) -> Callable[..., str]:
    """Create a user (password PASSWORD); returns the e-mail."""
    def make(email: str, org: str = "flen", role: str = "staff") -> str:
        with rt_of(app).db.begin() as s:
            create_user(s, s.get(Organisation, orgs[org]), email, PASSWORD, role, NOW)  # type: ignore[arg-type]
        return email
    return make


@pytest.fixture
def login(app: Flask, make_user: Callable[..., str]) -> Callable[..., FlaskClient]:
    """A new client logged in as a new user of `org` with `role`."""
    count = iter(range(1, 1000))

    def make(org: str = "flen", role: str = "staff") -> FlaskClient:
        email = make_user(f"user{next(count)}.{org}@example.org", org, role)
        client = app.test_client()
        response = log_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return make
