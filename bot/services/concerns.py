"""Concerns reach a person: a concern event gets a review row and an e-mail to the meeting's responsible
staff member in the transaction that raised it; one nobody has marked seen in time goes once more to the
organisation's on-call address.

Rule: called by the one place a step is written (bot/services/apply.py), so a concern raised by SMS, after
STOPP or the end, or on a paper sheet is never missed; the escalation runs in the worker, and a concern is
escalated at most once (its `escalated_at` is set in the transaction that queues the e-mail; PostgreSQL
rows are claimed with SKIP LOCKED, so two workers never both escalate one).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from sqlalchemy import Connection, insert, select, update

from bot.services.mail import PENDING, queue_mail
from bot.services.runtime import Runtime
from bot.store.models import ConcernReview, Conversation, ConversationEvent, Mail, Participant


def note_concerns(conn: Connection, conversation_id: int, now: dt.datetime) -> None:
    """Give the conversation's new concern events their review rows and queue one e-mail to the owner."""
    meeting_id = conn.scalar(select(Participant.meeting_id).join(Conversation, Conversation.participant_id
                                                                  == Participant.id)
                             .where(Conversation.id == conversation_id))
    new = conn.scalars(
        select(ConversationEvent.id).outerjoin(ConcernReview, ConcernReview.event_id == ConversationEvent.id)
        .where(ConversationEvent.conversation_id == conversation_id, ConversationEvent.kind == "concern",
               ConcernReview.event_id.is_(None)).order_by(ConversationEvent.id)).all()
    if meeting_id is None or not new:
        return
    conn.execute(insert(ConcernReview), [{"event_id": event_id, "meeting_id": meeting_id, "raised_at": now}
                                         for event_id in new])
    waiting = conn.scalar(select(Mail.id).where(Mail.meeting_id == meeting_id, Mail.kind == "concern",
                                                Mail.status.in_(PENDING)).limit(1))
    if waiting is None:  # one e-mail not yet sent already says that an answer needs reading
        queue_mail(conn, "concern", "owner", meeting_id, new[0], now)


def escalate_due(rt: Runtime) -> int:
    """Queue one e-mail to the on-call address per meeting whose concerns nobody marked seen within
    CONCERN_ESCALATE_MINUTES; return how many were queued."""
    now = rt.clock()
    cutoff = now - dt.timedelta(minutes=rt.mail.escalate_minutes)
    with rt.db.begin() as s:
        due = s.execute(
            select(ConcernReview.event_id, ConcernReview.meeting_id)
            .where(ConcernReview.seen_at.is_(None), ConcernReview.escalated_at.is_(None),
                   ConcernReview.raised_at <= cutoff)
            .order_by(ConcernReview.meeting_id, ConcernReview.event_id).with_for_update(skip_locked=True)).all()
        queued = 0
        for meeting_id, rows in groupby(due, key=lambda row: row.meeting_id):
            events = [row.event_id for row in rows]
            s.execute(update(ConcernReview).where(ConcernReview.event_id.in_(events)).values(escalated_at=now))
            queue_mail(s.connection(), "escalation", "oncall", meeting_id, events[0], now)
            queued += 1
    return queued
