"""`hjulsamtal post-sms` against a real server on loopback: it finds the server on $PORT, shows each reply
as one SMS with its length, encoding and segments (a multi-line SMS stays one), and a 403 says which token."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from bot.app import main
from bot.conversation import Reply
from bot.services.runtime import Runtime
from bot.store.models import Message
from bot.texts.segments import sms_cost
from tests.support.common import AUTH_TOKEN, PHONES


@pytest.fixture
def port(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The test app served on a free loopback port, which is also $PORT; TWILIO_AUTH_TOKEN is its token."""
    app.config["PUBLIC_BASE_URL"] = None  # sign the URL actually called, as without a proxy
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PORT", str(server.server_port))
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    yield server.server_port
    server.shutdown()


def post(*args: str) -> Result:
    """`hjulsamtal post-sms ARGS` as a newcomer runs it: no app of its own."""
    return CliRunner().invoke(main, ["post-sms", *args])


def test_uses_port_and_shows_one_block_per_sms(port: int, rt: Runtime, invited: Callable[..., str]) -> None:
    invited(phone=PHONES[2])
    started = post("hej", "--from", PHONES[2])
    assert started.exit_code == 0, started.output
    assert "Vill du börja? Svara JA." in started.stdout
    assert started.stdout.splitlines()[0].endswith("characters, GSM-7, 2 segments]")  # the consent: 2 segments
    result = post("språk", "--from", PHONES[2])  # the language menu: one SMS of many lines
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line.startswith("[SMS ")]
    assert len(headers) == 1 and len(lines) > 3, result.stdout
    menu = "\n".join(line.removeprefix("< ") for line in lines[1:])
    cost = sms_cost(menu)
    assert cost.encoding == "UCS-2" and cost.segments == 2
    assert lines[0] == f"[SMS 1 of 1: {len(menu)} characters, UCS-2, 2 segments]"
    assert menu.startswith(rt.texts.render(Reply("common.language_menu", {"lines": ""}), "sv").strip())


def test_to_is_signed_and_sent(port: int, rt: Runtime, invited: Callable[..., str]) -> None:
    invited(phone=PHONES[3])
    result = post("hej", "--from", PHONES[3], "--to", "+46701740699")
    assert result.exit_code == 0, result.output
    with rt.db() as s:
        assert s.scalars(select(Message).where(Message.direction == "in")).all() != []


def test_403_names_the_token(port: int, rt: Runtime, invited: Callable[..., str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    invited(phone=PHONES[4])
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "not-the-servers-token")
    result = post("hej", "--from", PHONES[4])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the server refused the signature (403)")
    assert "TWILIO_AUTH_TOKEN" in lines[0]
    with rt.db() as s:
        assert s.scalars(select(Message).where(Message.direction == "in")).all() == []


def test_without_token_or_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    assert post("hej", "--from", PHONES[5]).output.startswith("Error: set TWILIO_AUTH_TOKEN")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("PORT", "1")  # nothing listens there
    result = post("hej", "--from", PHONES[5])
    assert result.exit_code == 1 and "http://127.0.0.1:1/sms failed" in result.output
