"""Login limits per client: guessing one account from one client locks that client out, never the staff
member at another client; only guessing from many addresses locks the account for everyone, and then for at
most the LOGIN_RATE_LIMIT_ACCOUNT_ALL window (15 minutes); behind a trusted proxy each client counts apart
(TRUSTED_PROXIES), and without one a forged X-Forwarded-For changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import PASSWORD, csrf_token


def attempt(client: FlaskClient, email: str, password: str, **environ: str) -> Any:
    """One login through the form with `environ` (REMOTE_ADDR, HTTP_X_FORWARDED_FOR)."""
    token = csrf_token(client.get("/login", environ_base=environ).get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password},
                       environ_base=environ)


def test_a_guessing_client_does_not_lock_the_staff_member_out(client: FlaskClient, app: Flask,
                                                              make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    attacker = {"REMOTE_ADDR": "203.0.113.5"}
    assert [attempt(client, email, f"guess {n}", **attacker).status_code for n in range(10)] == [400] * 10
    assert attempt(client, email, PASSWORD, **attacker).status_code == 429  # the guessing client waits
    anna = app.test_client()
    assert attempt(anna, email, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_guessing_from_many_addresses_locks_the_account_for_one_window(client: FlaskClient, app: Flask,
                                                                       make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    for n in range(50):  # 10 addresses x 5 guesses: under every per-client limit
        assert attempt(client, email, "guess", REMOTE_ADDR=f"203.0.113.{n // 5 + 1}").status_code == 400
    blocked = attempt(app.test_client(), email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["Retry-After"]) <= 15 * 60
    other = make_user("bo@example.org")
    assert attempt(app.test_client(), other, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(client: FlaskClient,
                                                                  make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    for n in range(30):
        forged = {"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert attempt(client, f"guess{n}@example.org", "not it", **forged).status_code == 400
    forged = {"REMOTE_ADDR": "192.0.2.7", "HTTP_X_FORWARDED_FOR": "198.51.100.200"}
    assert attempt(client, email, PASSWORD, **forged).status_code == 429


def test_behind_a_trusted_proxy_each_client_counts_apart(app_with: Callable[..., Flask],
                                                         make_user: Callable[..., str]) -> None:
    app = app_with(TRUSTED_PROXIES=1)
    email = make_user("anna@example.org")
    client = app.test_client()
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(30):  # one client spends its whole address budget
        response = attempt(client, f"guess{n}@example.org", "not it", **via_proxy,
                           HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert response.status_code == 400
    assert attempt(client, email, PASSWORD, **via_proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    anna = app.test_client()
    assert attempt(anna, email, PASSWORD, **via_proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
