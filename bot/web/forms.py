"""The staff web's forms (Flask-WTF: every form carries a CSRF token). Rule: validation messages are Swedish
texts from locales/staff/sv.yml, WTForms' own English messages included (mapped in StaffForm.Meta)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from bot.services.contact import NAME_MAX, name_problem
from bot.services.meetings import ROLES as PARTICIPANT_ROLES
from bot.services.password_policy import MAX_LENGTH, TEXT_KEYS, policy_problem
from bot.services.passwords import MIN_LENGTH
from bot.services.phones import PhoneError, normalise_mobile
from bot.services.preparation import looks_like_personnummer
from bot.services.reviews import effective_statuses, org_languages
from bot.services.users import EMAIL
from bot.store.models import USER_ROLES
from bot.texts.languages import draft_languages
from bot.web.common import db, rt, t, user

_WTFORMS_MESSAGES = {
    "This field is required.": "form.required",
    "Not a valid date value.": "form.bad_date",
    "Not a valid time value.": "form.bad_time",
    "Not a valid choice.": "form.bad_choice",
    "Invalid Choice: could not coerce.": "form.bad_choice",
    "Field must be between %(min)d and %(max)d characters long.": "form.length",  # WTForms fills %(min)d
}


class _Translations:
    """WTForms' built-in messages in Swedish (anything unmapped becomes a generic message)."""

    def gettext(self, message: str) -> str:
        """A WTForms message in Swedish (anything unmapped: the generic one)."""
        return t(_WTFORMS_MESSAGES.get(message, "form.invalid"))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A WTForms length message in Swedish, with its number."""
        if singular.startswith("Field cannot be longer"):
            return t("form.too_long", max=n)
        if singular.startswith("Field must be at least"):
            return t("form.too_short", min=n)
        return t("form.invalid")


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def role_choices() -> list[SelectChoice]:
    """The participant roles, named in Swedish ("Ungdom", "Vårdnadshavare")."""
    return choices([(r, t(f"role.{r}")) for r in PARTICIPANT_ROLES])


class StaffForm(FlaskForm):
    """A FlaskForm with Swedish messages."""

    class Meta(FlaskForm.Meta):
        """Every staff form gets the Swedish messages."""

        def get_translations(self, form: Any) -> Any:
            """WTForms' messages, in Swedish."""
            return _Translations()


class ActionForm(StaffForm):
    """A button that changes something: only the CSRF token."""


class LoginForm(StaffForm):
    """E-mail and password."""

    email = EmailField(validators=[DataRequired(), Length(max=254)])
    password = PasswordField(validators=[DataRequired(), Length(max=200)])


def strip(value: str | None) -> str | None:
    """A field filter: the text without leading and trailing white space."""
    return value.strip() if value else value


class MeetingForm(StaffForm):
    """A meeting: date (today or later), optional time, and a short label that identifies no one."""

    date = DateField(validators=[InputRequired()])
    time = TimeField(validators=[Optional()])
    label = StringField(validators=[DataRequired(), Length(min=2, max=40)], filters=[strip])

    def validate_date(self, field: DateField) -> None:
        """Today or later."""
        if field.data and field.data < rt().today():
            raise ValidationError(t("form.date_passed"))

    def validate_label(self, field: StringField) -> None:
        """No personal identity number in the label."""
        if field.data and looks_like_personnummer(field.data):
            raise ValidationError(t("meeting.label_personnummer"))


