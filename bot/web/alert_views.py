"""What the meeting page shows about concerns and alerts: the responsible staff member and the form to change
it, and whether a youth has a concern nobody has marked seen (warn before a guardian gets an SMS).
Rule: a shared helper of the staff web, imports no blueprint; read-only."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.services.alerts import active_users
from bot.services.concern_inbox import unseen_youth_concern
from bot.store.models import Meeting
from bot.web.alert_forms import OwnerForm


def owner_form(s: Session, meeting: Meeting) -> OwnerForm:
    """The owner form with the organisation's active users as choices, the current owner chosen."""
    form = OwnerForm(data={"owner": meeting.owner_id})
    form.owner.choices = [(u.id, u.email) for u in active_users(s, meeting.org_id)]
    return form


def meeting_alerts(s: Session, meeting: Meeting) -> dict[str, Any]:
    """The meeting page's context: `owner` (a User or None), `owner_form`, `youth_concern_unseen`."""
    return {"owner": meeting.owner, "owner_form": owner_form(s, meeting),
            "youth_concern_unseen": unseen_youth_concern(s, meeting.id)}
