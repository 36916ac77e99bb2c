"""A newcomer's first commands: a clean `--help` and our `--version`, `meetings create --label` and
`--date +N`, and the password policy checked before the password is asked for a second time."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from bot.app import main
from bot.services.password_policy import CLI_MESSAGES
from bot.services.preparation import info_of
from bot.store.models import Meeting, User
from tests.support.common import NOW, rt_of
from tests.support.staff import PASSWORD

FLASK_NOISE = ("run ", "shell", "routes", "limiter", "--app", "--debug", "--env-file", "Flask")


def test_help_lists_our_commands_only() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    commands = result.stdout.split("Commands:")[1].split()
    assert {"serve", "chat", "post-sms", "meetings", "orgs", "users", "invite"} <= set(commands)
    for noise in FLASK_NOISE:
        assert noise not in result.stdout, noise


def test_installed_help_and_version_need_no_app(tmp_path: Path) -> None:
    """The real process: --help and --version print ours and build no app (no instance folder appears)."""
    env = {**os.environ, "HJULSAMTAL_INSTANCE": str(tmp_path / "instance")}
    command = str(Path(sys.executable).with_name("hjulsamtal"))
    shown = subprocess.run([command, "--version"], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert shown.stdout.strip() == f"hjulsamtal {version('hjulsamtal')}"
    assert "Flask" not in shown.stdout and "Python" not in shown.stdout
    helped = subprocess.run([command, "-h"], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert "serve" in helped.stdout and "limiter" not in helped.stdout
    assert not (tmp_path / "instance").exists()


# --- meetings create --label, --date +N ------------------------------------------------------------------

def _meeting(app: Flask, meeting_id: str) -> tuple[dt.date, str | None]:
    with rt_of(app).db() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        info = info_of(s, meeting)
        return meeting.date, info.label if info else None


def test_meetings_create_with_label_and_relative_date(runner: FlaskCliRunner, app: Flask,
                                                      orgs: dict[str, int]) -> None:
    result = runner.invoke(main, ["meetings", "create", "--org", "flen", "--date", "+7", "--time", "13:00",
                                  "--label", "  SIP skola, Flen "])
    assert result.exit_code == 0, result.output
    meeting_id = result.stdout.strip().splitlines()[-1]
    assert _meeting(app, meeting_id) == (NOW.date() + dt.timedelta(days=7), "SIP skola, Flen")
    plain = runner.invoke(main, ["meetings", "create", "--org", "flen", "--date", "+0"])
    assert plain.exit_code == 0, plain.output
    assert _meeting(app, plain.stdout.strip().splitlines()[-1]) == (NOW.date(), None)


@pytest.mark.parametrize(("args", "message"), [
    (["--label", "x"], "2 to 40 characters"),
    (["--label", "SIP " + "x" * 40], "2 to 40 characters"),
    (["--label", "SIP 20100101-1234"], "personal identity number"),
    (["--date", "-3"], "bad date"),
    (["--date", "+x"], "+N"),
])
def test_meetings_create_refuses_in_one_line(runner: FlaskCliRunner, app: Flask, orgs: dict[str, int],
                                             args: list[str], message: str) -> None:
    base = {"--org": "flen", "--date": "2026-12-10"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    result = runner.invoke(main, ["meetings", "create", *[x for pair in base.items() for x in pair]])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: ") and message in result.output
    with rt_of(app).db() as s:
        assert s.scalars(select(Meeting)).all() == []


# --- passwords: the policy before the confirmation -----------------------------------------------------

def test_short_password_refused_before_it_is_asked_again(runner: FlaskCliRunner, app: Flask,
                                                         orgs: dict[str, int]) -> None:
    result = runner.invoke(main, ["users", "create", "anna@flen.se", "--org", "flen"], input="kort\n")
    assert result.exit_code == 1
    assert "Repeat" not in result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {CLI_MESSAGES['too_short']}"
    with rt_of(app).db() as s:
        assert s.scalars(select(User)).all() == []


def test_passwords_that_differ_are_refused(runner: FlaskCliRunner, app: Flask, orgs: dict[str, int]) -> None:
    result = runner.invoke(main, ["users", "create", "anna@flen.se", "--org", "flen"],
                           input=f"{PASSWORD}\n{PASSWORD}!\n")
    assert result.exit_code == 1 and "Repeat for confirmation" in result.output
    assert result.output.strip().splitlines()[-1] == "Error: the two passwords differ; nothing was changed"
    ok = runner.invoke(main, ["users", "create", "anna@flen.se", "--org", "flen"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert ok.exit_code == 0, ok.output
    common = runner.invoke(main, ["users", "password", "anna@flen.se"], input="Password1234!\n")
    assert common.output.strip().splitlines()[-1] == f"Error: {CLI_MESSAGES['too_common']}"
    assert "Repeat" not in common.output
