"""Sessions end on the server: logout, a new password and removal refuse every cookie issued before (a copy
included); a busy session still ends after STAFF_SESSION_MAX_HOURS; the address a login is bound to is the one
the app trusts (TRUSTED_PROXIES hops of X-Forwarded-For, none by default), never a header the client sends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.config import ConfigError, settings_from_env
from tests.support.staff import PASSWORD, log_in, post_form


def copy_of(client: FlaskClient, app: Flask, **environ: str) -> FlaskClient:
    """Another browser with a copy of `client`'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = app.test_client()
    other.environ_base.update(environ)
    other.set_cookie("session", cookie.value)
    return other


def logged_in(client: FlaskClient) -> bool:
    return bool(client.get("/meetings").status_code == 200)


def test_a_copied_cookie_is_refused_after_logout(staff: FlaskClient, app: Flask) -> None:
    thief = copy_of(staff, app)
    assert logged_in(thief)
    assert post_form(staff, "/meetings", "/logout", {}).status_code == 302
    assert not logged_in(thief) and not logged_in(staff)


def test_logout_ends_the_users_other_sessions(app: Flask, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    laptop, phone = app.test_client(), app.test_client()
    assert log_in(laptop, email).status_code == log_in(phone, email).status_code == 302
    post_form(laptop, "/meetings", "/logout", {})
    assert not logged_in(phone)
    assert log_in(phone, email).status_code == 302 and logged_in(phone)  # a new login works


def test_a_new_password_ends_every_session(app: Flask, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    client = app.test_client()
    log_in(client, email)
    new = "ett helt nytt lösenord för Anna"
    done = app.test_cli_runner().invoke(args=["users", "password", email, "--password-stdin"], input=new + "\n")
    assert done.exit_code == 0, done.output
    assert not logged_in(client)
    assert log_in(client, email).status_code == 400  # the old password no longer works ...
    assert log_in(client, email, new).status_code == 302 and logged_in(client)  # ... the new one does


def test_a_new_password_must_pass_the_policy(app: Flask, make_user: Callable[..., str]) -> None:
    email = make_user("anna@example.org")
    done = app.test_cli_runner().invoke(args=["users", "password", email, "--password-stdin"], input="kort\n")
    assert done.exit_code == 1 and "at least 12 characters" in done.output
    assert log_in(app.test_client(), email, PASSWORD).status_code == 302  # unchanged
    unknown = app.test_cli_runner().invoke(args=["users", "password", "x@example.org", "--password-stdin"])
    assert unknown.exit_code == 1 and "unknown user" in unknown.output


def test_removal_ends_the_users_sessions(login: Callable[..., FlaskClient], app: Flask) -> None:
    admin, staff = login("flen", "admin"), login("flen", "staff")
    page = admin.get("/admin/users").get_data(as_text=True)
    user_id = page.split('/admin/users/')[-1].split("/deactivate")[0]
    assert post_form(admin, "/admin/users", f"/admin/users/{user_id}/deactivate", {}).status_code == 302
    assert logged_in(admin) and not logged_in(staff)


def test_a_busy_session_still_ends_after_the_maximum_lifetime(staff: FlaskClient,
                                                              clock: dict[str, dt.datetime]) -> None:
    start = clock["now"]
    for minutes in range(25, 10 * 60, 25):  # used every 25 minutes: never idle
        clock["now"] = start + dt.timedelta(minutes=minutes)
        assert logged_in(staff), minutes
    clock["now"] = start + dt.timedelta(hours=10, minutes=1)
    response = staff.get("/meetings")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_forwarded_for_header_does_not_fake_the_bound_address(staff: FlaskClient, app: Flask) -> None:
    # The victim logged in from 127.0.0.1; the thief, elsewhere, claims that address in a header.
    thief = copy_of(staff, app, REMOTE_ADDR="203.0.113.5")
    assert thief.get("/meetings", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 302
    assert logged_in(copy_of(staff, app))


def test_behind_a_trusted_proxy_the_forwarded_address_is_bound(app_with: Callable[..., Flask],
                                                               make_user: Callable[..., str]) -> None:
    app = app_with(TRUSTED_PROXIES=1)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    victim = app.test_client()
    victim.environ_base.update(proxy)
    email = make_user("anna@example.org")
    victim.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.7"
    assert log_in(victim, email).status_code == 302 and logged_in(victim)
    thief = copy_of(victim, app, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert not logged_in(thief)
    same = copy_of(victim, app, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert logged_in(same)


@pytest.mark.parametrize(("raw", "hops"), [("", 0), ("0", 0), ("2", 2)])
def test_trusted_proxies_setting(tmp_path: Path, raw: str, hops: int) -> None:
    assert settings_from_env({"TRUSTED_PROXIES": raw}, tmp_path)["TRUSTED_PROXIES"] == hops


@pytest.mark.parametrize("raw", ["-1", "yes", "1.5"])
def test_a_bad_trusted_proxies_setting_is_named(tmp_path: Path, raw: str) -> None:
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES must be a whole number"):
        settings_from_env({"TRUSTED_PROXIES": raw}, tmp_path)
