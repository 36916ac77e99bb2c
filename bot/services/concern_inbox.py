"""The concerns inbox of an organisation: every concern with its meeting, the participant's role, kind and
time; marking one seen (who, when) and handled (who, when, a short note, encrypted at rest).

Rule: every query is scoped to the organisation (another organisation's concern is None, as if it did not
exist); seen and handled are set once (a second click changes nothing), handled implies seen; the caller
writes the audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot.services.meetings import InputError
from bot.store.models import ConcernReview, Conversation, ConversationEvent, Meeting, MeetingInfo, Participant, User

NOTE_MAX = 500  # characters of a handled note


@dataclass(frozen=True)
class ConcernItem:
    """One concern as the inbox shows it."""

    event_id: int
    meeting_id: str
    meeting_date: dt.date
    meeting_time: dt.time | None
    label: str
    role: str
    kind: str  # low_rating | danger_words
    area: str | None
    raised_at: dt.datetime
    seen_at: dt.datetime | None
    seen_by: str | None  # e-mail of the staff member
    handled_at: dt.datetime | None
    handled_by: str | None
    note: str | None


def inbox(s: Session, org_id: int, meeting_id: str | None = None) -> list[ConcernItem]:
    """The organisation's concerns (or one meeting's): unseen first, then newest first."""
    seen_by, handled_by = aliased(User), aliased(User)
    query = (select(ConcernReview, ConversationEvent, Participant, Meeting, MeetingInfo.label, seen_by.email,
                    handled_by.email)
             .join(ConversationEvent, ConversationEvent.id == ConcernReview.event_id)
             .join(Conversation, Conversation.id == ConversationEvent.conversation_id)
             .join(Participant, Participant.id == Conversation.participant_id)
             .join(Meeting, Meeting.id == ConcernReview.meeting_id)
             .outerjoin(MeetingInfo, MeetingInfo.meeting_id == Meeting.id)
             .outerjoin(seen_by, seen_by.id == ConcernReview.seen_by_id)
             .outerjoin(handled_by, handled_by.id == ConcernReview.handled_by_id)
             .where(Meeting.org_id == org_id))
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    items = [ConcernItem(review.event_id, meeting.id, meeting.date, meeting.time, label or "", participant.role,
                         event.detail or "", event.area, review.raised_at, review.seen_at, seen_email,
                         review.handled_at, handled_email, review.handled_note)
             for review, event, participant, meeting, label, seen_email, handled_email in s.execute(query)]
    return sorted(items, key=lambda c: (c.seen_at is not None, -c.raised_at.timestamp(), -c.event_id))


def review_of(s: Session, org_id: int, event_id: int) -> ConcernReview | None:
    """The review row of a concern of the organisation (locked), or None."""
    return s.scalar(select(ConcernReview).join(Meeting, Meeting.id == ConcernReview.meeting_id)
                    .where(ConcernReview.event_id == event_id, Meeting.org_id == org_id).with_for_update())


def mark_seen(review: ConcernReview, user: User, now: dt.datetime) -> bool:
    """Mark the concern seen by `user`; False if it already was (nothing changes)."""
    if review.seen_at is not None:
        return False
    review.seen_at, review.seen_by_id = now, user.id
    return True


def mark_handled(review: ConcernReview, user: User, note: str, now: dt.datetime) -> bool:
    """Mark the concern handled with a short note (and seen, if it was not); False if it already was."""
    note = " ".join(note.split())
    if not note or len(note) > NOTE_MAX:
        raise InputError(f"the note must be 1-{NOTE_MAX} characters")
    if review.handled_at is not None:
        return False
    mark_seen(review, user, now)
    review.handled_at, review.handled_by_id, review.handled_note = now, user.id, note
    return True


def unseen_by_meeting(s: Session, org_id: int) -> dict[str, int]:
    """Meeting id -> how many of its concerns nobody has marked seen (the meetings list's badge)."""
    rows = s.execute(select(ConcernReview.meeting_id, func.count())
                     .join(Meeting, Meeting.id == ConcernReview.meeting_id)
                     .where(Meeting.org_id == org_id, ConcernReview.seen_at.is_(None))
                     .group_by(ConcernReview.meeting_id)).all()
    return {meeting_id: count for meeting_id, count in rows}


def unseen_youth_concern(s: Session, meeting_id: str) -> bool:
    """Whether a youth of the meeting has a concern nobody has marked seen (warn before guardians get SMS)."""
    return s.scalar(select(ConcernReview.event_id)
                    .join(ConversationEvent, ConversationEvent.id == ConcernReview.event_id)
                    .join(Conversation, Conversation.id == ConversationEvent.conversation_id)
                    .join(Participant, Participant.id == Conversation.participant_id)
                    .where(ConcernReview.meeting_id == meeting_id, ConcernReview.seen_at.is_(None),
                           Participant.role == "youth").limit(1)) is not None
