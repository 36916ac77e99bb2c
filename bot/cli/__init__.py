"""The `hjulsamtal` commands, one module per command group. Rule: a command parses its arguments, hands off to
bot.services and prints; bad arguments give a one-line `Error:` and a non-zero exit and change nothing. It
imports bot.services and the layers below, never bot.sms, bot.web or bot.app (a contract checks).

The entry point is bot.app:main (command_group() around create_app: our commands and version, none of
Flask's); register_commands() adds every command here to it, and to each app's own `app.cli` (so
`flask --app bot` and test runners reach them too).
"""

from __future__ import annotations

import click

from bot.cli.access import access_command
from bot.cli.delivery import purge_command, replay_command, worker_command
from bot.cli.flows import flows
from bot.cli.group import command_group
from bot.cli.keys import keys_group
from bot.cli.languages import languages_command, orgs_languages_command, sheet_command
from bot.cli.meetings import export_command, invite_command, meetings, orgs
from bot.cli.play import chat_command
from bot.cli.post_sms import post_sms_command
from bot.cli.server import db, serve_command
from bot.cli.users import users_group

__all__ = ["COMMANDS", "command_group", "register_commands"]

orgs.add_command(orgs_languages_command)
COMMANDS: tuple[click.Command, ...] = (
    orgs, meetings, invite_command, export_command, flows, sheet_command, languages_command, chat_command,
    post_sms_command, worker_command, purge_command, replay_command, users_group, keys_group, access_command,
    db, serve_command,
)


def register_commands(group: click.Group) -> None:
    """Add every command to `group` (the `hjulsamtal` entry point, or an app's `app.cli`)."""
    for command in COMMANDS:
        group.add_command(command)
