"""The forms of concerns and alerts: a meeting's responsible staff member, the on-call address, a handled
concern's note, and which participants the meeting view shows. Rule: as every staff form, a CSRF token and
Swedish messages (StaffForm)."""

from __future__ import annotations

from wtforms import EmailField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from bot.services.concern_inbox import NOTE_MAX
from bot.services.users import EMAIL
from bot.web.common import t
from bot.web.forms import StaffForm, strip


class OwnerForm(StaffForm):
    """The meeting's responsible staff member (an active user of the organisation; choices set by the view)."""

    owner = SelectField(coerce=int, validators=[DataRequired()])


class AlertForm(StaffForm):
    """The organisation's on-call address (empty: none)."""

    email = EmailField(validators=[Optional(), Length(max=254)], filters=[strip])

    def validate_email(self, field: EmailField) -> None:
        """Shaped like an e-mail address."""
        if field.data and not EMAIL.fullmatch(field.data):
            raise ValidationError(t("form.bad_email"))


class HandledForm(StaffForm):
    """What was done about a concern: a short note (encrypted at rest)."""

    note = TextAreaField(validators=[DataRequired(), Length(max=NOTE_MAX)], filters=[strip])
