"""`hjulsamtal orgs`, `meetings`, `invite` and `export`: organisations, meetings, invitations and answers.

Rule: as every command, bad arguments give a one-line error and a non-zero exit and change nothing; ids are
printed as the last line of stdout.
"""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import AppGroup, with_appcontext

from bot.cli.common import in_transaction, parse_date, parse_time, runtime
from bot.conversation import ROLES
from bot.services.alerts import org_by_slug, set_alert_email, user_by_email
from bot.services.export import export_meeting
from bot.services.meetings import create_meeting, create_org, invite
from bot.services.outbox import send_queued
from bot.services.phones import normalise_mobile
from bot.services.preparation import label_problem, new_meeting
from bot.services.runtime import Runtime
from bot.store.models import Meeting, Participant


@click.group(cls=AppGroup)
def orgs() -> None:
    """Organisations (the municipalities and the region)."""


@orgs.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Short name used in invitations, e.g. 'Flens kommun'.")
@click.option("--sender", help="The organisation's own SMS number (E.164), its own line; default: the shared one.")
@click.option("--accept-drafts", is_flag=True, help="Offer draft (unreviewed) languages too.")
def orgs_create(slug: str, name: str, sender: str | None, accept_drafts: bool) -> None:
    """Create an organisation."""
    org = in_transaction(lambda s, rt: create_org(s, slug, name, rt.clock(), sender=sender,
                                                  accept_drafts=accept_drafts))
    click.echo(org.slug)


@orgs.command("alerts")
@click.argument("slug")
@click.option("--email", required=True, help="The on-call address; '' for none.")
def orgs_alerts(slug: str, email: str) -> None:
    """Set the on-call address: concerns nobody has marked seen in time are e-mailed there."""
    def work(s: Any, _rt: Runtime) -> str:
        org = org_by_slug(s, slug)
        set_alert_email(org, email)
        return org.alert_email or "-"

    click.echo(in_transaction(work))


@click.group(cls=AppGroup)
def meetings() -> None:
    """Meetings."""


@meetings.command("create")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--date", "date_text", required=True, help="YYYY-MM-DD, or +N for N days from today (+7).")
@click.option("--time", "time_text", help="HH:MM")
@click.option("--label", help="A short label staff recognise (2-40 characters; never a name or personnummer).")
@click.option("--owner", "owner_email", help="E-mail of the responsible staff member (told about concerns).")
def meetings_create(org_slug: str, date_text: str, time_text: str | None, label: str | None,
                    owner_email: str | None) -> None:
    """Create a meeting; prints its id last."""
    date, time = parse_date(date_text, runtime().today()), parse_time(time_text)
    if label is not None and (problem := label_problem(label)):
        raise click.ClickException(problem)

    def work(s: Any, rt: Runtime) -> Meeting:
        owner = user_by_email(s, org_by_slug(s, org_slug).id, owner_email).id if owner_email else None
        if label is None:
            return create_meeting(s, org_slug, date, time, rt.today(), rt.clock(), owner)
        return new_meeting(s, rt, org_slug, date, time, label.strip(), owner_id=owner)

    click.echo(in_transaction(work).id)


@click.command("invite")
@with_appcontext
@click.argument("meeting_id")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--phone", required=True, help="Mobile number, e.g. 070-174 06 05 or +46701740605.")
@click.option("--lang", required=True, help="Language code, e.g. sv, ar, prs (or fa).")
@click.option("--bilingual", is_flag=True, help="Every message in the language, then in Swedish.")
def invite_command(meeting_id: str, role: str, phone: str, lang: str, bilingual: bool) -> None:
    """Invite a participant and send the invitation SMS; prints the participant id last."""
    def work(s: Any, rt: Runtime) -> Participant:
        return invite(s, rt, meeting_id, role, normalise_mobile(phone), lang, rt.clock(), bilingual=bilingual)

    participant = in_transaction(work)
    rt = runtime()
    send_queued(rt)
    click.echo(participant.id)


@click.command("export")
@with_appcontext
@click.argument("meeting_id")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export_command(meeting_id: str, fmt: str) -> None:
    """Print a meeting's answers (schema hjulsamtal.meeting.v1)."""
    rt = runtime()
    with rt.db() as s:
        document = export_meeting(s, meeting_id, rt.engine.wheel.areas, rt.texts)
    if document is None:
        raise click.ClickException(f"unknown meeting {meeting_id!r}")
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))
