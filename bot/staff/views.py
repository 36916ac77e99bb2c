"""Helpers every staff blueprint shares: the request's database session, organisation-scoped lookups,
the texts, and rendering. Rule: a row of another organisation is looked up as if it did not exist (404)."""

from __future__ import annotations

from typing import Any, cast

from flask import abort, current_app, g, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Meeting, Participant
from ..runtime import Runtime, runtime
from .models import User
from .texts import StaffTexts


def db() -> Session:
    """The request's session (closed at the end of the request)."""
    if "staff_db" not in g:
        g.staff_db = runtime().db()
    return cast(Session, g.staff_db)


def rt() -> Runtime:
    """The app's runtime."""
    return runtime()


def t(key: str, **params: Any) -> str:
    """A staff UI text."""
    texts: StaffTexts = current_app.extensions["staff_texts"]
    return texts(key, **params)


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
