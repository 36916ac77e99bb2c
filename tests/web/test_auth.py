"""Login, logout, idle timeout, cookie flags, security headers, CSRF and `hjulsamtal users create`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from bot.store.models import AuditEntry, Meeting, User
from bot.web import BLUEPRINTS
from tests.support.common import rt_of
from tests.support.staff import PASSWORD, ROUTES, csrf_token, log_in, post_form

STAFF_BLUEPRINTS = tuple(bp.name for bp in BLUEPRINTS)  # every blueprint the staff web registers


def test_route_table_covers_every_staff_route(app: Flask) -> None:
    """The route table the isolation/CSRF/login tests use lists every staff route and method."""
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in STAFF_BLUEPRINTS and rule.endpoint != "auth.login":
            path = (rule.rule.replace("<meeting_id>", "{m}").replace("<participant_id>", "{p}")
                    .replace("<int:user_id>", "{u}").replace("<code>", "{code}").replace("<int:event_id>", "{e}"))
            served |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == set(ROUTES)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_login(client: FlaskClient, method: str, path: str) -> None:
    url = path.format(m="00000000-0000-0000-0000-000000000000", p="00000000-0000-0000-0000-000000000001", u=1,
                      code="ar", e=1)
    if method == "GET":
        response = client.get(url)
    else:  # a real form token, but nobody logged in
        token = csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_with_a_wrong_password_or_unknown_email_says_the_same(client: FlaskClient,
                                                                   make_user: Callable[..., str],
                                                                   app: Flask) -> None:
    email = make_user("anna@example.org")
    wrong = log_in(client, email, "not the password at all")
    unknown = log_in(client, "nobody@example.org", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "Fel e-post eller lösenord." in response.get_data(as_text=True)
    assert client.get("/meetings").status_code == 302
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action)).all() == ["login_failed"]


def test_login_goes_on_to_a_local_next_only(client: FlaskClient, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/simulator", data={"csrf_token": token, "email": email,
                                                            "password": PASSWORD})
    assert response.headers["Location"] == "/simulator"
    other = log_in(client.application.test_client(), email)  # type: ignore[attr-defined]
    assert other.headers["Location"] == "/meetings"
    evil = client.application.test_client()  # type: ignore[attr-defined]
    token = csrf_token(evil.get("/login").get_data(as_text=True))
    response = evil.post("/login?next=//evil.example/x", data={"csrf_token": token, "email": email,
                                                                "password": PASSWORD})
    assert response.headers["Location"] == "/meetings"


def test_login_needs_the_csrf_token(client: FlaskClient, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert "säkerhetskod" in response.get_data(as_text=True)
    assert client.get("/meetings").status_code == 302


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] == "POST"])
def test_every_post_needs_the_csrf_token(login: Callable[..., FlaskClient], meeting: dict[str, str], app: Flask,
                                         method: str, path: str) -> None:
    staff = login("flen", "admin")
    url = path.format(m=meeting["id"], p=meeting["youth"], u=1, code="ar", e=1)
    with rt_of(app).db() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    response = staff.post(url, data={"date": "2026-12-24", "label": "Nytt", "role": "youth",
                                      "phone": "070-174 06 20", "language": "sv", "email": "x@example.org",
                                      "password": "p" * 20, "body": "hej"})
    assert response.status_code == 400
    with rt_of(app).db() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1
        assert s.scalars(select(User.deactivated_at)).all() == [None, None]
    assert staff.get("/meetings").status_code == 200  # still logged in: logout refused too


def test_logout(staff: FlaskClient) -> None:
    response = post_form(staff, "/meetings", "/logout", {})
    assert response.status_code == 302
    assert staff.get("/meetings").status_code == 302


def test_idle_timeout_logs_out(staff: FlaskClient, clock: dict[str, dt.datetime]) -> None:
    clock["now"] += dt.timedelta(minutes=29)
    assert staff.get("/meetings").status_code == 200  # use within the limit keeps the session alive
    clock["now"] += dt.timedelta(minutes=29)
    assert staff.get("/meetings").status_code == 200
    clock["now"] += dt.timedelta(minutes=31)
    response = staff.get("/meetings")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert staff.get("/meetings").status_code == 302  # the session is gone, not just one request


def test_session_cookie_flags(client: FlaskClient, make_user: Callable[..., str]) -> None:
    response = log_in(client, make_user("anna@example.org"))
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" in cookie  # PUBLIC_BASE_URL is https in the tests, as in production


def test_security_headers(staff: FlaskClient) -> None:
    for url in ("/meetings", "/login", "/simulator"):
        headers = staff.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(staff: FlaskClient, meeting: dict[str, str]) -> None:
    for url in ("/meetings", f"/meetings/{meeting['id']}", f"/meetings/{meeting['id']}/summary", "/simulator"):
        html = staff.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html and " on" + "click" not in html, url


def _create(runner: FlaskCliRunner, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(args=["users", "create", *args], input=stdin)


def test_cli_users_create(runner: FlaskCliRunner, orgs: dict[str, int], app: Flask) -> None:
    result = _create(runner, "Anna@Example.org", "--org", "flen", "--admin", "--password-stdin",
                     stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "anna@example.org"
    prompted = _create(runner, "bo@example.org", "--org", "vingaker", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    with rt_of(app).db() as s:
        users = {u.email: u for u in s.scalars(select(User))}
    assert users["anna@example.org"].role == "admin" and users["bo@example.org"].role == "staff"
    assert users["bo@example.org"].org_id == orgs["vingaker"]
    assert users["anna@example.org"].password_hash.startswith("$argon2id$")
    assert PASSWORD not in users["anna@example.org"].password_hash
    assert log_in(app.test_client(), "anna@example.org").status_code == 302


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["x@example.org", "--org", "nowhere", "--password-stdin"], PASSWORD, "unknown organisation 'nowhere'"),
    (["x@example.org", "--org", "flen", "--password-stdin"], "short", "at least 12 characters"),
    (["not-an-email", "--org", "flen", "--password-stdin"], PASSWORD, "not an e-mail address"),
    (["taken@example.org", "--org", "vingaker", "--password-stdin"], PASSWORD, "already exists"),
])
def test_cli_users_create_refuses_bad_input(runner: FlaskCliRunner, make_user: Callable[..., str], app: Flask,
                                            args: list[str], stdin: str, message: str) -> None:
    make_user("taken@example.org")
    result = _create(runner, *args, stdin=stdin + "\n")
    assert result.exit_code != 0
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    with rt_of(app).db() as s:
        assert s.scalars(select(User.email)).all() == ["taken@example.org"]
