"""The `hjulsamtal` command: ids printed last, one-line errors that change nothing, the flows tools.

`app.test_cli_runner().invoke(args=...)` would run the app's own (empty) `flask` group, so every call goes
through `bot.cli.main`; the runner still hands it the test app (pinned clock, console transport).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from bot.app import main
from bot.cli.flows import flows
from bot.conversation import Reply, engine_keys
from bot.services.inbound import InboundSms, handle_inbound
from bot.services.runtime import Runtime, load_texts_and_engine
from bot.store.models import Answer, Conversation, Meeting, Message, Organisation, Participant
from bot.texts.bilingual import LEGEND_KEY
from bot.texts.check import EDGE_KEYS
from tests.support.common import MEETING_DATE, NOW, PHONES

AREAS = ["safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included"]
# A whole youth conversation: start, consent, safe 1 (a concern: the questions pause until JA) + follow-up,
# healthy 4 with a comment, six more ratings, what matters most, confirm the read-back.
ANSWERS = ["hej", "ja", "1", "ja", "det är jobbigt hemma", "4 bra kompisar", *["3"] * 6, "att bli lyssnad på", "2",
           "ja"]
ALL_FIVES = ["hej", "ja", *["5"] * 8, "fotboll", "1", "ja"]


def cli(runner: FlaskCliRunner, *args: str, input: str | None = None) -> Result:
    """Run `hjulsamtal ARGS` inside the test app."""
    return runner.invoke(main, args=list(args), input=input)


def ok(result: Result) -> str:
    """The last line of stdout of a successful command (where ids go)."""
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.exc_info
    return result.stdout.strip().splitlines()[-1]


def assert_one_line_error(result: Result, *, usage: bool = False) -> str:
    """A non-zero exit, no traceback and exactly one error line (Click's usage lines allowed before it)."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exc_info  # nothing escaped unhandled
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    if not usage:
        assert lines == errors, result.stderr
    return errors[0]


def count(rt: Runtime, model: Any) -> int:
    with rt.db() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def counts(rt: Runtime) -> dict[str, int]:
    models = (Organisation, Meeting, Participant, Conversation, Message, Answer)
    return {m.__name__: count(rt, m) for m in models}


@pytest.fixture
def org(runner: FlaskCliRunner) -> str:
    assert ok(cli(runner, "orgs", "create", "flen", "--name", "Flens kommun")) == "flen"
    return "flen"


@pytest.fixture
def meeting(runner: FlaskCliRunner, org: str) -> str:
    return ok(cli(runner, "meetings", "create", "--org", org, "--date", "2026-12-10", "--time", "13:00"))


def invite_cli(runner: FlaskCliRunner, meeting_id: str, phone: str = "070-174 06 05", role: str = "youth",
               lang: str = "sv") -> Result:
    return cli(runner, "invite", meeting_id, "--role", role, "--phone", phone, "--lang", lang)


def export(runner: FlaskCliRunner, meeting_id: str) -> dict[str, Any]:
    result = cli(runner, "export", meeting_id, "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --- orgs ---------------------------------------------------------------------------------------------

def test_orgs_create(rt: Runtime, org: str) -> None:
    with rt.db() as s:
        row = s.scalars(select(Organisation)).one()
    assert (row.slug, row.name) == ("flen", "Flens kommun")


@pytest.mark.parametrize(("slug", "name", "message"), [
    ("flen", "Flen igen", "already exists"),
    ("Flen!", "Flens kommun", "slug"),
    ("f", "Flens kommun", "slug"),
    ("katrineholm", "Katrineholms kommun Sörml", "name"),  # 25 characters
    ("flen2", "Flens kommun ✓", "name"),  # not GSM-7
    ("flen2\n", "Flens kommun", "slug"),  # '$' would match before a trailing newline
    ("flen3", "Hjul" + "€" * 11, "name"),  # 15 characters, but 26 SMS units
])
def test_orgs_create_refuses(runner: FlaskCliRunner, rt: Runtime, org: str, slug: str, name: str,
                             message: str) -> None:
    error = assert_one_line_error(cli(runner, "orgs", "create", slug, "--name", name))
    assert message in error
    with rt.db() as s:
        assert s.scalars(select(Organisation.slug)).all() == ["flen"]


def test_orgs_name_of_24_characters_fits(runner: FlaskCliRunner, rt: Runtime) -> None:
    name = "Katrineholms kommun Sörm"
    assert len(name) == 24
    assert ok(cli(runner, "orgs", "create", "katrineholm", "--name", name)) == "katrineholm"


# --- meetings -----------------------------------------------------------------------------------------

def test_meetings_create_prints_id_last(rt: Runtime, meeting: str) -> None:
    with rt.db() as s:
        row = s.get(Meeting, meeting)
        assert row is not None
        assert (row.org.slug, row.date, row.time) == ("flen", MEETING_DATE, dt.time(13, 0))


def test_meetings_create_today_without_time(runner: FlaskCliRunner, rt: Runtime, org: str) -> None:
    meeting_id = ok(cli(runner, "meetings", "create", "--org", org, "--date", "2026-11-23"))
    with rt.db() as s:
        row = s.get(Meeting, meeting_id)
        assert row is not None and (row.date, row.time) == (dt.date(2026, 11, 23), None)


@pytest.mark.parametrize(("args", "message"), [
    (["--org", "vingaker", "--date", "2026-12-10"], "unknown organisation"),
    (["--org", "flen", "--date", "2026-13-01"], "bad date"),
    (["--org", "flen", "--date", "10/12/2026"], "bad date"),
    (["--org", "flen", "--date", "2026-12-10", "--time", "25:00"], "bad time"),
    (["--org", "flen", "--date", "2026-12-10", "--time", "1pm"], "bad time"),
    (["--org", "flen", "--date", "2026-11-01"], "has passed"),
    (["--org", "flen", "--date", "2026-11-22"], "has passed"),
])
def test_meetings_create_refuses(runner: FlaskCliRunner, rt: Runtime, org: str, args: list[str],
                                 message: str) -> None:
    error = assert_one_line_error(cli(runner, "meetings", "create", *args))
    assert message in error
    assert count(rt, Meeting) == 0


# --- invite -------------------------------------------------------------------------------------------

def test_invite_normalises_queues_and_sends(runner: FlaskCliRunner, rt: Runtime, meeting: str) -> None:
    participant_id = ok(invite_cli(runner, meeting))
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        assert participant is not None
        assert (participant.phone, participant.role, participant.language, participant.meeting_id) == (
            PHONES[0], "youth", "sv", meeting)
        messages = s.scalars(select(Message)).all()
    expected = rt.texts.render(Reply("youth.invitation", {"org": "Flens kommun", "date": MEETING_DATE}), "sv")
    assert "Flens kommun" in expected and "10 december 2026" in expected
    assert [(m.direction, m.status, m.body) for m in messages] == [("out", "sent", expected)]
    assert messages[0].message_sid and messages[0].message_sid.startswith("console-")
    assert rt.transport.sent == [(PHONES[0], expected)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("overrides", "message", "usage"), [
    ({"phone": "12345"}, "phone number", False),
    ({"phone": "08-123 456 78"}, "not a mobile", False),
    ({"lang": "xx"}, "unknown language", False),
    ({"meeting_id": "00000000-0000-0000-0000-000000000000"}, "unknown meeting", False),
    ({"role": "child"}, "--role", True),
])
def test_invite_refuses(runner: FlaskCliRunner, rt: Runtime, meeting: str, overrides: dict[str, str],
                        message: str, usage: bool) -> None:
    before = counts(rt)
    error = assert_one_line_error(invite_cli(runner, **{"meeting_id": meeting, **overrides}), usage=usage)
    assert message in error
    assert counts(rt) == before and before["Participant"] == 0
    assert rt.transport.sent == []  # type: ignore[attr-defined]


def test_second_invitation_to_an_open_conversation_is_refused(runner: FlaskCliRunner, rt: Runtime,
                                                               meeting: str) -> None:
    ok(invite_cli(runner, meeting))
    before = counts(rt)
    error = assert_one_line_error(invite_cli(runner, meeting, phone="+46701740605", role="guardian"))
    assert "conversation in progress" in error
    assert counts(rt) == before
    assert len(rt.transport.sent) == 1  # type: ignore[attr-defined]


# --- export -------------------------------------------------------------------------------------------

def test_export_before_and_after_answering(runner: FlaskCliRunner, rt: Runtime, meeting: str) -> None:
    participant_id = ok(invite_cli(runner, meeting))
    document = export(runner, meeting)
    assert document["schema"] == "hjulsamtal.meeting.v1"
    assert document["meeting"] == {"id": meeting, "org": "flen", "date": "2026-12-10"}
    [before] = document["participants"]
    assert (before["id"], before["role"], before["language"], before["status"]) == (
        participant_id, "youth", "sv", "invited")
    assert list(before["areas"]) == AREAS
    assert all(area == {"rating": None, "comment": None, "followup": None, "dont_know": False}
               for area in before["areas"].values())
    assert (before["matters_most"], before["concerns"], before["completed_at"]) == (None, [], None)
    assert before["sharing"] == "none"  # not chosen yet: the others at the meeting see nothing

    for n, body in enumerate(ANSWERS):
        assert handle_inbound(rt, InboundSms(f"SM{n:032d}", PHONES[0], body))

    [after] = export(runner, meeting)["participants"]
    areas = after["areas"]
    assert areas["safe"] == {"rating": 1, "comment": None, "followup": "det är jobbigt hemma", "dont_know": False}
    assert areas["healthy"] == {"rating": 4, "comment": "bra kompisar", "followup": None, "dont_know": False}
    assert [areas[a]["rating"] for a in AREAS[2:]] == [3] * 6
    assert (after["matters_most"], after["sharing"]) == ("att bli lyssnad på", "ratings")
    assert after["status"] == "completed"
    assert dt.datetime.fromisoformat(after["completed_at"]) == NOW
    assert {"area": "safe", "kind": "low_rating"} in after["concerns"]


def test_export_unknown_meeting(runner: FlaskCliRunner, org: str) -> None:
    error = assert_one_line_error(cli(runner, "export", "no-such-meeting"))
    assert "unknown meeting" in error


# --- chat ---------------------------------------------------------------------------------------------

def shown(rt: Runtime, key: str) -> str:
    """How the simulator shows a one-line Swedish text."""
    return "< " + rt.texts.render(Reply(key), "sv")


def test_chat_simulator_plays_the_flow_and_stores_nothing(runner: FlaskCliRunner, rt: Runtime) -> None:
    result = cli(runner, "chat", "--role", "youth", "--lang", "sv", input="\n".join(ALL_FIVES) + "\n")
    out = ok(result)
    assert out == "[simulator: nothing was sent or stored; state completed]"
    for key in ("youth.consent", "youth.thanks"):
        assert shown(rt, key) in result.stdout.splitlines(), key
    assert "Fråga 8 av 8. Delaktig:" in result.stdout
    assert "Viktigast: fotboll" in result.stdout
    assert all(n == 0 for n in counts(rt).values())
    assert rt.transport.sent == []  # type: ignore[attr-defined]


def test_chat_unknown_language(runner: FlaskCliRunner, rt: Runtime) -> None:
    error = assert_one_line_error(cli(runner, "chat", "--lang", "xx", input="hej\n"))
    assert "unknown language 'xx'" in error


def test_chat_unknown_participant(runner: FlaskCliRunner, rt: Runtime) -> None:
    error = assert_one_line_error(cli(runner, "chat", "--participant", "nobody", input="hej\n"))
    assert "unknown participant" in error


def test_chat_as_invited_participant_stores_answers(runner: FlaskCliRunner, rt: Runtime, meeting: str) -> None:
    participant_id = ok(invite_cli(runner, meeting))
    result = cli(runner, "chat", "--participant", participant_id, input="\n".join(ALL_FIVES) + "\n")
    assert ok(result) == "[conversation completed]"
    assert shown(rt, "youth.thanks") in result.stdout.splitlines()
    with rt.db() as s:
        conv = s.scalars(select(Conversation)).one()
        assert (conv.participant_id, conv.status, conv.open_phone) == (participant_id, "completed", None)
        assert conv.matters_most == "fotboll"
        ratings = {a.area: a.rating for a in s.scalars(select(Answer))}
        inbound = s.scalars(select(Message.body).where(Message.direction == "in").order_by(Message.id)).all()
    assert ratings == dict.fromkeys(AREAS, 5)
    assert inbound == ALL_FIVES


def test_chat_as_ended_participant_leaves_a_newer_invitation_alone(runner: FlaskCliRunner, rt: Runtime,
                                                                   meeting: str) -> None:
    first = ok(invite_cli(runner, meeting))
    assert ok(cli(runner, "chat", "--participant", first, input="hej\nnej\n")) == "[conversation declined]"
    second = ok(invite_cli(runner, meeting, role="guardian"))  # allowed: the first conversation has ended
    error = assert_one_line_error(cli(runner, "chat", "--participant", first, input="hej\n"))
    assert "ended" in error
    with rt.db() as s:
        participant = s.get(Participant, second)
        assert participant is not None and participant.conversation is not None
        assert (participant.conversation.state, participant.conversation.status) == ("invited", "invited")


# --- the installed command ---------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["meetings", "create", "--org", "flen", "--date", "10/12/2026"],
    ["invite", "no-such-meeting", "--role", "youth", "--phone", "08-123 456 78", "--lang", "sv"],
    ["orgs", "create", "flen", "--name", "Flens kommun ✓"],
])
def test_installed_command_errors_without_traceback(tmp_path: Path, args: list[str]) -> None:
    """The real `hjulsamtal` process (CliRunner would hide a traceback): one line on stderr, exit 1."""
    env = {**os.environ, "HJULSAMTAL_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/h.db",
           "SECRET_KEY": "test-secret", "SMS_TRANSPORT": "console", "PYTHONIOENCODING": "utf-8"}
    command = Path(sys.executable).with_name("hjulsamtal")
    done = subprocess.run([str(command), *args], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("Error: "), done.stderr
    assert done.stdout == ""


# --- flows (no app needed) ----------------------------------------------------------------------------

def test_flows_check_ok() -> None:
    result = CliRunner().invoke(flows, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok")
    assert result.stderr == ""


def test_flows_report_every_swedish_message_within_budget() -> None:
    result = CliRunner().invoke(flows, ["report"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    texts, engine = load_texts_and_engine()
    sv_keys = {k for k in [*engine_keys(engine)["messages"], *EDGE_KEYS, LEGEND_KEY] if k in texts.catalogs["sv"]}
    assert {"youth.invitation", "youth.thanks", "guardian.consent", "common.unknown_number"} <= sv_keys
    verdicts = {parts[1]: parts[-1] for parts in map(str.split, lines[1:-1]) if parts[0] == "sv" and parts[2] != "|"}
    assert verdicts == dict.fromkeys(sv_keys, "ok")
    assert not any(line.split()[-1] == "OVER" for line in lines[1:-1])
    assert lines[-1] == "0 over budget"
