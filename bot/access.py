"""`hjulsamtal access --phone NUMBER`: everything stored about one phone number, for a request for access
(GDPR art. 15, registerutdrag). Rule: found by the number's blind index; printed, never logged.
"""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .export import export_meeting
from .models import Conversation, Message, Participant
from .phones import PhoneError, normalise_mobile
from .runtime import Runtime, runtime

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
        document = export_meeting(s, p.meeting_id, rt.engine.wheel.areas) or {"participants": []}
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


@click.command("access")
@click.option("--phone", required=True, help="The number the request is about, e.g. 070-174 06 05.")
@with_appcontext
def access_command(phone: str) -> None:
    """Print everything stored about a phone number (JSON), for a request for access."""
    try:
        number = normalise_mobile(phone)
    except PhoneError as exc:
        raise click.ClickException(str(exc)) from None
    rt = runtime()
    with rt.db() as s:
        report = access_report(s, rt, number)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
