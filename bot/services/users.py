"""Staff users: create them (admin page and `hjulsamtal users create`), set a new password (`users password`),
end their sessions. Rule: an e-mail is unique across organisations (one taken by another organisation is
TakenElsewhere, which the admin page does not reveal), a password passes the policy (password_policy.py) and
only its argon2 hash is stored; a new password or a removal ends every session."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.meetings import InputError
from bot.services.password_policy import CLI_MESSAGES, policy_problem
from bot.services.passwords import hash_password
from bot.store.models import USER_ROLES, Organisation, User

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class TakenElsewhere(InputError):
    """The e-mail belongs to a user of another organisation (`existing`): the admin's page answers as if the
    user had been added, so an admin never learns who has an account elsewhere; the owner's log records it."""

    def __init__(self, existing: User):
        super().__init__(f"a user {existing.email!r} already exists")
        self.existing = existing


def normalise_email(email: str) -> str:
    """The e-mail as accounts are stored, looked up and counted: without surrounding spaces, lower case."""
    return email.strip().lower()


def password_refusal(password: str, email: str, org: Organisation) -> str | None:
    """Why the policy refuses `password` for the user `email` of `org` (one line), or None."""
    problem = policy_problem(password, normalise_email(email), (org.slug, org.name))
    return CLI_MESSAGES[problem] if problem else None


def create_user(s: Session, org: Organisation, email: str, password: str, role: str, now: dt.datetime) -> User:
    """A new user of `org`; InputError (one line) on a bad e-mail, role, a password the policy refuses
    (too short, the e-mail, the organisation, too common) or a taken e-mail."""
    email = normalise_email(email)
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise InputError(f"not an e-mail address: {email!r}")
    if role not in USER_ROLES:
        raise InputError(f"role must be one of {', '.join(USER_ROLES)}")
    if problem := password_refusal(password, email, org):
        raise InputError(problem)
    existing = s.scalars(select(User).where(User.email == email)).first()
    if existing is not None and existing.org_id == org.id:
        raise InputError(f"a user {email!r} already exists")
    password_hash = hash_password(password)  # also for an address taken elsewhere: the same cost
    if existing is not None:
        raise TakenElsewhere(existing)
    user = User(org_id=org.id, email=email, password_hash=password_hash, role=role, created_at=now)
    s.add(user)
    return user


def revoke_sessions(user: User) -> None:
    """End every session of `user` issued so far (the web refuses a cookie of an older generation)."""
    user.session_generation = User.session_generation + 1  # in SQL: two revocations at once both count


def set_password(user: User, password: str) -> None:
    """A new password for `user` (InputError if the policy refuses it); every session of the user ends."""
    if problem := password_refusal(password, user.email, user.org):
        raise InputError(problem)
    user.password_hash = hash_password(password)
    revoke_sessions(user)
