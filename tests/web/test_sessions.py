"""Sessions: a login starts a new session (a cookie or data planted before it does not survive), Flask-Login's
"strong" protection drops a login used from another address or browser, and cookies are https-only,
HttpOnly and SameSite=Lax in production."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot import create_app
from bot.services.meetings import create_org
from bot.services.users import create_user
from bot.store.db import upgrade
from tests.support.common import NOW
from tests.support.production import production_env
from tests.support.staff import PASSWORD, csrf_token, log_in


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_login_starts_a_new_session(client: FlaskClient, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    client.get("/login")
    with client.session_transaction() as sess:  # what an attacker could have planted in the victim's browser
        sess["planted"] = "attacker"
        sess["_fresh"] = True
        token_before = sess["csrf_token"]
    before = session_cookie(client)
    assert log_in(client, email).status_code == 302
    assert session_cookie(client) != before
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess.get("csrf_token") != token_before
        assert sess["_user_id"] and sess["_id"]
    assert client.get("/meetings").status_code == 200


def test_the_old_cookie_is_not_logged_in(client: FlaskClient, make_user: Callable[..., str], app: Flask) -> None:
    email = make_user("anna@example.org")
    client.get("/login")
    before = session_cookie(client)
    assert log_in(client, email).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", before)
    assert replay.get("/meetings").status_code == 302


@pytest.mark.parametrize("other", [{"REMOTE_ADDR": "203.0.113.5"}, {"HTTP_USER_AGENT": "Other/1.0"}])
def test_a_login_used_from_another_address_or_browser_is_dropped(staff: FlaskClient, app: Flask,
                                                                 other: dict[str, str]) -> None:
    cookie = session_cookie(staff)
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/meetings", environ_base=other)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    same = app.test_client()
    same.set_cookie("session", cookie)
    assert same.get("/meetings").status_code == 200  # the same browser and address keep the login


def test_session_cookie_ends_with_the_browser(client: FlaskClient, make_user: Callable[..., str]) -> None:
    response = log_in(client, make_user("anna@example.org"))
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "Expires" not in cookie and "Max-Age" not in cookie


@pytest.fixture
def production_app(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app in production mode (the test process's data keys, so the encrypted columns still read)."""
    env = production_env(process_keys=True, HJULSAMTAL_INSTANCE=str(tmp_path / "prod"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app({"DATABASE_URL": db_url})
    upgrade(app.extensions["hjulsamtal"].db_engine)
    yield app
    app.extensions["hjulsamtal"].db_engine.dispose()


def test_production_cookies_are_secure_httponly_and_lax(production_app: Flask) -> None:
    config = production_app.config
    for prefix in ("SESSION", "REMEMBER"):
        assert config[f"{prefix}_COOKIE_SECURE"] is True and config[f"{prefix}_COOKIE_HTTPONLY"] is True
        assert config[f"{prefix}_COOKIE_SAMESITE"] == "Lax"
    with production_app.extensions["hjulsamtal"].db.begin() as s:
        org = create_org(s, "flen", "Flens kommun", NOW)
        s.flush()
        create_user(s, org, "anna@example.org", PASSWORD, "staff", NOW)
    client = production_app.test_client()
    https = "https://hjul.example.se"
    token = csrf_token(client.get("/login", base_url=https).get_data(as_text=True))
    response = client.post("/login", base_url=https, headers={"Referer": f"{https}/login"},  # CSRF checks it on https
                           data={"csrf_token": token, "email": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 302
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/meetings", base_url=https).status_code == 200


def test_development_on_http_sends_cookies_over_http(app_with: Callable[..., Flask],
                                                      make_user: Callable[..., str]) -> None:
    app = app_with(PUBLIC_BASE_URL="http://127.0.0.1:5000")
    assert app.config["SESSION_COOKIE_SECURE"] is False and app.config["REMEMBER_COOKIE_SECURE"] is False
    client = app.test_client()
    response = client.get("/login")
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "Secure" not in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
