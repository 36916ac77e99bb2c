"""When each concern came in. Rule: read-only, and in the export's order, so export v1 stays as it is.

The v1 export lists a participant's concerns as {"area", "kind"} in event order; this adds the time each
was recorded (ConversationEvent.created_at, aware UTC). The caller has already checked that the meeting
belongs to the user's organisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Conversation, ConversationEvent, Participant


@dataclass(frozen=True)
class ConcernTime:
    """One concern as the export lists it, with the time it came in (aware UTC)."""

    area: str | None
    kind: str | None
    at: dt.datetime


def concern_times(s: Session, meeting_id: str) -> dict[str, list[ConcernTime]]:
    """Participant id -> their concerns with times, in the same order as the export's `concerns` list."""
    rows = s.execute(
        select(Participant.id, ConversationEvent.area, ConversationEvent.detail, ConversationEvent.created_at)
        .join(Conversation, Conversation.participant_id == Participant.id)
        .join(ConversationEvent, ConversationEvent.conversation_id == Conversation.id)
        .where(Participant.meeting_id == meeting_id, ConversationEvent.kind == "concern")
        .order_by(ConversationEvent.id)
    )
    times: dict[str, list[ConcernTime]] = {}
    for participant_id, area, kind, at in rows:
        times.setdefault(participant_id, []).append(ConcernTime(area=area, kind=kind, at=at))
    return times
