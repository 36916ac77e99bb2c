"""What every command shares: the app's runtime, one transaction per change, dates and times as typed.

Rule: bad arguments give a one-line `Error:` and a non-zero exit and change nothing; ids are printed as the
last line of stdout so scripts can capture them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from sqlalchemy.exc import IntegrityError

from bot.services.meetings import InputError
from bot.services.phones import PhoneError
from bot.services.runtime import Runtime, runtime_of
from bot.texts.languages import LanguageError
from bot.texts.segments import sms_cost


def runtime() -> Runtime:
    """The runtime of the app the command runs in."""
    return runtime_of(current_app)


def _parse(value: str, what: str, shape: str, pattern: str, parse: Callable[[str], Any]) -> Any:
    """`value` parsed when it has the shape `pattern`, or a one-line error saying the shape."""
    if not re.fullmatch(pattern, value):
        raise click.ClickException(f"bad {what} {value!r}: use {shape}")
    try:
        return parse(value)
    except ValueError as exc:
        raise click.ClickException(f"bad {what} {value!r}: {exc}") from None


def parse_date(value: str, today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD, or +N (N days after `today`, when given), or a one-line error."""
    if today is not None and re.fullmatch(r"\+\d{1,3}", value):
        return today + dt.timedelta(days=int(value))
    shape = "YYYY-MM-DD or +N (days from today)" if today is not None else "YYYY-MM-DD"
    date: dt.date = _parse(value, "date", shape, r"\d{4}-\d{2}-\d{2}", dt.date.fromisoformat)
    return date


def parse_time(value: str | None) -> dt.time | None:
    """HH:MM (or nothing), or a one-line error."""
    time: dt.time | None = None if value is None else _parse(value, "time", "HH:MM", r"\d{2}:\d{2}",
                                                              dt.time.fromisoformat)
    return time


def in_transaction(work: Callable[[Any, Runtime], Any]) -> Any:
    """Run work(session, runtime) in one transaction; staff input errors become one-line CLI errors."""
    rt = runtime()
    try:
        with rt.db.begin() as s:
            return work(s, rt)
    except (InputError, PhoneError, LanguageError) as exc:
        raise click.ClickException(str(exc)) from None
    except IntegrityError:
        raise click.ClickException("a concurrent change conflicted with this one; nothing was changed") from None


def show_sms(bodies: list[str]) -> None:
    """Print SMS as a phone gets them: each one under a line with its number, length, encoding and segments,
    then its lines prefixed '< ' (a multi-line SMS stays one SMS)."""
    for n, body in enumerate(bodies, 1):
        cost = sms_cost(body)
        segments = f"{cost.segments} segment" + ("s" if cost.segments != 1 else "")
        click.echo(f"[SMS {n} of {len(bodies)}: {len(body)} characters, {cost.encoding}, {segments}]")
        click.echo("\n".join("< " + line for line in body.splitlines()))
