"""Staff users: create them (admin page and `hjulsamtal users create`). Rule: an e-mail is unique across
organisations, a password has at least MIN_LENGTH characters and only its argon2 hash is stored."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..meetings import InputError
from ..models import Organisation
from ..runtime import runtime
from .forms import EMAIL
from .models import ROLES, User
from .passwords import MIN_LENGTH, hash_password


def create_user(s: Session, org: Organisation, email: str, password: str, role: str, now: dt.datetime) -> User:
    """A new user of `org`; InputError (one line) on a bad e-mail, role, short password or a taken e-mail."""
    email = email.strip().lower()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise InputError(f"not an e-mail address: {email!r}")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_LENGTH:
        raise InputError(f"the password must have at least {MIN_LENGTH} characters")
    if s.scalar(select(User.id).where(User.email == email)):
        raise InputError(f"a user {email!r} already exists")
    user = User(org_id=org.id, email=email, password_hash=hash_password(password), role=role, created_at=now)
    s.add(user)
    return user


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
    rt = runtime()
    with rt.db() as s:
        if s.scalar(select(Organisation.id).where(Organisation.slug == org_slug)) is None:
            raise click.ClickException(f"unknown organisation {org_slug!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with rt.db.begin() as s:
            org = s.scalars(select(Organisation).where(Organisation.slug == org_slug)).one()
            user = create_user(s, org, email, password, "admin" if admin else "staff", rt.clock())
    except InputError as exc:
        raise click.ClickException(str(exc)) from None
    except IntegrityError:
        raise click.ClickException(f"a user {email!r} already exists") from None
    click.echo(user.email)
