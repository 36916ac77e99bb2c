"""Settings from the environment: transports, secrets, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import settings_from_env

TWILIO = {"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "t" * 32, "TWILIO_FROM_NUMBER": "+46766920000"}


def test_defaults_work_offline(tmp_path: Path) -> None:
    settings = settings_from_env({}, tmp_path)
    assert settings["SMS_TRANSPORT"] == "console"
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'hjulsamtal.db'}"
    assert settings["TZ_NAME"] == "Europe/Stockholm"
    # The development secret is made once and shared by every process; the auth token is random each start.
    again = settings_from_env({}, tmp_path)
    assert settings["SECRET_KEY"] == again["SECRET_KEY"] and len(settings["SECRET_KEY"]) == 64
    assert settings["TWILIO_AUTH_TOKEN"] != again["TWILIO_AUTH_TOKEN"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_twilio_is_chosen_when_credentials_are_complete(tmp_path: Path) -> None:
    assert settings_from_env(TWILIO, tmp_path)["SMS_TRANSPORT"] == "twilio"
    assert settings_from_env({**TWILIO, "SMS_TRANSPORT": "console"}, tmp_path)["SMS_TRANSPORT"] == "console"


@pytest.mark.parametrize(("env", "message"), [
    ({"SMS_TRANSPORT": "twilio"}, "needs TWILIO_ACCOUNT_SID"),
    ({**TWILIO, "TWILIO_FROM_NUMBER": "", "SMS_TRANSPORT": "twilio"}, "TWILIO_MESSAGING_SERVICE_SID"),
    ({"SMS_TRANSPORT": "carrier-pigeon"}, "must be one of twilio, console"),
])
def test_bad_transport_settings_fail_at_start(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings_from_env(env, tmp_path)


def test_command_line_reports_bad_settings_in_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SMS_TRANSPORT": "twilio", "HJULSAMTAL_INSTANCE": str(tmp_path)}
    for name in TWILIO:
        env.pop(name, None)
    done = subprocess.run([str(Path(sys.executable).with_name("hjulsamtal")), "db", "upgrade"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER or "
        "TWILIO_MESSAGING_SERVICE_SID"]
