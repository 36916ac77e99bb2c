"""The meeting export, schema `hjulsamtal.meeting.v1`: a stable contract for case files and staff tools.

Rule: texts are exactly what the participant wrote; ratings are integers 1-5 or null; all eight areas
are always present. Fields are only ever added: `bilingual`, `language_status` (the review status of the
participant's language: source | reviewed | draft, reviewer, date), `paper` (null, or who helped and
when the paper answers were typed in), `answer_languages` (area -> the language the conversation was
in when that area was answered, so staff know each comment's language), `sharing` (what the other
participants of the meeting may see: all | ratings | none; none when unanswered) and `translations` (field ->
staff's Swedish translation: text, translator, recorded_at; fields "<area>.comment", "<area>.followup",
"matters_most") per participant.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.conversation import Status, load_wheel
from bot.conversation.datafiles import FLOWS_DIR, LOCALES_DIR
from bot.reports.document import SCHEMA
from bot.services.reviews import recorded_reviews
from bot.store.models import AnswerTranslation, Conversation, Meeting, PaperSheet, Participant
from bot.texts.catalogue import Texts
from bot.texts.languages import LanguageStatus, language_statuses


def export_meeting(s: Session, meeting_id: str, areas: tuple[str, ...], texts: Texts | None = None
                   ) -> dict[str, Any] | None:
    """The export document of one meeting, or None if there is no such meeting (`texts`: the app's, for
    each language's effective review status; default: the locales as installed)."""
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
    ids = [p.id for p in participants]
    sheets = {sheet.participant_id: sheet for sheet in s.scalars(
        select(PaperSheet).where(PaperSheet.participant_id.in_(ids)))}
    statuses = language_statuses(texts or _installed_texts(), recorded_reviews(s))
    translated: dict[str, dict[str, Any]] = {}
    for row in s.scalars(select(AnswerTranslation).where(AnswerTranslation.participant_id.in_(ids))
                         .order_by(AnswerTranslation.field)):
        translated.setdefault(row.participant_id, {})[row.field] = {
            "text": row.text, "translator": row.translator, "recorded_at": row.recorded_at.isoformat()}
    return {
        "schema": SCHEMA,
        "meeting": {"id": meeting.id, "org": meeting.org.slug, "date": meeting.date.isoformat()},
        "participants": [_participant(p, areas, sheets.get(p.id), statuses)
                         | {"translations": translated.get(p.id, {})} for p in participants],
    }


@lru_cache(maxsize=1)
def _installed_texts() -> Texts:
    return Texts(LOCALES_DIR)


@lru_cache(maxsize=1)
def _sharing_default() -> str:
    """What an unanswered sharing choice means (flows/wheel.yaml: none, the others see nothing)."""
    return load_wheel(FLOWS_DIR).sharing_default


def language_status(lang: str, statuses: Mapping[str, LanguageStatus]) -> dict[str, Any]:
    """A language's effective review status as the export carries it (unknown languages are `draft`)."""
    status = statuses.get(lang)
    if status is None:
        return {"status": "draft", "reviewer": None, "date": None}
    return {"status": status.status, "reviewer": status.reviewer,
            "date": status.date.isoformat() if status.date else None}


def _participant(p: Participant, areas: tuple[str, ...], sheet: PaperSheet | None,
                 statuses: Mapping[str, LanguageStatus]) -> dict[str, Any]:
    conv = p.conversation
    given = {a.area: a for a in conv.answers} if conv else {}
    return {
        "id": p.id,
        "role": p.role,
        "language": p.language,
        "bilingual": p.bilingual,
        "language_status": language_status(p.language, statuses),
        "status": conv.status if conv else Status.INVITED.value,
        "paper": {"helper": sheet.helper, "recorded_at": sheet.recorded_at.isoformat()} if sheet else None,
        "answer_languages": {a.area: a.language for a in sorted(conv.answers, key=lambda a: areas.index(a.area))
                             if a.language} if conv else {},
        "areas": {
            area: {
                "rating": given[area].rating if area in given else None,
                "comment": given[area].comment if area in given else None,
                "followup": given[area].followup if area in given else None,
                "dont_know": given[area].dont_know if area in given else False,
            }
            for area in areas
        },
        "matters_most": conv.matters_most if conv else None,
        "sharing": (conv.sharing if conv else None) or _sharing_default(),
        "concerns": [{"area": e.area, "kind": e.detail} for e in conv.events if e.kind == "concern"]
        if conv else [],
        "completed_at": conv.completed_at.isoformat() if conv and conv.completed_at else None,
    }
