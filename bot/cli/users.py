"""`hjulsamtal users`: staff users of the web. Rule: the password is asked for twice (or read from stdin),
never an argument; bad input is a one-line error and nothing is stored."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.services.meetings import InputError
from bot.services.runtime import runtime_of
from bot.services.users import create_user, normalise_email, password_refusal, set_password
from bot.store.models import Organisation, User


@click.group("users")
def users_group() -> None:
    """Staff users of the web (log in at /login)."""


@users_group.command("create")
@with_appcontext
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--admin", is_flag=True, help="Role admin (users and audit log) instead of staff.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email: str, org_slug: str, admin: bool, password_stdin: bool) -> None:
    """Create a user; the password is asked for (or read from stdin). Prints the e-mail last."""
    rt = runtime_of(current_app)
    with rt.db() as s:
        found = s.scalars(select(Organisation).where(Organisation.slug == org_slug)).first()
        if found is None:
            raise click.ClickException(f"unknown organisation {org_slug!r}")
    password = _password(password_stdin, lambda p: password_refusal(p, email, found))
    try:
        with rt.db.begin() as s:
            org = s.scalars(select(Organisation).where(Organisation.slug == org_slug)).one()
            user = create_user(s, org, email, password, "admin" if admin else "staff", rt.clock())
    except InputError as exc:
        raise click.ClickException(str(exc)) from None
    except IntegrityError:
        raise click.ClickException(f"a user {email!r} already exists") from None
    click.echo(user.email)


@users_group.command("password")
@with_appcontext
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_password(email: str, password_stdin: bool) -> None:
    """Set a user's new password (asked for, or read from stdin); every session of the user ends."""
    rt = runtime_of(current_app)
    with rt.db() as s:
        user = s.scalars(select(User).where(User.email == normalise_email(email))).first()
        if user is None:
            raise click.ClickException(f"unknown user {email!r}")
        org = user.org  # loaded now: the prompts below run with no session open
    password = _password(password_stdin, lambda p: password_refusal(p, email, org))
    try:
        with rt.db.begin() as s:
            set_password(s.scalars(select(User).where(User.email == normalise_email(email))).one(), password)
    except InputError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(normalise_email(email))


def _password(from_stdin: bool, refusal: Callable[[str], str | None]) -> str:
    """The password: one line of standard input, or asked for twice; the policy (`refusal`) is checked
    before the second prompt, so a refused password is never typed twice."""
    password = sys.stdin.readline().rstrip("\r\n") if from_stdin else str(click.prompt("Password", hide_input=True))
    if problem := refusal(password):
        raise click.ClickException(problem)
    if not from_stdin and click.prompt("Repeat for confirmation", hide_input=True) != password:
        raise click.ClickException("the two passwords differ; nothing was changed")
    return password
