"""The `hjulsamtal` command: a Flask CLI group around create_app.

Rule: bad arguments give a one-line error and a non-zero exit and change nothing; ids are printed as
the last line of stdout so scripts can capture them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import click
from flask import current_app
from flask.cli import FlaskGroup
from twilio.request_validator import RequestValidator

from .app import create_app
from .db import upgrade
from .engine import FlowError, Text
from .export import export_meeting
from .inbound import InboundSms, handle_inbound
from .meetings import ROLES, InputError, create_meeting, create_org, invite
from .models import Conversation, Participant
from .outbound import send_queued
from .phones import PhoneError, normalise_mobile
from .runtime import Runtime, load_texts_and_engine, runtime
from .textcheck import check, report

main = FlaskGroup(create_app=create_app, help="Hjulsamtal: the wellbeing wheel by SMS.")
FLASK_DEFAULTS = ("run", "shell", "routes")


def register_commands(app: Any) -> None:
    """Make the commands reachable through `app.cli` too (`flask --app bot`, test runners)."""
    for name, command in main.commands.items():
        if name not in FLASK_DEFAULTS:
            app.cli.add_command(command)


def _date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.ClickException(f"bad date {value!r}: use YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.ClickException(f"bad date {value!r}: {exc}") from None


def _time(value: str | None) -> dt.time | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{2}:\d{2}", value):
        raise click.ClickException(f"bad time {value!r}: use HH:MM")
    try:
        return dt.time.fromisoformat(value)
    except ValueError as exc:
        raise click.ClickException(f"bad time {value!r}: {exc}") from None


def _in_transaction(work: Callable[[Any, Runtime], Any]) -> Any:
    """Run work(session, runtime) in one transaction; staff input errors become one-line CLI errors."""
    rt = runtime()
    try:
        with rt.db.begin() as s:
            return work(s, rt)
    except (InputError, PhoneError) as exc:
        raise click.ClickException(str(exc)) from None


@main.group()
def orgs() -> None:
    """Organisations (the municipalities and the region)."""


@orgs.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Short name used in invitations, e.g. 'Flens kommun'.")
def orgs_create(slug: str, name: str) -> None:
    """Create an organisation."""
    org = _in_transaction(lambda s, rt: create_org(s, slug, name, rt.clock()))
    click.echo(org.slug)


@main.group()
def meetings() -> None:
    """Meetings."""


@meetings.command("create")
@click.option("--org", "org_slug", required=True)
@click.option("--date", "date_text", required=True, help="YYYY-MM-DD")
@click.option("--time", "time_text", help="HH:MM")
def meetings_create(org_slug: str, date_text: str, time_text: str | None) -> None:
    """Create a meeting; prints its id last."""
    date, time = _date(date_text), _time(time_text)
    meeting = _in_transaction(lambda s, rt: create_meeting(s, org_slug, date, time, rt.today(), rt.clock()))
    click.echo(meeting.id)


@main.command("invite")
@click.argument("meeting_id")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--phone", required=True, help="Mobile number, e.g. 070-174 06 05 or +46701740605.")
@click.option("--lang", required=True, help="Language code, e.g. sv.")
def invite_command(meeting_id: str, role: str, phone: str, lang: str) -> None:
    """Invite a participant and send the invitation SMS; prints the participant id last."""
    def work(s: Any, rt: Runtime) -> Participant:
        return invite(s, rt, meeting_id, role, normalise_mobile(phone), lang, rt.clock())

    participant = _in_transaction(work)
    rt = runtime()
    send_queued(rt.db, rt.transport)
    click.echo(participant.id)


@main.command("export")
@click.argument("meeting_id")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export_command(meeting_id: str, fmt: str) -> None:
    """Print a meeting's answers (schema hjulsamtal.meeting.v1)."""
    rt = runtime()
    with rt.db() as s:
        document = export_meeting(s, meeting_id, rt.engine.wheel.areas)
    if document is None:
        raise click.ClickException(f"unknown meeting {meeting_id!r}")
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@main.command("chat")
@click.option("--role", type=click.Choice(ROLES), default="youth", show_default=True)
@click.option("--lang", default="sv", show_default=True)
@click.option("--participant", "participant_id", help="Play this invited participant: answers are stored.")
def chat_command(role: str, lang: str, participant_id: str | None) -> None:
    """Play a participant in the terminal: same engine and texts as SMS. Ctrl-D ends."""
    rt = runtime()
    if lang not in rt.texts.languages:
        raise click.ClickException(f"unknown language {lang!r}; choose one of {', '.join(rt.texts.languages)}")
    if participant_id:
        _chat_stored(rt, participant_id)
        return
    step = rt.engine.begin(role, lang, org="Hjulsamtal", date=rt.today() + dt.timedelta(days=7))
    _show([rt.texts.render(r, lang) for r in step.replies])
    conv = step.conversation
    while not rt.engine.flows[role].states[conv.state].final:
        line = _read()
        if line is None:
            break
        step = rt.engine.step(conv, Text(line, rt.today()))
        conv = step.conversation
        _show([rt.texts.render(r, conv.lang) for r in step.replies])
    click.echo(f"[simulator: nothing was sent or stored; state {conv.state}]")


