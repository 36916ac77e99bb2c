"""Who is told about a concern: each meeting's responsible staff member (the creator by default) and each
organisation's on-call address. Rule: an owner is an active user of the meeting's own organisation; an
address is one e-mail address; bad input raises InputError (one line) and changes nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.meetings import InputError
from bot.services.users import EMAIL, normalise_email
from bot.store.models import Meeting, Organisation, User


def org_by_slug(s: Session, slug: str) -> Organisation:
    """The organisation, or InputError."""
    org = s.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise InputError(f"unknown organisation {slug!r}")
    return org


def set_alert_email(org: Organisation, address: str | None) -> None:
    """Set the on-call address (None or empty: none, unseen concerns then go to the owner again)."""
    address = normalise_email(address or "")
    if address and (not EMAIL.fullmatch(address) or len(address) > 254):
        raise InputError(f"not an e-mail address: {address!r}")
    org.alert_email = address or None


def active_users(s: Session, org_id: int) -> list[User]:
    """The organisation's users who can log in, by e-mail (the owners to choose from)."""
    return list(s.scalars(select(User).where(User.org_id == org_id, User.deactivated_at.is_(None))
                          .order_by(User.email)))


def user_by_email(s: Session, org_id: int, email: str) -> User:
    """An active user of the organisation by e-mail, or InputError."""
    found = s.scalar(select(User).where(User.org_id == org_id, User.email == normalise_email(email),
                                        User.deactivated_at.is_(None)))
    if found is None:
        raise InputError(f"no active user {normalise_email(email)!r} in this organisation")
    return found


def set_owner(s: Session, meeting: Meeting, user_id: int) -> User:
    """Make an active user of the meeting's organisation responsible for it, or InputError."""
    owner = s.get(User, user_id)
    if owner is None or owner.org_id != meeting.org_id or owner.deactivated_at is not None:
        raise InputError("the responsible person must be an active user of the organisation")
    meeting.owner_id = owner.id
    return owner
