"""Helpers every staff blueprint shares: the request's database session, organisation-scoped lookups,
the texts, and rendering. Rule: a row of another organisation is looked up as if it did not exist (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from babel.dates import format_date, format_datetime
from flask import abort, current_app, g, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import audit as audit_log
from bot.services.runtime import Runtime, runtime_of
from bot.store.models import Meeting, Participant, User
from bot.texts.staff import staff_texts


def db() -> Session:
    """The request's session (closed at the end of the request)."""
    if "staff_db" not in g:
        g.staff_db = rt().db()
    return cast(Session, g.staff_db)


def rt() -> Runtime:
    """The app's runtime."""
    return runtime_of(current_app)


def sv_datetime(value: Any, zone: bool = False) -> str:
    """A moment as staff read it: "3 december 2026 kl. 16.00" in the service's time zone (the `sv_datetime`
    filter); `zone` adds the zone's short name ("… kl. 16.00 CET"), as the audit log shows it."""
    pattern = "d MMMM yyyy 'kl.' HH.mm" + (" z" if zone else "")
    return str(format_datetime(value, pattern, tzinfo=rt().tz, locale="sv"))


def sv_date(value: dt.date) -> str:
    """A date as Swedish writes it: "10 december 2026" (the `sv_date` filter)."""
    return str(format_date(value, format="long", locale="sv"))


def sv_time(value: dt.time) -> str:
    """A time of day as Swedish writes it: "kl. 13.00" (the `sv_time` filter)."""
    return f"kl. {value.hour:02d}.{value.minute:02d}"


def t(key: str, **params: Any) -> str:
    """A staff UI text."""
    return staff_texts()(key, **params)


def user() -> User:
    """The logged-in user (views are behind login_required)."""
    return cast(User, current_user._get_current_object())


def meeting_or_404(s: Session, meeting_id: str, for_update: bool = False) -> Meeting:
    """The meeting if it belongs to the user's organisation, else 404."""
    query = select(Meeting).where(Meeting.id == meeting_id, Meeting.org_id == user().org_id)
    meeting = s.scalars(query.with_for_update() if for_update else query).first()
    if meeting is None:
        abort(404)
    return meeting


def participant_or_404(s: Session, meeting: Meeting, participant_id: str) -> Participant:
    """The participant if it belongs to `meeting` (already scoped), else 404."""
    participant = s.scalars(select(Participant).where(Participant.id == participant_id,
                                                      Participant.meeting_id == meeting.id)).first()
    if participant is None:
        abort(404)
    return participant


def render(template: str, **context: Any) -> str:
    """Render a staff template."""
    return render_template(template, **context)


def audit(action: str, *, actor: User | None = None, **details: str | None) -> None:
    """Add an audit entry for the logged-in user (or `actor`) to the request's transaction."""
    who = actor or user()
    audit_log.record(db(), who, who.org_id, action, rt().clock(), **details)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only an admin of the organisation may see the view."""
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not user().is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapped
