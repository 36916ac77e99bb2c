"""One participant's whole SMS thread for staff: every message in and out, in order, marked by kind.

Rule: read-only, and this does NOT check who asks (the caller found the participant in the user's organisation
and audits the view). Kinds: outbound `invitation` (sent before any answer), `reply`, `reminder`; inbound
`answer`, `question` (ends with a question mark: a person should answer it), `late` (after the conversation had
expired) and `after_stop` (after STOPP or a no). Questions are highlighted: staff answer them themselves (by
phone or at the meeting); the page says so and never pretends the SMS did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import Status
from bot.services.translations import written_language
from bot.store.models import ConversationEvent, Message, Participant

STOPPED = (Status.OPTED_OUT.value, Status.DECLINED.value)


@dataclass(frozen=True)
class ThreadItem:
    """One SMS as the messages tab shows it."""

    id: int
    direction: str  # in | out
    kind: str  # invitation | reply | reminder | answer | question | late | after_stop
    body: str
    at: dt.datetime
    language: str | None  # what it was written in (inbound: detected, None when unsure); outbound: sent in
    status: str  # the message's own status (received, late, sent, queued, failed, ...)
    due_at: dt.datetime | None  # a queued message's planned sending time

    @property
    def highlighted(self) -> bool:
        """Whether staff should act on it: a participant's question."""
        return self.kind == "question"


def is_question(body: str) -> bool:
    """Whether the participant asked something ("vem läser detta?", "؟" in Arabic script)."""
    return body.rstrip().endswith(("?", "؟", "？", "፧"))


def thread(s: Session, participant: Participant) -> list[ThreadItem]:
    """Every message of the participant's conversation, oldest first, each with its kind."""
    conv = participant.conversation
    if conv is None:
        return []
    messages = list(s.scalars(select(Message).where(Message.conversation_id == conv.id).order_by(Message.id)))
    stopped_at = s.scalar(select(ConversationEvent.created_at).where(
        ConversationEvent.conversation_id == conv.id, ConversationEvent.kind == "status",
        ConversationEvent.detail.in_(STOPPED)).order_by(ConversationEvent.id).limit(1))
    items, answered = [], False
    for m in messages:
        if m.direction == "in":
            kind, language = _inbound_kind(m, stopped_at), written_language(m.body, participant.language)
            answered = True
        else:  # before any answer, what we send unasked is the invitation (or its resend); after, a reminder
            kind = "reply" if m.in_reply_to_id else ("reminder" if answered else "invitation")
            language = participant.language
        items.append(ThreadItem(m.id, m.direction, kind, m.body, m.created_at, language, m.status, m.due_at))
    return items


def _inbound_kind(m: Message, stopped_at: dt.datetime | None) -> str:
    if m.status == "late":
        return "late"
    if stopped_at is not None and m.created_at > stopped_at:
        return "after_stop"
    return "question" if is_question(m.body) else "answer"

