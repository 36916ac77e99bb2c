"""The meeting export, schema `hjulsamtal.meeting.v1`: a stable contract for case files and staff tools.

Rule: texts are exactly what the participant wrote; ratings are integers 1-5 or null; all eight areas
are always present.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import Conversation, Meeting, Participant

SCHEMA = "hjulsamtal.meeting.v1"


def export_meeting(s: Session, meeting_id: str, areas: tuple[str, ...]) -> dict[str, Any] | None:
    """The export document of one meeting, or None if there is no such meeting."""
    meeting = s.scalar(
        select(Meeting).where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.participants).selectinload(Participant.conversation)
                 .selectinload(Conversation.answers),
                 selectinload(Meeting.participants).selectinload(Participant.conversation)
                 .selectinload(Conversation.events))
    )
    if meeting is None:
        return None
    participants = sorted(meeting.participants, key=lambda p: (p.role != "youth", p.created_at, p.id))
    return {
        "schema": SCHEMA,
        "meeting": {"id": meeting.id, "org": meeting.org.slug, "date": meeting.date.isoformat()},
        "participants": [_participant(p, areas) for p in participants],
    }


def _participant(p: Participant, areas: tuple[str, ...]) -> dict[str, Any]:
    conv = p.conversation
    given = {a.area: a for a in conv.answers} if conv else {}
    return {
        "id": p.id,
        "role": p.role,
        "language": p.language,
        "status": conv.status if conv else "invited",
        "areas": {
            area: {
                "rating": given[area].rating if area in given else None,
                "comment": given[area].comment if area in given else None,
                "followup": given[area].followup if area in given else None,
            }
            for area in areas
        },
        "matters_most": conv.matters_most if conv else None,
        "concerns": [{"area": e.area, "kind": e.detail} for e in conv.events if e.kind == "concern"]
        if conv else [],
        "completed_at": conv.completed_at.isoformat() if conv and conv.completed_at else None,
    }