class ParticipantForm(StaffForm):
    """A participant to invite: role, mobile number, language (one the organisation offers), bilingual mode
    (the language, then Swedish), who helped and a nickname for staff (both optional), and whether staff sign
    the invitation with their first name."""

    role = SelectField(choices=choices([(r, r) for r in PARTICIPANT_ROLES]), validators=[DataRequired()])
    phone = StringField(validators=[DataRequired(), Length(max=40)])
    language = SelectField(validators=[DataRequired()], validate_choice=False)
    bilingual = BooleanField()
    helper_note = StringField(validators=[Optional(), Length(max=120)])
    nickname = StringField(validators=[Optional(), Length(max=30)], filters=[strip])
    sign = BooleanField()  # sign the invitation with staff's first name (bot/services/contact.py)
    contact_name = StringField(validators=[Length(max=NAME_MAX)], filters=[strip])  # no Optional: checked when ticked
    send_date = DateField(validators=[Optional()])  # both empty: send now
    send_time = TimeField(validators=[Optional()])
    e164: str = ""  # the number in E.164, set when the phone field validates

    def validate_phone(self, field: StringField) -> None:
        """A mobile number, kept in E.164 as `e164`."""
        try:
            self.e164 = normalise_mobile(field.data or "")
        except PhoneError:
            raise ValidationError(t("participant.bad_phone")) from None

    def validate_language(self, field: SelectField) -> None:
        """A language the organisation offers."""
        texts = rt().texts
        if field.data in draft_languages(user().org, texts, effective_statuses(db(), texts)):
            raise ValidationError(t("translations.draft_refused"))
        if field.data not in org_languages(db(), texts, user().org):
            raise ValidationError(t("participant.bad_language"))

    def validate_helper_note(self, field: StringField) -> None:
        """No personal identity number in the note."""
        if field.data and looks_like_personnummer(field.data):
            raise ValidationError(t("participant.note_personnummer"))

    def validate_contact_name(self, field: StringField) -> None:
        """A first name when the invitation is to be signed (otherwise the name is ignored)."""
        if not self.sign.data:
            return
        if not field.data:
            raise ValidationError(t("contact.name_needed"))
        if problem := name_problem(field.data):
            raise ValidationError(t(problem))

    @property
    def contact(self) -> str | None:
        """The first name that signs the invitation, or None."""
        return (self.contact_name.data or None) if self.sign.data else None

    def validate_send_date(self, field: DateField) -> None:
        """A scheduled sending needs both its date and its time (an empty field skips its own check)."""
        if self.send_time.data is None:
            raise ValidationError(t("schedule.both"))

    def validate_send_time(self, field: TimeField) -> None:
        """A scheduled sending needs both its date and its time."""
        if self.send_date.data is None:
            raise ValidationError(t("schedule.both"))

    @property
    def send_at(self) -> dt.datetime | None:
        """When to send the invitation (aware, the service's zone), or None for now."""
        if self.send_date.data is None or self.send_time.data is None:
            return None
        return dt.datetime.combine(self.send_date.data, self.send_time.data, tzinfo=rt().tz)

    def validate_nickname(self, field: StringField) -> None:
        """A word or two for staff ("mamma"): no digits, so never a personal identity number."""
        if field.data and any(ch.isdigit() for ch in field.data):
            raise ValidationError(t("participant.nickname_digits"))


class UserForm(StaffForm):
    """A new user of the admin's organisation."""

    email = EmailField(validators=[DataRequired(), Length(max=254)])
    role = SelectField(choices=choices([(r, r) for r in USER_ROLES]), validators=[DataRequired()])
    password = PasswordField(validators=[DataRequired(), Length(min=MIN_LENGTH, max=200)])

    def validate_email(self, field: EmailField) -> None:
        """Shaped like an e-mail address."""
        if not EMAIL.fullmatch((field.data or "").strip()):
            raise ValidationError(t("form.bad_email"))

    def validate_password(self, field: PasswordField) -> None:
        """The password policy (length, not the e-mail, not the organisation, not a common password)."""
        org = (user().org.slug, user().org.name)
        if not field.errors and (problem := policy_problem(field.data or "", self.email.data or "", org)):
            raise ValidationError(t(TEXT_KEYS[problem], min=MIN_LENGTH, max=MAX_LENGTH))


class SimulatorStartForm(StaffForm):
    """Which flow and language to play, and whether bilingually (the language, then Swedish)."""

    role = SelectField(choices=choices([(r, r) for r in PARTICIPANT_ROLES]), validators=[DataRequired()])
    language = SelectField(validators=[DataRequired()], validate_choice=False)
    bilingual = BooleanField()

    def validate_language(self, field: SelectField) -> None:
        """A language the app has."""
        if field.data not in rt().texts.languages:
            raise ValidationError(t("participant.bad_language"))


class SimulatorSayForm(StaffForm):
    """One message from the simulated participant."""

    body = TextAreaField(validators=[DataRequired(), Length(max=320)])


class DeleteMeetingForm(StaffForm):
    """Delete a meeting's personal data now: the staff member confirms the case file has what it needs."""

    confirm = BooleanField(validators=[DataRequired()])
