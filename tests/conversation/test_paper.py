"""Paper answers (bot/conversation/paper.py): a change from outside, applied as a turn that sends nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.conversation import (
    AnswerGiven,
    AreaAnswer,
    ConcernRaised,
    MattersMostGiven,
    PaperAnswers,
    SharingChosen,
    Status,
    StatusChanged,
    Text,
)

TODAY = dt.date(2026, 11, 23)


def test_paper_answers_complete_the_conversation_with_the_sms_concerns(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    declined = engine.step(engine.step(engine.begin("youth", "sv", org="X", date=TODAY).conversation,
                                       Text("hej", TODAY)).conversation, Text("nej", TODAY)).conversation
    sheet = PaperAnswers({"safe": (1, "pappa slår mig"), "healthy": (4, None)}, matters_most="vara med")
    step = engine.step(declined, sheet)
    assert step.conversation.state == "completed" and step.replies == ()
    assert step.conversation.answers["safe"] == AreaAnswer(rating=1, comment="pappa slår mig")
    assert step.conversation.answers["included"] == AreaAnswer()  # every area, empty where left empty
    assert [e for e in step.events if not isinstance(e, AnswerGiven)] == [
        ConcernRaised("safe", "low_rating"), ConcernRaised("safe", "danger_words"), MattersMostGiven("vara med"),
        SharingChosen("none"), StatusChanged(Status.COMPLETED)]  # nothing circled: the others see nothing
    assert {e.source for e in step.events if isinstance(e, AnswerGiven)} == {"paper"}
    answering = engine.step(engine.begin("youth", "sv", org="X", date=TODAY).conversation, Text("hej", TODAY))
    assert not engine.accepts(answering.conversation, "paper")  # an SMS conversation in progress: refused
    assert engine.step(answering.conversation, sheet).events == ()
