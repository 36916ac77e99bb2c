"""Paper answers: staff type in what a participant answered on the printed question sheet.

Rule: answers from paper are stored like SMS answers, each row marked `paper`, with one PaperSheet row
saying who helped; they never overwrite what the participant wrote by SMS (a conversation that has SMS
answers, or is going on, is refused). Recording completes the conversation (no more questions by SMS)
and records concerns exactly as the SMS path does (low `safe` rating, danger words), for human reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.store.models import Answer, Conversation, ConversationEvent, PaperSheet, Participant

HELPER_MAX = 120
PAPER = "paper"
OPEN_FOR_PAPER = ("invited", "declined", "expired", "opted_out")


class PaperError(ValueError):
    """Paper answers cannot be recorded; the message is one line, shown as is."""


@dataclass(frozen=True)
class PaperAnswer:
    """One area as written on the sheet: a rating 1-5 (None if left empty) and the words by it."""

    rating: int | None = None
    comment: str | None = None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _validate(engine: eng.Engine, answers: Mapping[str, PaperAnswer], helper: str) -> None:
    wheel = engine.wheel
    unknown = sorted(set(answers) - set(wheel.areas))
    if unknown:
        raise PaperError(f"unknown area {unknown[0]!r}; areas are {', '.join(wheel.areas)}")
    for area, answer in answers.items():
        if answer.rating is not None and not wheel.scale_min <= answer.rating <= wheel.scale_max:
            raise PaperError(f"{area}: rating must be {wheel.scale_min}-{wheel.scale_max} or empty")
    if not helper.strip() or len(helper.strip()) > HELPER_MAX:
        raise PaperError(f"say who helped (1-{HELPER_MAX} characters), e.g. 'modersmålslärare i somaliska'")


def record_paper_answers(s: Session, engine: eng.Engine, participant_id: str,
                         answers: Mapping[str, PaperAnswer], helper: str, now: dt.datetime, *,
                         matters_most: str | None = None, recorded_by: str | None = None) -> PaperSheet:
    """Store a participant's paper answers (marked `paper`, with who helped); PaperError if not allowed."""
    _validate(engine, answers, helper)
    participant = s.get(Participant, participant_id)
    if participant is None or participant.conversation is None:
        raise PaperError(f"unknown participant {participant_id!r}")
    conv = s.scalars(select(Conversation).where(Conversation.id == participant.conversation.id)
                     .with_for_update()).one()
    sheet = s.scalar(select(PaperSheet).where(PaperSheet.participant_id == participant_id))
    rows = {a.area: a for a in s.scalars(select(Answer).where(Answer.conversation_id == conv.id))}
    if any(row.source != PAPER for row in rows.values()):
        raise PaperError("this participant has answered by SMS; paper answers would overwrite them")
    if sheet is None and conv.status not in OPEN_FOR_PAPER:
        raise PaperError(f"the conversation is {conv.status}; paper answers are for one not answered by SMS")

    state = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    for area in engine.wheel.areas:
        given = answers.get(area, PaperAnswer())
        comment = _clean(given.comment)
        row = rows.get(area) or Answer(conversation_id=conv.id, area=area)
        row.rating, row.comment, row.followup, row.source, row.updated_at = given.rating, comment, None, PAPER, now
        row.language = participant.language
        s.add(row)
        state.answers[area] = eng.AreaAnswer(rating=given.rating, comment=comment)
        concern_rating = given.rating is not None and given.rating <= engine.wheel.concern_max
        if area == engine.wheel.concern_area and concern_rating:
            s.add(ConversationEvent(conversation_id=conv.id, kind="concern", area=area, detail="low_rating",
                                    created_at=now))
        if comment and engine.lexicon.has_danger(comment):
            s.add(ConversationEvent(conversation_id=conv.id, kind="concern", area=area, detail="danger_words",
                                    created_at=now))
    state.matters_most = conv.matters_most = _clean(matters_most)
    if state.matters_most and engine.lexicon.has_danger(state.matters_most):
        s.add(ConversationEvent(conversation_id=conv.id, kind="concern", detail="danger_words", created_at=now))
    if conv.status != "completed":
        s.add(ConversationEvent(conversation_id=conv.id, kind="status", detail="completed", created_at=now))
    state.state = "completed"
    conv.state, conv.status, conv.data = "completed", "completed", state.data()
    conv.completed_at = conv.completed_at or now
    conv.updated_at, conv.open_phone = now, None
    if sheet is None:
        sheet = PaperSheet(participant_id=participant_id, helper=helper.strip(), recorded_at=now)
        s.add(sheet)
    sheet.helper, sheet.recorded_by, sheet.recorded_at = helper.strip(), recorded_by, now
    return sheet
