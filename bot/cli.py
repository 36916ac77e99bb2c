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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup
from sqlalchemy.exc import IntegrityError

from .access import access_command
from .app import create_app
from .bilingual_cost import bilingual_costs, bilingual_rows
from .config import DEVELOPMENT_WARNING, ConfigError
from .db import upgrade
from .delivery_cli import purge_command, replay_command, worker_command
from .engine import FlowError
from .export import export_meeting
from .keys import keys_group
from .langcli import LOCALES_OPTION, languages_command, orgs_languages_command, review_command, sheet_command
from .languages import LanguageError
from .meetings import ROLES, InputError, create_meeting, create_org, invite
from .models import Participant
from .outbound import send_queued
from .phones import PhoneError, normalise_mobile
from .playcli import chat_command, post_sms_command
from .runtime import Runtime, load_texts_and_engine, runtime
from .staff.users import users_group
from .textcheck import check, report


def _create_app() -> Any:
    """create_app for the command line: a settings problem is a one-line error, not a traceback."""
    try:
        return create_app(announce_mode=False)  # `serve` announces it once; commands stay one line on error
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


main = FlaskGroup(create_app=_create_app, help="Hjulsamtal: the wellbeing wheel by SMS.")
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
    except (InputError, PhoneError, LanguageError) as exc:
        raise click.ClickException(str(exc)) from None
    except IntegrityError:
        raise click.ClickException("a concurrent change conflicted with this one; nothing was changed") from None


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
@click.option("--lang", required=True, help="Language code, e.g. sv, ar, prs (or fa).")
@click.option("--bilingual", is_flag=True, help="Every message in the language, then in Swedish.")
def invite_command(meeting_id: str, role: str, phone: str, lang: str, bilingual: bool) -> None:
    """Invite a participant and send the invitation SMS; prints the participant id last."""
    def work(s: Any, rt: Runtime) -> Participant:
        return invite(s, rt, meeting_id, role, normalise_mobile(phone), lang, rt.clock(), bilingual=bilingual)

    participant = _in_transaction(work)
    rt = runtime()
    send_queued(rt)
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


@click.group()
def flows() -> None:
    """Validate and measure the flows and their texts."""


@flows.command("check")
@LOCALES_OPTION
def flows_check(locales_dir: Path) -> None:
    """Validate flows and locales; exit 1 on any problem."""
    try:
        texts, engine = load_texts_and_engine(locales_dir=locales_dir)
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
@click.option("--bilingual", is_flag=True, help="Messages as sent in bilingual mode (reported, no budget).")
@LOCALES_OPTION
def flows_report(lang: str | None, bilingual: bool, locales_dir: Path) -> None:
    """Each message per language: characters, encoding, segments, LIX, and budget breaches."""
    texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    click.echo(f"{'lang':4} {'key':32} {'chars':>5} {'enc':6} {'seg':>3} {'LIX':>5}  {'budget':9} verdict")
    rows = bilingual_rows(texts, engine) if bilingual else report(texts, engine)
    breaches = 0
    for row in rows:
        if lang and row.lang != lang:
            continue
        problems = [] if bilingual else row.problems()
        breaches += bool(problems)
        alphabet, limit = row.budget
        budget = "none" if bilingual else f"{limit} {alphabet or 'any'}"
        verdict = "-" if bilingual else ("OVER" if problems else "ok")
        click.echo(f"{row.lang:4} {row.key:32} {row.chars:5} {row.encoding:6} {row.segments:3} "
                   f"{row.lix:5.1f}  {budget:9} {verdict}")
    click.echo("segments of every message once, one language -> bilingual (mother tongue + Swedish):")
    for cost in bilingual_costs(texts, engine):
        if not lang or cost.lang == lang:
            click.echo(f"  {cost.lang:4} {cost.segments:4} -> {cost.bilingual_segments:4}  "
                       f"(most {cost.most}: {cost.most_key})")
    click.echo(f"{breaches} over budget")


flows.add_command(review_command)
main.add_command(flows)
main.add_command(sheet_command)
main.add_command(languages_command)
orgs.add_command(orgs_languages_command)
main.add_command(chat_command)
main.add_command(post_sms_command)
main.add_command(worker_command)
main.add_command(purge_command)
main.add_command(replay_command)
main.add_command(users_group)
main.add_command(keys_group)
main.add_command(access_command)


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
    if current_app.config["HJULSAMTAL_ENV"] != "production":
        click.echo(DEVELOPMENT_WARNING, err=True)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", bind)
            self.cfg.set("workers", int(os.environ.get("WEB_CONCURRENCY", "2")))
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return create_app()

    Server().run()
