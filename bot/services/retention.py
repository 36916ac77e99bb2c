"""Retention: delete a meeting's personal data once its organisation's retention has passed.

Rule: a purge deletes the participants (phones), conversations, answers, messages, events, due actions,
paper sheets, translations, staff notes, concern reviews and the meeting's label of one meeting in one
transaction and keeps only
counts (MeetingStats); the meeting row (date, org) stays. The log names the meeting id and the counts,
never a phone or a text. MessageSids' keyed hashes (SeenSid) stay SID_MEMORY, longer than a meeting's data,
so a request replayed after a purge is still refused (bot/services/inbound.py). Run daily by the worker
(`hjulsamtal purge` by hand; `--export-dir` writes each
meeting's export first, for the case file, 0600 in a folder made 0700). After a purge, `overwrite_deleted`
checkpoints SQLite's WAL so that no deleted ciphertext stays on disk (bot/store/db.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.services.export import export_meeting
from bot.services.inbound import SID_MEMORY
from bot.services.mail import cancel_for_meeting
from bot.services.runtime import Runtime
from bot.store.db import checkpoint
from bot.store.models import (
    Answer,
    AnswerTranslation,
    ConcernReview,
    Conversation,
    ConversationEvent,
    DueAction,
    Meeting,
    MeetingInfo,
    MeetingStats,
    Message,
    Organisation,
    PaperSheet,
    Participant,
    ParticipantInfo,
    SeenSid,
)

log = logging.getLogger("hjulsamtal.retention")


def past_retention(s: Session, today: dt.date) -> list[str]:
    """Ids of meetings not yet purged whose date + their organisation's retention days is before today."""
    rows = s.execute(
        select(Meeting.id, Meeting.date, Organisation.retention_days).join(Organisation)
        .outerjoin(MeetingStats, MeetingStats.meeting_id == Meeting.id)
        .where(MeetingStats.meeting_id.is_(None), Meeting.date < today).order_by(Meeting.date, Meeting.id)
    ).all()
    return [r.id for r in rows if r.date + dt.timedelta(days=r.retention_days) < today]


def purge_meeting(s: Session, meeting_id: str, now: dt.datetime, reason: str) -> dict[str, Any] | None:
    """Delete one meeting's personal data, keep its counts; None if unknown or already purged."""
    meeting = s.get(Meeting, meeting_id, with_for_update=True)
    if meeting is None or s.get(MeetingStats, meeting_id) is not None:
        return None
    people = select(Participant.id).where(Participant.meeting_id == meeting_id)
    convs = select(Conversation.id).where(Conversation.participant_id.in_(people))
    counts: dict[str, Any] = {
        "participants": s.scalar(select(func.count()).select_from(Participant)
                                 .where(Participant.meeting_id == meeting_id)),
        "status": dict(Counter(s.scalars(select(Conversation.status).where(Conversation.id.in_(convs))))),
        "answers": _count(s, Answer, Answer.conversation_id.in_(convs)),
        "messages_in": _count(s, Message, Message.conversation_id.in_(convs), Message.direction == "in"),
        "messages_out": _count(s, Message, Message.conversation_id.in_(convs), Message.direction == "out"),
        "concerns": _count(s, ConversationEvent, ConversationEvent.conversation_id.in_(convs),
                           ConversationEvent.kind == "concern"),
    }
    s.execute(delete(DueAction).where(DueAction.conversation_id.in_(convs)))
    s.execute(delete(Answer).where(Answer.conversation_id.in_(convs)))
    s.execute(delete(ConcernReview).where(ConcernReview.meeting_id == meeting_id))  # its note may name people
    cancel_for_meeting(s, meeting_id)
    s.execute(delete(ConversationEvent).where(ConversationEvent.conversation_id.in_(convs)))
    s.execute(delete(Message).where(Message.conversation_id.in_(convs), Message.in_reply_to_id.is_not(None)))
    s.execute(delete(Message).where(Message.conversation_id.in_(convs)))
    s.execute(delete(Conversation).where(Conversation.id.in_(convs)))
    s.execute(delete(PaperSheet).where(PaperSheet.participant_id.in_(people)))
    s.execute(delete(AnswerTranslation).where(AnswerTranslation.participant_id.in_(people)))
    s.execute(delete(ParticipantInfo).where(ParticipantInfo.participant_id.in_(people)))
    s.execute(delete(Participant).where(Participant.meeting_id == meeting_id))
    s.execute(delete(MeetingInfo).where(MeetingInfo.meeting_id == meeting_id))  # its label may name the child
    s.add(MeetingStats(meeting_id=meeting_id, counts=counts, purged_at=now, reason=reason))
    s.expire_all()
    log.info("purged meeting %s (%s): %s", meeting_id, reason, json.dumps(counts, sort_keys=True))
    return counts


def _count(s: Session, model: type[Any], *where: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def purge_due(rt: Runtime, export_dir: Path | None = None) -> list[str]:
    """Purge every meeting past retention, one transaction each; return their ids."""
    with rt.db.begin() as s:
        due = past_retention(s, rt.today())
        s.execute(delete(SeenSid).where(SeenSid.seen_on < rt.today() - SID_MEMORY))  # Twilio's own is gone
    done = []
    for meeting_id in due:
        with rt.db.begin() as s:
            if export_dir is not None:
                write_export(s, rt, meeting_id, export_dir)
            if purge_meeting(s, meeting_id, rt.clock(), "retention") is not None:
                done.append(meeting_id)
    if done:
        overwrite_deleted(rt)
    return done


def overwrite_deleted(rt: Runtime) -> None:
    """After a purge has committed: nothing of the deleted rows stays in SQLite's WAL (secure_delete has
    zeroed them in the pages)."""
    checkpoint(rt.db_engine)


def write_export(s: Session, rt: Runtime, meeting_id: str, export_dir: Path) -> Path | None:
    """Write the meeting's export (hjulsamtal.meeting.v1) to export_dir/<id>.json before a purge."""
    document = export_meeting(s, meeting_id, rt.engine.wheel.areas, rt.texts)
    if document is None:
        return None
    if not export_dir.exists():
        export_dir.mkdir(mode=0o700, parents=True)
    path = export_dir / f"{meeting_id}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the participants' answers in clear
    os.fchmod(fd, 0o600)  # also if the file was there before
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(document, ensure_ascii=False, indent=2))
    return path
