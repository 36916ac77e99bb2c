"""Meetings pages: list, create, edit, cancel, participants and invitations. Rule: org-scoped lookups only;
each change and its audit entry commit together, then queued SMS are sent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from bot.services.cancellation import cancel_meeting, undo_blocked
from bot.services.concern_inbox import unseen_by_meeting
from bot.services.contact import NAME_MAX
from bot.services.invitation import (
    PreviewSms,
    contact_problem,
    invitation_preview,
    schedule_invitation,
    schedule_problem,
)
from bot.services.meetings import InputError, InviteError
from bot.services.outbox import send_queued
from bot.services.overview import meeting_rows
from bot.services.preparation import (
    ResendTooSoon,
    add_participant,
    edit_meeting,
    end_conversation,
    info_of,
    new_meeting,
    resend_blocked_until,
    resend_invitation,
)
from bot.store.models import MeetingStats
from bot.web.alert_views import meeting_alerts
from bot.web.common import audit, db, meeting_or_404, participant_or_404, render, rt, sv_datetime, t, user
from bot.web.forms import ActionForm, MeetingForm, ParticipantForm, choices, role_choices
from bot.web.language_views import language_views, meeting_languages, picker_choices

bp = Blueprint("meetings", __name__)


def participant_form() -> ParticipantForm:
    """The add-participant form with Swedish role names and the organisation's languages (with review status)."""
    form = ParticipantForm(data={"contact_name": first_name_guess(user().email)})
    form.role.choices = role_choices()
    form.language.choices = choices(picker_choices(rt().texts))
    return form


def first_name_guess(email: str) -> str:
    """A first name to offer from the e-mail address ("anna.berg@flen.se" -> "Anna"), or "" when unclear."""
    first = email.split("@", 1)[0].split(".", 1)[0]
    return first.capitalize() if first.isalpha() and len(first) <= NAME_MAX else ""


@bp.get("/meetings")
@login_required
def index() -> str:
    """The organisation's meetings, upcoming first, with each participant's status and progress."""
    return render("staff/meetings.html", rows=meeting_rows(db(), user().org_id, rt().today()),
                  languages=language_views(rt().texts), unseen=unseen_by_meeting(db(), user().org_id))


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def create() -> Any:
    """A new meeting."""
    form = MeetingForm()
    if form.validate_on_submit():
        s = db()
        try:
            meeting = new_meeting(s, rt(), user().org.slug, form.date.data, form.time.data, form.label.data,
                                  owner_id=user().id)
            s.flush()
            audit("meeting_create", meeting_id=meeting.id)
            s.commit()
        except InputError:
            s.rollback()
            form.date.errors.append(t("form.date_passed"))
        else:
            flash(t("meeting.created"), "ok")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render("staff/meeting_form.html", form=form, meeting=None), 400 if form.errors else 200


