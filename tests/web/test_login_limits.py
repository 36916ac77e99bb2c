"""Login rate limits (LOGIN_RATE_LIMIT_ACCOUNT, LOGIN_RATE_LIMIT_IP): over a limit the normal Swedish login
page answers 429 without checking any password; failed attempts count, a login clears its account's counter;
the counters' keys hold neither the e-mail nor the address in clear."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.app import limiter
from bot.config import ConfigError
from bot.web import auth
from tests.support.staff import PASSWORD, csrf_token

TOO_MANY = "För många försök att logga in. Vänta 15 min och försök sedan igen."


def attempt(client: FlaskClient, email: str, password: str, ip: str = "127.0.0.1") -> Any:
    """One login through the form, from `ip`."""
    token = csrf_token(client.get("/login", environ_base={"REMOTE_ADDR": ip}).get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The stored hashes every password check of the login compared with (None: the dummy)."""
    seen: list[str | None] = []
    real = auth.verify_password

    def spy(stored: str | None, password: str) -> bool:
        seen.append(stored)
        return real(stored, password)

    monkeypatch.setattr(auth, "verify_password", spy)
    return seen


def test_account_limit_answers_429_without_a_password_check(client: FlaskClient, make_user: Callable[..., str],
                                                            checks: list[str | None]) -> None:
    email = make_user("anna@example.org")
    for n in range(10):  # the same account however it is typed
        response = attempt(client, " Anna@Example.ORG " if n % 2 else email, f"wrong password number {n}")
        assert response.status_code == 400
    assert len(checks) == 10
    blocked = attempt(client, email, PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert 840 <= int(blocked.headers["Retry-After"]) <= 900
    page = blocked.get_data(as_text=True)
    assert TOO_MANY in page and 'role="alert"' in page and 'name="password"' in page and "Logga in" in page
    assert len(checks) == 10  # no argon2 for the blocked attempt
    assert client.get("/meetings").status_code == 302
    other = make_user("bo@example.org")
    assert attempt(client, other, PASSWORD).status_code == 302  # another account is not blocked


def test_unknown_accounts_are_limited_alike(client: FlaskClient, checks: list[str | None]) -> None:
    statuses = [attempt(client, "nobody@example.org", "whatever it is").status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    assert len(checks) == 10


def test_a_login_clears_the_account_counter(client: FlaskClient, make_user: Callable[..., str],
                                            app: Flask) -> None:
    email = make_user("anna@example.org")
    assert [attempt(client, email, "not it").status_code for _ in range(9)] == [400] * 9
    assert attempt(client, email, PASSWORD).status_code == 302
    fresh = app.test_client()
    assert [attempt(fresh, email, "not it").status_code for _ in range(11)] == [400] * 10 + [429]


def test_ip_limit_covers_every_account_and_other_addresses_go_on(client: FlaskClient,
                                                                 make_user: Callable[..., str],
                                                                 checks: list[str | None]) -> None:
    email = make_user("anna@example.org")
    for n in range(30):
        assert attempt(client, f"guess{n}@example.org", "not it", ip="192.0.2.7").status_code == 400
    assert attempt(client, email, PASSWORD, ip="192.0.2.7").status_code == 429
    assert len(checks) == 30
    assert attempt(client, email, PASSWORD, ip="192.0.2.8").status_code == 302


def test_counters_keep_no_email_or_address_and_logs_name_neither(client: FlaskClient,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        for _ in range(11):
            attempt(client, "secret.person@example.org", "not it", ip="198.51.100.23")
    keys = [str(k) for k in limiter.storage.storage]  # type: ignore[attr-defined]
    login_keys = [k for k in keys if "login-" in k]
    assert any("login-account" in k for k in login_keys) and any("login-ip" in k for k in login_keys)
    assert not any("secret" in k or "198.51.100.23" in k for k in keys)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "over LOGIN_RATE_LIMIT_ACCOUNT" in text
    assert "secret" not in text and "198.51.100.23" not in text


def test_limits_come_from_settings(app_with: Callable[..., Flask]) -> None:
    app = app_with(LOGIN_RATE_LIMIT_ACCOUNT="2 per hour", LOGIN_RATE_LIMIT_IP="1000 per hour")
    client = app.test_client()
    statuses = [attempt(client, "x@example.org", "not it").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert "Vänta 60 min" in attempt(client, "x@example.org", "not it").get_data(as_text=True)


@pytest.mark.parametrize("name", ["LOGIN_RATE_LIMIT_ACCOUNT", "LOGIN_RATE_LIMIT_IP"])
def test_bad_login_limit_setting_is_one_line(app_with: Callable[..., Flask], name: str) -> None:
    with pytest.raises(ConfigError, match=f"^{name} 'lots' is not a rate limit"):
        app_with(**{name: "lots"})
