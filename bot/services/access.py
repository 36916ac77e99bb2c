"""Everything stored about one phone number, for a request for access (GDPR art. 15, registerutdrag).
Rule: found by the number's blind index; the report is printed by `hjulsamtal access`, never logged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.services.export import export_meeting
from bot.services.runtime import Runtime
from bot.store.models import Conversation, Message, Participant

SCHEMA = "hjulsamtal.access.v1"


def access_report(s: Session, rt: Runtime, phone: str) -> dict[str, Any]:
    """Every participant with this E.164 number: their meeting's export entry and every SMS in and out."""
    participants = s.scalars(
        select(Participant).where(Participant.phone_index == rt.phone_hash(phone))
        .options(selectinload(Participant.meeting), selectinload(Participant.conversation))
        .order_by(Participant.created_at, Participant.id)
    ).all()
    found = []
    for p in participants:
        document = export_meeting(s, p.meeting_id, rt.engine.wheel.areas, rt.texts) or {"participants": []}
        entry = next(e for e in document["participants"] if e["id"] == p.id)
        conv: Conversation | None = p.conversation
        messages = [] if conv is None else s.execute(
            select(Message.direction, Message.body, Message.status, Message.created_at)
            .where(Message.conversation_id == conv.id).order_by(Message.id)).all()
        found.append({
            "meeting": document.get("meeting"),
            "phone": p.phone,
            "participant": entry,
            "messages": [{"direction": m.direction, "body": m.body, "status": m.status,
                          "at": m.created_at.isoformat()} for m in messages],
        })
    return {"schema": SCHEMA, "phone": phone, "participants": found}
