"""Preparing a meeting from the staff web: label, edit, cancel, invite, resend. Rule: validate first, then
change in the caller's transaction; SMS are only queued here and sent by the caller after commit."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import save_step  # the webhook's own way of storing a step (one code path)
from bot.services.contact import signed
from bot.services.meetings import InputError, create_meeting, invite
from bot.services.outbox import record_replies
from bot.services.runtime import Runtime
from bot.store.models import Meeting, MeetingInfo, Participant, ParticipantInfo

# A Swedish personal identity (or coordination) number: 6 or 8 digits, optional - + or space, 4 digits.
PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}\s*[-+]?\s*\d{4}(?!\d)")
LABEL_MIN, LABEL_MAX = 2, 40


def looks_like_personnummer(text: str) -> bool:
    """Whether `text` contains something shaped like a personal identity number."""
    return bool(PERSONNUMMER.search(text))


def label_problem(label: str) -> str | None:
    """Why `label` cannot name a meeting (one line, for the command line), or None."""
    if not LABEL_MIN <= len(label.strip()) <= LABEL_MAX:
        return f"the label must have {LABEL_MIN} to {LABEL_MAX} characters"
    if looks_like_personnummer(label):
        return "the label must not contain a personal identity number (use a short label that names no one)"
    return None


def new_meeting(s: Session, rt: Runtime, org_slug: str, date: dt.date, time: dt.time | None, label: str,
                owner_id: int | None = None) -> Meeting:
    """A meeting with its label and its responsible staff member (the creator)."""
    now = rt.clock()
    meeting = create_meeting(s, org_slug, date, time, rt.today(), now, owner_id)
    s.flush()
    s.add(MeetingInfo(meeting_id=meeting.id, label=label, updated_at=now))
    return meeting


def info_of(s: Session, meeting: Meeting) -> MeetingInfo | None:
    """The staff details of a meeting (None for meetings made on the command line)."""
    return s.get(MeetingInfo, meeting.id)


def edit_meeting(s: Session, rt: Runtime, meeting: Meeting, date: dt.date, time: dt.time | None,
                 label: str) -> None:
    """Change date, time and label of a meeting that is not cancelled."""
    info = info_of(s, meeting)
    if info is not None and info.cancelled_at is not None:
        raise InputError("cancelled")
    if date < rt.today():
        raise InputError("the meeting date has passed")
    meeting.date, meeting.time = date, time
    if info is None:
        s.add(MeetingInfo(meeting_id=meeting.id, label=label, updated_at=rt.clock()))
    else:
        info.label, info.updated_at = label, rt.clock()


def end_conversation(s: Session, rt: Runtime, participant: Participant) -> bool:
    """Expire the participant's open conversation without any SMS; False if it had already ended."""
    conv = participant.conversation
    if conv is None or (conv.open_phone is None and conv.waiting_for is None):  # a queued invitation is open too
        return False
    before = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    step = rt.engine.step(before, eng.Timer("expire"))
    save_step(s.connection(), conv.id, step.conversation, step.events, rt.clock())  # `expired` asks nothing: no SMS
    s.expire(conv)  # saved with Core: the ORM's copy is stale
    return True


def is_cancelled(s: Session, meeting: Meeting) -> bool:
    """Whether the meeting was cancelled."""
    info = info_of(s, meeting)
    return info is not None and info.cancelled_at is not None


def add_participant(s: Session, rt: Runtime, meeting: Meeting, role: str, phone: str, lang: str,
                    helper_note: str | None, *, bilingual: bool = False, nickname: str | None = None,
                    contact: str | None = None) -> Participant:
    """Invite a participant (the invitation is queued; bilingual: the language, then Swedish) and keep the
    note of who helped and staff's nickname for them (never sent by SMS)."""
    if is_cancelled(s, meeting):
        raise InputError("cancelled")
    participant = invite(s, rt, meeting.id, role, phone, lang, rt.clock(), bilingual=bilingual, contact=contact)
    participant.nickname = nickname or None
    s.flush()
    if helper_note:
        s.add(ParticipantInfo(participant_id=participant.id, helper_note=helper_note))
    return participant


RESEND_INTERVAL = dt.timedelta(hours=24)  # at most one resend per participant in this long


class ResendTooSoon(InputError):
    """The invitation was resent less than RESEND_INTERVAL ago; `when` is when it may be resent."""

    def __init__(self, when: dt.datetime):
        super().__init__(f"the invitation was resent recently; again after {when.isoformat()}")
        self.when = when


def resend_blocked_until(participant: Participant, now: dt.datetime) -> dt.datetime | None:
    """When the invitation may be resent again, or None if it may be now."""
    if participant.resent_at is None or participant.resent_at + RESEND_INTERVAL <= now:
        return None
    return participant.resent_at + RESEND_INTERVAL


def resend_invitation(s: Session, rt: Runtime, meeting: Meeting, participant: Participant) -> None:
    """Queue the invitation again, for someone who has not answered yet (not after STOPP or the end), at
    most once per RESEND_INTERVAL (ResendTooSoon: each click would be an SMS, paid and on the lock screen)."""
    conv = participant.conversation
    if is_cancelled(s, meeting) or conv is None or conv.status != eng.Status.INVITED:
        raise InputError("not invited")
    if meeting.date < rt.today():
        raise InputError("the meeting has passed")
    s.get(Participant, participant.id, with_for_update=True, populate_existing=True)  # two clicks at once: one
    if when := resend_blocked_until(participant, rt.clock()):
        raise ResendTooSoon(when)
    participant.resent_at = rt.clock()
    if conv.waiting_for is not None:  # queued: its invitation goes out when released (bot/services/routing.py)
        return
    step = rt.engine.begin(conv.flow, participant.language, org=meeting.org.name, date=meeting.date)
    record_replies(s.connection(), rt, conv.id, signed(step.replies, participant.contact), participant.language,
                   participant.bilingual, rt.clock())
