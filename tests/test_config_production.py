"""Production mode refuses to start without its secrets or on http; development says loudly what it is;
cookies are https-only in production."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import create_app
from bot.config import DEVELOPMENT_WARNING, ConfigError, settings_from_env
from tests.support.production import production_env

PRODUCTION = production_env()


def test_production_with_everything_starts_secure_and_makes_nothing_up(tmp_path: Path) -> None:
    settings = settings_from_env(PRODUCTION, tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is settings["REMEMBER_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True and settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["HJULSAMTAL_DATA_KEYS"] == PRODUCTION["HJULSAMTAL_DATA_KEYS"]
    assert settings["TWILIO_AUTH_TOKEN"] == PRODUCTION["TWILIO_AUTH_TOKEN"]
    assert list(tmp_path.iterdir()) == []  # no development secret or key file written


@pytest.mark.parametrize("missing", ["SECRET_KEY", "TWILIO_AUTH_TOKEN", "HJULSAMTAL_DATA_KEYS",
                                     "HJULSAMTAL_INDEX_KEY", "PUBLIC_BASE_URL"])
def test_production_names_what_is_missing(tmp_path: Path, missing: str) -> None:
    env = {**PRODUCTION, missing: ""}
    with pytest.raises(ConfigError) as caught:
        settings_from_env(env, tmp_path)
    assert str(caught.value) == f"production mode needs {missing} (missing)"
    assert list(tmp_path.iterdir()) == []


def test_production_lists_every_missing_setting_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env({"HJULSAMTAL_ENV": "production"}, tmp_path)
    assert str(caught.value) == ("production mode needs SECRET_KEY, TWILIO_AUTH_TOKEN, HJULSAMTAL_DATA_KEYS, "
                                 "HJULSAMTAL_INDEX_KEY, PUBLIC_BASE_URL (missing)")


@pytest.mark.parametrize("url", ["http://hjul.example.se", "hjul.example.se", "https://", "ftp://hjul.example.se"])
def test_production_needs_https(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL on https"):
        settings_from_env({**PRODUCTION, "PUBLIC_BASE_URL": url}, tmp_path)


@pytest.mark.parametrize(("change", "message"), [
    ({"HJULSAMTAL_DATA_KEYS": "nonsense"}, "key 1 is not a Fernet key"),
    ({"HJULSAMTAL_INDEX_KEY": "short"}, "at least 32 characters"),
    ({"HJULSAMTAL_ENV": "prod"}, "HJULSAMTAL_ENV must be one of development, production"),
])
def test_bad_keys_or_mode_are_named(tmp_path: Path, change: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_env({**PRODUCTION, **change}, tmp_path)


def test_development_makes_keys_once_and_cookies_work_over_http(tmp_path: Path) -> None:
    first, again = settings_from_env({}, tmp_path), settings_from_env({}, tmp_path)
    assert first["HJULSAMTAL_ENV"] == "development" and first["SESSION_COOKIE_SECURE"] is False
    for name in ("HJULSAMTAL_DATA_KEYS", "HJULSAMTAL_INDEX_KEY"):
        assert first[name] == again[name]
    for name in ("data_keys", "index_key"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0


def test_development_says_so_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(tmp_path))
    with caplog.at_level(logging.WARNING):
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"})
    app.extensions["hjulsamtal"].db_engine.dispose()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [DEVELOPMENT_WARNING]
    assert DEVELOPMENT_WARNING.startswith("DEVELOPMENT MODE")


def test_production_app_is_quiet_and_command_line_refuses_in_one_line(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(tmp_path))
    with caplog.at_level(logging.WARNING):
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    app.extensions["hjulsamtal"].db_engine.dispose()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    env = {**os.environ, **PRODUCTION, "PUBLIC_BASE_URL": "http://hjul.example.se",
           "HJULSAMTAL_INSTANCE": str(tmp_path)}
    done = subprocess.run([str(Path(sys.executable).with_name("hjulsamtal")), "db", "upgrade"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: production mode needs PUBLIC_BASE_URL on https (e.g. https://hjul.example.se)"]


@pytest.mark.parametrize("missing", ["SMTP_URL", "MAIL_FROM"])
def test_production_refuses_without_a_mail_server(tmp_path: Path, missing: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_env({**PRODUCTION, missing: ""}, tmp_path)
    assert str(caught.value) == "production mode needs SMTP_URL and MAIL_FROM (concerns are e-mailed to staff)"


@pytest.mark.parametrize(("url", "port", "user"), [
    ("smtp://127.0.0.1:2525", 2525, None), ("smtp+starttls://u%40flen.se:p%3Ass@smtp.flen.se:587", 587, "u@flen.se"),
    ("smtps://u:p@smtp.flen.se", 465, "u"), ("smtp://relay", 25, None)])
def test_smtp_urls_of_the_three_kinds(tmp_path: Path, url: str, port: int, user: str | None) -> None:
    from bot.services.smtp import SmtpMailer
    mail = settings_from_env({"SMTP_URL": url, "MAIL_FROM": "hjul@flen.se"}, tmp_path)["MAIL"]
    mailer = SmtpMailer(mail.smtp_url, mail.sender)
    assert (mailer.port, mailer.user, mail.sender) == (port, user, "hjul@flen.se")


@pytest.mark.parametrize(("change", "message"), [
    ({"SMTP_URL": "http://smtp.flen.se"}, "SMTP_URL must look like smtp://host:port"),
    ({"SMTP_URL": "smtp://"}, "SMTP_URL must look like"),
    ({"SMTP_URL": "smtp://host:port"}, "SMTP_URL must look like"),
    ({"MAIL_FROM": "hjulsamtal"}, "MAIL_FROM must be one e-mail address"),
    ({"CONCERN_ESCALATE_MINUTES": "soon"}, "CONCERN_ESCALATE_MINUTES must be a whole number"),
])
def test_bad_mail_settings_are_named_in_one_line(tmp_path: Path, change: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_env(change, tmp_path)


def test_development_without_smtp_uses_the_console_and_escalates_after_an_hour(tmp_path: Path) -> None:
    mail = settings_from_env({}, tmp_path)["MAIL"]
    assert mail.smtp_url is None and mail.escalate_minutes == 60
    assert settings_from_env({"CONCERN_ESCALATE_MINUTES": "15"}, tmp_path)["MAIL"].escalate_minutes == 15
