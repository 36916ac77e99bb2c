"""Paper answers: staff type in what a participant answered on the printed question sheet.

Rule: answers from paper are an engine input (PaperAnswers) like an SMS: the engine records them, each
marked `paper`, raises concerns exactly as the SMS path does (low `safe` rating, danger words), records the
sharing choice circled on the sheet (none when nothing is circled) and completes the conversation; the flow
says from which states paper is taken. They never overwrite what the participant wrote by SMS (a
conversation that has SMS answers, or is going on, is refused); one PaperSheet row says who helped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.services.apply import apply_step
from bot.store import conversations as sql
from bot.store.models import Answer, PaperSheet, Participant

HELPER_MAX = 120
PAPER = "paper"


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


def _validate(engine: eng.Engine, answers: Mapping[str, PaperAnswer], helper: str, sharing: str | None) -> None:
    wheel = engine.wheel
    if sharing is not None and sharing not in wheel.sharing_choices:
        raise PaperError(f"sharing must be one of {', '.join(wheel.sharing_choices)} or empty")
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
                         matters_most: str | None = None, recorded_by: str | None = None,
                         sharing: str | None = None) -> PaperSheet:
    """Store a participant's paper answers (marked `paper`, with who helped, and what the others at the meeting
    may see: None means the default, nothing); PaperError if not allowed."""
    _validate(engine, answers, helper, sharing)
    participant = s.get(Participant, participant_id)
    if participant is None or participant.conversation is None:
        raise PaperError(f"unknown participant {participant_id!r}")
    conv = sql.conversation_by_id(s.connection(), participant.conversation.id)  # locked
    sheet = s.scalar(select(PaperSheet).where(PaperSheet.participant_id == participant_id))
    sources = set(s.scalars(select(Answer.source).where(Answer.conversation_id == conv.id)))
    if sources - {PAPER}:
        raise PaperError("this participant has answered by SMS; paper answers would overwrite them")
    state = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    if not engine.accepts(state, "paper") or (sheet is None and conv.status == eng.Status.COMPLETED):
        raise PaperError(f"the conversation is {conv.status}; paper answers are for one not answered by SMS")
    sheet_answers = {area: (given.rating, _clean(given.comment)) for area, given in answers.items()}
    step = engine.step(state, eng.PaperAnswers(sheet_answers, _clean(matters_most), sharing))
    apply_step(s.connection(), conv, step.conversation, step.events, now)
    s.expire_all()  # written with Core: the session's copies are stale
    if sheet is None:
        sheet = PaperSheet(participant_id=participant_id, helper=helper.strip(), recorded_at=now)
        s.add(sheet)
    sheet.helper, sheet.recorded_by, sheet.recorded_at = helper.strip(), recorded_by, now
    return sheet