@bp.get("/meetings/<meeting_id>")
@login_required
def show(meeting_id: str, form: ParticipantForm | None = None, preview: list[PreviewSms] | None = None) -> Any:
    """One meeting: its participants, the invite form (with the invitation's preview) and the actions."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    row = meeting_rows(s, user().org_id, rt().today(), meeting_id)[0]
    page = render("staff/meeting.html", row=row, form=form or participant_form(), preview=preview,
                  **meeting_alerts(s, meeting),
                  purged=s.get(MeetingStats, meeting_id), **meeting_languages(s, row),
                  undo_blocked=undo_blocked(s, rt(), meeting) if row.cancelled else None,
                  resend_after=lambda participant: resend_blocked_until(participant, rt().clock()))
    return page, 400 if form is not None and form.errors else 200


@bp.route("/meetings/<meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: str) -> Any:
    """Change date, time or label."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    info = info_of(s, meeting)
    if info is not None and info.cancelled_at is not None:
        flash(t("meeting.cannot_edit_cancelled"), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = MeetingForm(data={"date": meeting.date, "time": meeting.time, "label": info.label if info else ""})
    if form.validate_on_submit():
        edit_meeting(s, rt(), meeting, form.date.data, form.time.data, form.label.data)
        audit("meeting_edit", meeting_id=meeting.id)
        s.commit()
        flash(t("meeting.saved"), "ok")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render("staff/meeting_form.html", form=form, meeting=meeting), 400 if form.errors else 200


@bp.post("/meetings/<meeting_id>/cancel")
@login_required
def cancel(meeting_id: str) -> Response:
    """Cancel the meeting: open conversations end without any SMS."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    if ActionForm().validate_on_submit():
        ended = cancel_meeting(s, rt(), meeting)
        audit("meeting_cancel", meeting_id=meeting.id, detail=f"ended={ended}")
        s.commit()
        flash(t("meeting.cancelled_done"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.post("/meetings/<meeting_id>/participants")
@login_required
def add(meeting_id: str) -> Any:
    """Invite a participant and send the invitation SMS."""
    s = db()
    meeting = meeting_or_404(s, meeting_id, for_update=True)
    form = participant_form()
    if not form.validate_on_submit():
        return show(meeting_id, form)
    if form.send_at is not None and (problem := schedule_problem(rt(), meeting, form.send_at)):
        form.send_date.errors = [*form.send_date.errors, t(problem)]
        return show(meeting_id, form)
    if form.contact and (problem := contact_problem(rt(), meeting, form.role.data, form.language.data,
                                                    form.bilingual.data, form.contact)):
        form.contact_name.errors = [*form.contact_name.errors, t(problem)]
        return show(meeting_id, form)
    if request.form.get("action") == "preview":  # the exact SMS first; the form stays filled in
        return show(meeting_id, form, invitation_preview(rt(), meeting, form.role.data, form.language.data,
                                                         form.bilingual.data, form.contact))
    detail = (f"{form.role.data} {form.language.data}" + (" bilingual" if form.bilingual.data else "")
              + (" scheduled" if form.send_at else "") + (" signed" if form.contact else ""))
    try:
        participant = add_participant(s, rt(), meeting, form.role.data, form.e164, form.language.data,
                                      form.helper_note.data or None, bilingual=form.bilingual.data,
                                      nickname=form.nickname.data or None, contact=form.contact)
        if form.send_at is not None:
            schedule_invitation(s, rt(), participant, form.send_at)
        queued = participant.conversation is not None and participant.conversation.waiting_for is not None
        # A queued invitation (the phone is busy with another organisation) reads as any invitation here.
        audit("invite_queued" if queued else "invite", meeting_id=meeting.id, participant_id=participant.id,
              detail=detail)
        s.commit()
    except (InputError, IntegrityError) as exc:
        s.rollback()
        busy = isinstance(exc, InviteError | IntegrityError)
        if busy:  # the organisation's own conversation holds the phone
            audit("invite_refused", meeting_id=meeting.id, detail=detail)
            s.commit()
        form.phone.errors = [*form.phone.errors, t("participant.phone_busy" if busy else "participant.cannot_invite")]
        return show(meeting_id, form)
    send_queued(rt())
    flash(t("schedule.done", when=sv_datetime(form.send_at)) if form.send_at else t("participant.invited"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.post("/meetings/<meeting_id>/participants/<participant_id>/resend")
@login_required
def resend(meeting_id: str, participant_id: str) -> Response:
    """Send the invitation again to someone who has not answered yet."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    participant = participant_or_404(s, meeting, participant_id)
    if ActionForm().validate_on_submit():
        try:
            resend_invitation(s, rt(), meeting, participant)
        except ResendTooSoon as later:
            s.rollback()
            flash(t("participant.resend_later", when=sv_datetime(later.when)), "error")
        except InputError:
            s.rollback()
            flash(t("participant.cannot_resend"), "error")
        else:
            audit("resend", meeting_id=meeting.id, participant_id=participant.id)
            s.commit()
            send_queued(rt())
            flash(t("participant.resent"), "ok")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.post("/meetings/<meeting_id>/participants/<participant_id>/cancel")
@login_required
def cancel_invitation(meeting_id: str, participant_id: str) -> Response:
    """End one participant's conversation (e.g. a wrong number): no more questions, no SMS about it."""
    s = db()
    meeting = meeting_or_404(s, meeting_id)
    participant = participant_or_404(s, meeting, participant_id)
    if end_conversation(s, rt(), participant):
        audit("invite_cancel", meeting_id=meeting.id, participant_id=participant.id)
        s.commit()
        flash(t("participant.cancelled"), "ok")
    else:
        flash(t("participant.cannot_cancel"), "error")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))