def _chat_stored(rt: Runtime, participant_id: str) -> None:
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        if participant is None or participant.conversation is None:
            raise click.ClickException(f"unknown participant {participant_id!r}")
        phone = participant.phone
    click.echo("[playing an invited participant: answers are stored as if sent by SMS]")
    while True:
        line = _read()
        if line is None:
            break
        _show(handle_inbound(rt, InboundSms(sid=f"CHAT{uuid.uuid4().hex}", phone=phone, body=line)))
        with rt.db() as s:
            conv = s.get(Participant, participant_id).conversation  # type: ignore[union-attr]
            if isinstance(conv, Conversation) and conv.open_phone is None:
                click.echo(f"[conversation {conv.status}]")
                break


def _read() -> str | None:
    try:
        return str(click.prompt(">", prompt_suffix=" ", default="", show_default=False))
    except (EOFError, click.Abort):
        return None


def _show(bodies: list[str]) -> None:
    for body in bodies:
        click.echo("\n".join("< " + line for line in body.splitlines()))


@main.command("post-sms")
@click.argument("body")
@click.option("--from", "phone", required=True, help="The participant's number, E.164.")
@click.option("--url", default="http://127.0.0.1:5000/sms", show_default=True)
def post_sms_command(body: str, phone: str, url: str) -> None:
    """Play Twilio: POST a signed inbound SMS to a running server and print the replies."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if not os.environ.get("TWILIO_AUTH_TOKEN"):
        raise click.ClickException("set TWILIO_AUTH_TOKEN to the value the server uses")
    sid = f"SM{uuid.uuid4().hex}"
    fields = {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
              "To": "+46700000000", "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01"}
    signature = RequestValidator(token).compute_signature(url, fields)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            xml = response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise click.ClickException(f"POST {url} failed: {exc}") from None
    _show([m.text or "" for m in ElementTree.fromstring(xml).iter("Message")])


@click.group()
def flows() -> None:
    """Validate and measure the flows and their texts."""


@flows.command("check")
def flows_check() -> None:
    """Validate flows and locales; exit 1 on any problem."""
    try:
        texts, engine = load_texts_and_engine()
    except FlowError as exc:
        problems = exc.problems
    else:
        problems = check(texts, engine)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"ok: {len(engine.flows)} flows, {len(texts.languages)} languages")


@flows.command("report")
@click.option("--lang", help="Only this language.")
def flows_report(lang: str | None) -> None:
    """Each message per language: characters, encoding, segments, LIX, and budget breaches."""
    texts, engine = load_texts_and_engine()
    click.echo(f"{'lang':4} {'key':32} {'chars':>5} {'enc':6} {'seg':>3} {'LIX':>5}  budget")
    breaches = 0
    for row in report(texts, engine):
        if lang and row.lang != lang:
            continue
        problems = row.problems()
        breaches += bool(problems)
        verdict = "OVER" if problems else ("ok" if row.lang == "sv" else "-")
        click.echo(f"{row.lang:4} {row.key:32} {row.chars:5} {row.encoding:6} {row.segments:3} "
                   f"{row.lix:5.1f}  {verdict}")
    click.echo(f"{breaches} over budget")


main.add_command(flows)


@main.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations."""
    upgrade(runtime().db_engine)
    click.echo("database is up to date")


@main.command("serve")
def serve_command() -> None:
    """Apply migrations and serve the app with gunicorn on 127.0.0.1:$PORT (default 5000)."""
    from gunicorn.app.base import BaseApplication

    rt = runtime()
    upgrade(rt.db_engine)
    bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    transport = type(rt.transport).__name__
    click.echo(f"Hjulsamtal on http://{bind}  (SMS transport: {transport})", err=True)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", bind)
            self.cfg.set("workers", int(os.environ.get("WEB_CONCURRENCY", "2")))
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return create_app()

    Server().run()
