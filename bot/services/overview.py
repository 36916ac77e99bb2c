"""What the meetings pages show per participant: a status chip and progress (areas answered of eight).
Rule: read-only, a fixed number of queries per page whatever the number of meetings; `undeliverable` and any
SMS Twilio could not deliver show as `not_delivered` unless the conversation ended for another reason first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.conversation.statuses import OPEN, Status
from bot.store.models import Answer, Conversation, Meeting, MeetingInfo, Message, Participant, ParticipantInfo

NOT_DELIVERED = "not_delivered"  # the chip of a participant we could not reach (beside the statuses)
FAILED_DELIVERY = ("undelivered", "failed")  # Twilio's delivery statuses that mean the SMS did not arrive


@dataclass(frozen=True)
class ParticipantRow:
    """One participant as the pages show it."""

    participant: Participant
    chip: str
    answered: int
    helper_note: str | None

    @property
    def nickname(self) -> str | None:
        """Staff's name for the participant ("mamma"), if any."""
        return self.participant.nickname

    @property
    def last_digits(self) -> str:
        """The last two digits of the number, to tell participants apart and catch a typo."""
        return last_digits(self.participant.phone)


@dataclass(frozen=True)
class MeetingRow:
    """One meeting with its label, state and participants."""

    meeting: Meeting
    label: str
    cancelled: bool
    upcoming: bool
    participants: list[ParticipantRow]


def meeting_rows(s: Session, org_id: int, today: dt.date, meeting_id: str | None = None) -> list[MeetingRow]:
    """The organisation's meetings (or one of them): upcoming first (soonest first), then past (latest first)."""
    query = (select(Meeting).where(Meeting.org_id == org_id)
             .options(selectinload(Meeting.participants).selectinload(Participant.conversation)))
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    meetings = list(s.scalars(query))
    ids = [m.id for m in meetings]
    infos = {i.meeting_id: i for i in s.scalars(select(MeetingInfo).where(MeetingInfo.meeting_id.in_(ids)))}
    participants = [p for m in meetings for p in m.participants]
    conv_ids = [p.conversation.id for p in participants if p.conversation]
    answered = dict(s.execute(
        select(Answer.conversation_id, func.count()).where(Answer.conversation_id.in_(conv_ids),
                                                          Answer.rating.is_not(None))
        .group_by(Answer.conversation_id)).all())
    failed = set(s.scalars(select(Message.conversation_id).where(
        Message.conversation_id.in_(conv_ids), failed_delivery())))
    notes = dict(s.execute(select(ParticipantInfo.participant_id, ParticipantInfo.helper_note).where(
        ParticipantInfo.participant_id.in_([p.id for p in participants]))).all())

    def row(p: Participant) -> ParticipantRow:
        conv: Conversation | None = p.conversation
        chip = delivery_chip(conv.status, conv.id in failed) if conv else Status.INVITED.value
        return ParticipantRow(p, chip, answered.get(conv.id, 0) if conv else 0, notes.get(p.id))

    rows = []
    for m in meetings:
        info = infos.get(m.id)
        ordered = sorted(m.participants, key=lambda p: (p.role != "youth", p.created_at, p.id))
        rows.append(MeetingRow(m, info.label if info else "", bool(info and info.cancelled_at),
                               m.date >= today, [row(p) for p in ordered]))
    upcoming = sorted((r for r in rows if r.upcoming), key=lambda r: (r.meeting.date, r.meeting.time or dt.time()))
    past = sorted((r for r in rows if not r.upcoming), key=lambda r: (r.meeting.date, r.meeting.time or dt.time()),
                  reverse=True)
    return upcoming + past


def last_digits(phone: str | None) -> str:
    """The last two digits of a phone number ("05"), or "" when it is gone (purged)."""
    digits = [ch for ch in phone or "" if ch.isdigit()]
    return "".join(digits[-2:]) if len(digits) >= 2 else ""


def delivery_chip(status: str, failed: bool) -> str:
    """The chip for a conversation status: `not_delivered` when the number is undeliverable, or an SMS to an
    unfinished conversation failed or went undelivered; otherwise the status itself."""
    return NOT_DELIVERED if status == Status.UNDELIVERABLE or (failed and status in OPEN) else status


def failed_delivery() -> ColumnElement[bool]:
    """Outbound messages that failed to send or were reported undelivered (for a WHERE clause)."""
    return and_(Message.direction == "out",
                or_(Message.status == "failed", Message.delivery_status.in_(FAILED_DELIVERY)))
