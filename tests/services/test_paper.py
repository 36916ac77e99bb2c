"""Paper answers: typed in by staff, stored like SMS answers but marked `paper` with who helped; never over
SMS answers; concerns recorded as on SMS; the conversation ends so no more questions are sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.services.export import export_meeting
from bot.services.paper import PaperAnswer, PaperError, record_paper_answers
from bot.services.runtime import Runtime
from bot.store.models import Answer, Conversation, ConversationEvent, PaperSheet, Participant
from tests.support.common import NOW, PHONES

HELPER = "Modersmålslärare i somaliska"
SHEET = {"safe": PaperAnswer(4, "guriga waa fiican"), "healthy": PaperAnswer(2), "achieving": PaperAnswer(5),
         "nurtured": PaperAnswer(None, "  "), "active": PaperAnswer(3), "respected": PaperAnswer(4),
         "responsible": PaperAnswer(3), "included": PaperAnswer(5, "saaxiibo badan")}


def record(rt: Runtime, participant_id: str, answers: dict[str, PaperAnswer] | None = None,
           helper: str = HELPER, **kwargs: Any) -> None:
    with rt.db.begin() as s:
        record_paper_answers(s, rt.engine, participant_id, SHEET if answers is None else answers, helper,
                             rt.clock(), **kwargs)


def test_paper_answers_are_stored_as_paper_with_who_helped(rt: Runtime, invite_lang: Any, lang_meeting: str,
                                                          send_sms: Any) -> None:
    participant_id = invite_lang(PHONES[40], "so")
    record(rt, participant_id, matters_most="dugsiga", recorded_by="anna@flen.se")
    with rt.db() as s:
        conv = s.scalars(select(Conversation)).one()
        answers = {a.area: (a.rating, a.comment, a.source, a.language) for a in s.scalars(select(Answer))}
        sheet = s.scalars(select(PaperSheet)).one()
        document = export_meeting(s, lang_meeting, rt.engine.wheel.areas)
    assert answers["safe"] == (4, "guriga waa fiican", "paper", "so")
    assert answers["nurtured"] == (None, None, "paper", "so")  # an empty line stays empty
    assert {source for _, _, source, _ in answers.values()} == {"paper"} and len(answers) == 8
    assert (sheet.participant_id, sheet.helper, sheet.recorded_by) == (participant_id, HELPER, "anna@flen.se")
    assert (conv.status, conv.state, conv.open_phone, conv.matters_most) == ("completed", "completed", None,
                                                                             "dugsiga")
    assert conv.data["answers"]["included"]["comment"] == "saaxiibo badan"
    assert document is not None
    exported = document["participants"][0]
    assert exported["paper"] == {"helper": HELPER, "recorded_at": NOW.isoformat()}
    assert exported["areas"]["healthy"] == {"rating": 2, "comment": None, "followup": None, "dont_know": False}
    assert exported["status"] == "completed"
    assert (conv.sharing, exported["sharing"]) == ("none", "none")  # nothing circled: the others see nothing
    # the SMS conversation is over: a late reply gets the polite after-the-end text, no question
    reply = send_sms(PHONES[40], "haa")
    assert b"Mahadsanid! Jawaabahaaga waa la kaydiyay" in reply.data


def test_paper_answers_can_be_corrected(rt: Runtime, invite_lang: Any) -> None:
    participant_id = invite_lang(PHONES[41], "ar")
    record(rt, participant_id)
    record(rt, participant_id, {**SHEET, "safe": PaperAnswer(5)}, helper="Modersmålslärare i arabiska",
           sharing="ratings")
    with rt.db() as s:
        assert s.scalar(select(Answer.rating).where(Answer.area == "safe")) == 5
        assert s.scalar(select(Conversation.sharing)) == "ratings"
        assert s.scalars(select(PaperSheet.helper)).all() == ["Modersmålslärare i arabiska"]


def test_paper_never_overwrites_sms_answers(rt: Runtime, invite_lang: Any, send_sms: Any) -> None:
    participant_id = invite_lang(PHONES[42], "fi")
    for body in ("hei", "kyllä", "4"):
        send_sms(PHONES[42], body)
    with pytest.raises(PaperError, match="has answered by SMS"):
        record(rt, participant_id)
    with rt.db() as s:
        assert [(a.rating, a.source) for a in s.scalars(select(Answer))] == [(4, "sms")]
        assert s.scalars(select(PaperSheet)).all() == []


def test_paper_refused_while_answering_by_sms(rt: Runtime, invite_lang: Any, send_sms: Any) -> None:
    participant_id = invite_lang(PHONES[43], "uk")
    send_sms(PHONES[43], "привіт")
    with pytest.raises(PaperError, match="the conversation is active"):
        record(rt, participant_id)


@pytest.mark.parametrize(("answers", "helper", "message"), [
    ({"happy": PaperAnswer(3)}, HELPER, "unknown area 'happy'"),
    ({"safe": PaperAnswer(6)}, HELPER, "safe: rating must be 1-5 or empty"),
    ({"safe": PaperAnswer(0)}, HELPER, "safe: rating must be 1-5 or empty"),
    (SHEET, "   ", "say who helped"),
    (SHEET, "x" * 121, "say who helped"),
    (SHEET, HELPER + "|everything", "sharing must be one of all, ratings, none or empty"),
])
def test_bad_paper_input_changes_nothing(rt: Runtime, invite_lang: Any, answers: dict[str, PaperAnswer],
                                         helper: str, message: str) -> None:
    participant_id = invite_lang(PHONES[44], "ti")
    helper, _, sharing = helper.partition("|")
    with pytest.raises(PaperError, match=message):
        record(rt, participant_id, answers, helper, sharing=sharing or None)
    with rt.db() as s:
        assert s.scalars(select(Answer)).all() == [] and s.scalars(select(PaperSheet)).all() == []
        assert s.scalars(select(Conversation.status)).one() == "invited"


def test_unknown_participant(rt: Runtime) -> None:
    with pytest.raises(PaperError, match="unknown participant 'nobody'"):
        record(rt, "nobody")


def test_paper_concerns_are_recorded_as_on_sms(rt: Runtime, invite_lang: Any) -> None:
    participant_id = invite_lang(PHONES[45], "prs")
    record(rt, participant_id, {"safe": PaperAnswer(1, "مرا میزند"), "healthy": PaperAnswer(3)})
    with rt.db() as s:
        concerns = [(e.area, e.detail) for e in s.scalars(select(ConversationEvent)
                                                           .where(ConversationEvent.kind == "concern")
                                                           .order_by(ConversationEvent.id))]
        participant = s.get(Participant, participant_id)
        assert participant is not None and participant.conversation is not None
        assert participant.conversation.completed_at == NOW
    assert concerns == [("safe", "low_rating"), ("safe", "danger_words")]


def test_recorded_time_is_the_clock(rt: Runtime, invite_lang: Any, clock: Any) -> None:
    participant_id = invite_lang(PHONES[46], "en")
    clock["now"] = NOW + dt.timedelta(hours=2)
    record(rt, participant_id)
    with rt.db() as s:
        assert s.scalars(select(PaperSheet.recorded_at)).one() == NOW + dt.timedelta(hours=2)
