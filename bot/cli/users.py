"""`hjulsamtal users`: staff users of the web. Rule: the password is asked for twice (or read from stdin),
never an argument; bad input is a one-line error and nothing is stored."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.services.meetings import InputError
from bot.services.runtime import runtime_of
from bot.services.users import create_user, normalise_email, set_password
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
        if s.scalar(select(Organisation.id).where(Organisation.slug == org_slug)) is None:
            raise click.ClickException(f"unknown organisation {org_slug!r}")
    password = _password(password_stdin)
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
        if s.scalar(select(User.id).where(User.email == normalise_email(email))) is None:
            raise click.ClickException(f"unknown user {email!r}")
    password = _password(password_stdin)
    try:
        with rt.db.begin() as s:
            set_password(s.scalars(select(User).where(User.email == normalise_email(email))).one(), password)
    except InputError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(normalise_email(email))


def _password(from_stdin: bool) -> str:
    """The password: one line of standard input, or asked for twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
