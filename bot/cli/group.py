"""The `hjulsamtal` command group: our commands only, and our version.

Rule: `hjulsamtal --help` lists what a newcomer needs and nothing of Flask's (no `run` beside `serve`, no
`shell`, `routes` or Flask-Limiter's `limiter`, no `--app`/`--debug`/`--env-file`); `--version` prints
Hjulsamtal's version. The app is built lazily by the commands that need it (through Flask's ScriptInfo,
as `with_appcontext` and `serve` expect), so `--help` and `--version` never touch a database.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

HELP = """Hjulsamtal: the wellbeing wheel by SMS.

\b
Start here:
  hjulsamtal serve                      the staff web and the SMS webhook (PORT, default 5000)
  hjulsamtal chat --role youth          play a participant in the terminal (nothing is stored)
  hjulsamtal orgs create SLUG --name NAME, then users create EMAIL --org SLUG --admin
"""


def package_version() -> str:
    """The installed version of the hjulsamtal package."""
    try:
        return version("hjulsamtal")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class CommandGroup(click.Group):
    """A click group that hands its commands Flask's ScriptInfo for `create_app`, without Flask's extras."""

    def __init__(self, create_app: Callable[[], Flask], **extra: Any) -> None:
        super().__init__(**extra)
        self.create_app = create_app

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        """The context, with a ScriptInfo that builds the app on first use (unless a test runner gave one)."""
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(create_app=self.create_app, set_debug_flag=False, load_dotenv_defaults=False)
        return super().make_context(info_name, args, parent=parent, **extra)


def command_group(create_app: Callable[[], Flask]) -> CommandGroup:
    """The `hjulsamtal` group (commands are added by bot.cli.register_commands)."""
    group = CommandGroup(create_app, name="hjulsamtal", help=HELP,
                         context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
    return click.version_option(package_version(), "-V", "--version", prog_name="hjulsamtal",
                                message="%(prog)s %(version)s")(group)
