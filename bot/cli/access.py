"""`hjulsamtal access --phone NUMBER`: print everything stored about a number, for a request for access.
Rule: printed to stdout as JSON, never logged; a bad number is a one-line error."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from bot.cli.common import runtime
from bot.services.access import access_report
from bot.services.phones import PhoneError, normalise_mobile


@click.command("access")
@click.option("--phone", required=True, help="The number the request is about, e.g. 070-174 06 05.")
@with_appcontext
def access_command(phone: str) -> None:
    """Print everything stored about a phone number (JSON), for a request for access."""
    try:
        number = normalise_mobile(phone)
    except PhoneError as exc:
        raise click.ClickException(str(exc)) from None
    rt = runtime()
    with rt.db() as s:
        report = access_report(s, rt, number)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
