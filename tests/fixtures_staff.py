"""Fixtures for the staff web: two organisations, users, logged-in clients (CSRF stays ON: tokens are read
from the pages like a browser does), and a meeting with invited participants."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher
from conftest import NOW, PHONES, rt_of
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.services import passwords
from bot.services.meetings import create_org
from bot.services.users import create_user
from bot.store.models import Organisation, Participant

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
MEETING_DATE_TEXT = "2026-12-10"
# Every staff route: (method, path with {m} meeting id and {p} participant id). A test checks it is complete.
ROUTES = [
    ("GET", "/meetings"), ("GET", "/meetings/new"), ("POST", "/meetings/new"),
    ("GET", "/meetings/{m}"), ("GET", "/meetings/{m}/edit"), ("POST", "/meetings/{m}/edit"),
    ("POST", "/meetings/{m}/cancel"), ("POST", "/meetings/{m}/participants"),
    ("POST", "/meetings/{m}/participants/{p}/resend"), ("POST", "/meetings/{m}/participants/{p}/cancel"),
    ("GET", "/meetings/{m}/summary"), ("GET", "/meetings/{m}/export.json"), ("GET", "/meetings/{m}/export.csv"),
    ("GET", "/simulator"), ("POST", "/simulator/start"), ("POST", "/simulator/say"), ("POST", "/simulator/reset"),
    ("GET", "/admin/users"), ("POST", "/admin/users"), ("POST", "/admin/users/{u}/deactivate"),
    ("GET", "/admin/audit"), ("POST", "/logout"),
    ("GET", "/meetings/{m}/participants/{p}/sheet"), ("GET", "/meetings/{m}/participants/{p}/paper"),
    ("POST", "/meetings/{m}/participants/{p}/paper"),
    ("GET", "/languages"), ("GET", "/languages/{code}/review"), ("GET", "/sheets"), ("GET", "/admin/languages"),
    ("POST", "/admin/languages"), ("POST", "/meetings/{m}/delete"),
]
MEETING_ROUTES = [r for r in ROUTES if "{m}" in r[1]]


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = CSRF.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1) or match.group(2)


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests (the hashes are still real argon2id)."""
    monkeypatch.setattr(passwords, "_default", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def orgs(app: Flask) -> dict[str, int]:
    """Two organisations: flen (A) and vingaker (B); slug -> id."""
    with rt_of(app).db.begin() as s:
        a = create_org(s, "flen", "Flens kommun", NOW)
        b = create_org(s, "vingaker", "Vingåkers kommun", NOW)
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


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """Log in through the form, with the page's CSRF token."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


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


@pytest.fixture
def staff(login: Callable[..., FlaskClient]) -> FlaskClient:
    """Staff of flen, logged in."""
    return login("flen")


def post_form(client: FlaskClient, page: str, url: str, data: dict[str, str], **kwargs: Any) -> Any:
    """Open `page`, take its CSRF token, and POST `data` to `url`."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def meeting(staff: FlaskClient) -> dict[str, str]:
    """A meeting of flen made through the web, with a youth (sv) and a guardian (en) invited.

    Returns its id and the participant ids (`youth`, `guardian`)."""
    created = post_form(staff, "/meetings/new", "/meetings/new",
                        {"date": MEETING_DATE_TEXT, "time": "13:00", "label": "SIP vecka 50"})
    assert created.status_code == 302, created.get_data(as_text=True)
    meeting_id = created.headers["Location"].rsplit("/", 1)[-1]
    ids = {"id": meeting_id}
    for role, phone, lang in (("youth", PHONES[0], "sv"), ("guardian", PHONES[1], "en")):
        page = f"/meetings/{meeting_id}"
        added = post_form(staff, page, f"{page}/participants",
                          {"role": role, "phone": phone, "language": lang, "helper_note": ""})
        assert added.status_code == 302, added.get_data(as_text=True)
    with rt_of(staff.application).db() as s:
        rows = s.scalars(select(Participant).where(Participant.meeting_id == meeting_id))
        return ids | {p.role: p.id for p in rows}


XSS_SCRIPT = "<script>document.title='pwned'</script>"
XSS_IMG = "<img src=x onerror=\"document.title='pwned'\">"
YOUTH_RATINGS = {"safe": 5, "healthy": 4, "achieving": 5, "nurtured": 4, "active": 3, "respected": 5,
                 "responsible": 4, "included": 5}
GUARDIAN_RATINGS = {"safe": 2, "healthy": 4, "achieving": 3, "nurtured": 4, "active": 3, "respected": 5,
                    "responsible": 4, "included": 5}
YOUTH_SMS = ["hej", "ja", f"5 {XSS_SCRIPT}", "4", "5", "4", "3", "5", "4", f"5 {XSS_IMG}", "fotboll & <b>skolan</b>",
             "ja"]
GUARDIAN_SMS = ["hi", "yes", "2 worried", "more time with her", "4", "3", "4", "3", "5", "4", "5",
                "school", "yes"]


def play(send_sms: Callable[..., Any], phone: str, bodies: list[str]) -> None:
    """Send each body as a signed inbound SMS from `phone`."""
    for body in bodies:
        assert send_sms(phone, body).status_code == 200
