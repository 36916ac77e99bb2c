"""`hjulsamtal access --phone`: a request for access gets everything stored about the number, and
nothing about anyone else."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskCliRunner

from bot.app import main
from tests.support.common import PHONES
from tests.support.security import COMMENT, FOLLOWUP, MATTERS_MOST, Talk


def test_access_report_holds_everything_about_the_number(runner: FlaskCliRunner, secret_talk: Talk,
                                                         invited: Any, send_sms: Any) -> None:
    invited(PHONES[30])
    send_sms(PHONES[30], "hej från någon annan Qqqxz")
    result = runner.invoke(main, args=["access", "--phone", "070-174 06 12"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "hjulsamtal.access.v1" and report["phone"] == secret_talk.phone
    [found] = report["participants"]
    assert found["phone"] == secret_talk.phone and found["meeting"]["org"] == "flen"
    areas = found["participant"]["areas"]
    assert areas["safe"]["comment"] == COMMENT and areas["healthy"]["followup"] == FOLLOWUP
    assert found["participant"]["matters_most"] == MATTERS_MOST
    inbound = [m["body"] for m in found["messages"] if m["direction"] == "in"]
    assert inbound[0] == "hej" and inbound[-1] == "ja" and len(inbound) == 14
    assert found["messages"][0]["direction"] == "out"  # the invitation
    assert "Qqqxz" not in result.stdout and PHONES[30] not in result.stdout


def test_access_for_an_unknown_or_bad_number(runner: FlaskCliRunner) -> None:
    result = runner.invoke(main, args=["access", "--phone", PHONES[31]])
    assert result.exit_code == 0 and json.loads(result.stdout)["participants"] == []
    bad = runner.invoke(main, args=["access", "--phone", "12"])
    assert bad.exit_code == 1 and bad.stderr.strip().splitlines() == ["Error: not a valid phone number: '12'"]
