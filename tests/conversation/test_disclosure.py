"""After a worrying answer the participant is not just moved on: the role's disclosure reply alone, and the
questions pause until JA (bot/conversation/disclosure.py); after the end or after STOPP no SMS back, while staff
always get the concern."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from bot.conversation import (
    AreaAnswer,
    ConcernRaised,
    Conversation,
    FlowError,
    Status,
    StatusChanged,
    Step,
    Text,
    Timer,
    load_wheel,
)
from bot.conversation.datafiles import ROOT
from bot.conversation.flows import compile_flow

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def engine(texts_and_engine: Any) -> Any:
    return texts_and_engine[1]


def at(state: str, flow: str = "youth", lang: str = "sv", **data: Any) -> Conversation:
    return Conversation(flow=flow, state=state, lang=lang, **data)


def send(engine: Any, conv: Conversation, *bodies: str) -> Step:
    """Send each body in turn; the last step."""
    for body in bodies:
        step = engine.step(conv, Text(body, TODAY))
        conv = step.conversation
    return step


def keys(step: Step) -> list[str]:
    return [r.key for r in step.replies]


def paused(engine: Any, flow: str = "youth") -> Conversation:
    """Trygg rated 1: a concern, and the follow-up question held back."""
    return send(engine, at("q_safe", flow), "1").conversation


@pytest.mark.parametrize("flow", ["youth", "guardian"])
def test_a_low_safe_rating_gets_the_roles_disclosure_and_holds_the_next_question_back(engine: Any,
                                                                                       flow: str) -> None:
    step = send(engine, at("q_safe", flow), "1")
    assert keys(step) == [f"{flow}.disclosure"]
    assert ConcernRaised("safe", "low_rating") in step.events
    assert (step.conversation.state, step.conversation.paused) == ("f_safe", True)
    assert step.conversation.answers["safe"].rating == 1  # the answer is kept
    go_on = send(engine, step.conversation, "ja")
    assert keys(go_on) == [f"{flow}.followup"] and not go_on.conversation.paused
    assert go_on.events == ()


def test_danger_in_a_rating_keeps_the_answer_and_pauses_before_the_follow_up(engine: Any) -> None:
    step = send(engine, at("q_healthy"), "2 jag vill dö ibland")
    assert keys(step) == ["youth.disclosure"] and ConcernRaised("healthy", "danger_words") in step.events
    assert step.conversation.answers["healthy"] == AreaAnswer(rating=2, comment="jag vill dö ibland")
    assert (step.conversation.state, step.conversation.paused) == ("f_healthy", True)


def test_danger_not_read_as_an_answer_pauses_and_the_same_question_comes_back(engine: Any) -> None:
    step = send(engine, at("q_safe"), "orkar inte leva")
    assert keys(step) == ["youth.disclosure"] and step.conversation.state == "q_safe"
    assert keys(send(engine, step.conversation, "okej")) == ["youth.q.safe"]


def test_while_paused_another_worry_gets_the_disclosure_again_and_a_concern(engine: Any) -> None:
    step = send(engine, paused(engine), "pappa slår mig")
    assert keys(step) == ["youth.disclosure"] and step.events == (ConcernRaised("safe", "danger_words"),)
    assert step.conversation.paused and step.conversation.answers["safe"].followup is None
    yes_but = send(engine, paused(engine), "ja men han slår mig")  # a yes with danger in it: still paused
    assert keys(yes_but) == ["youth.disclosure"] and yes_but.conversation.paused


@pytest.mark.parametrize("body", ["nej", "vänta", "4", "hoppa", "tillbaka", "ändra 3", "hjälp", "?"])
def test_while_paused_anything_else_says_the_next_question_waits(engine: Any, body: str) -> None:
    conv = paused(engine)
    step = send(engine, conv, body)
    assert keys(step) == ["common.paused"] and step.events == ()
    assert step.conversation == conv  # nothing recorded, nothing moved


def test_while_paused_a_question_about_the_service_is_answered(engine: Any) -> None:
    step = send(engine, paused(engine), "får pappa se det här?")
    assert keys(step) == ["questions.parents", "common.paused"] and step.conversation.paused


def test_while_paused_stopp_ends_and_the_language_can_change(engine: Any) -> None:
    stop = send(engine, paused(engine), "STOPP")
    assert keys(stop) == ["common.stopped"] and stop.events == (StatusChanged(Status.OPTED_OUT),)
    assert (stop.conversation.state, stop.conversation.paused) == ("opted_out", False)
    menu = send(engine, paused(engine), "SPRÅK")
    assert keys(menu) == ["common.language_menu"]
    english = send(engine, menu.conversation, "2")
    assert keys(english) == ["common.paused"] and english.conversation.lang == "en" and english.conversation.paused
    assert keys(send(engine, english.conversation, "yes")) == ["youth.followup"]


def test_timers_while_paused(engine: Any) -> None:
    conv = paused(engine)
    assert keys(engine.step(conv, Timer("remind"))) == ["common.reminder"]
    expired = engine.step(conv, Timer("expire")).conversation
    assert (expired.state, expired.paused) == ("expired", False)


def test_a_worry_in_the_message_that_ends_the_conversation_gets_the_help_numbers_first(engine: Any) -> None:
    readback = at("readback", answers={a: AreaAnswer(rating=4) for a in engine.wheel.areas}, matters_most="X")
    step = send(engine, readback, "ja jag vill dö")
    assert keys(step) == ["youth.safety", "youth.thanks"] and step.conversation.state == "completed"
    assert ConcernRaised(None, "danger_words") in step.events


@pytest.mark.parametrize("flow", ["youth", "guardian"])
def test_after_the_end_or_stopp_danger_reaches_staff_with_no_sms_back(engine: Any, flow: str) -> None:
    done = send(engine, at("completed", flow), "jag vill dö")
    assert done.replies == ()
    assert done.events == (ConcernRaised(None, "danger_words"),) and not done.conversation.paused
    stopped = send(engine, at("opted_out", flow), "jag vill dö")
    assert stopped.replies == () and stopped.events == (ConcernRaised(None, "danger_words"),)


def test_paused_is_stored_with_the_conversation_and_old_rows_read_as_not_paused(engine: Any) -> None:
    conv = paused(engine)
    assert conv.data()["paused"] is True
    assert Conversation.from_data(conv.flow, conv.state, conv.data()) == conv
    unpaused = send(engine, conv, "ja").conversation
    assert "paused" not in unpaused.data()  # stored data stays as before when nothing waits
    assert Conversation.from_data("youth", "f_safe", {"lang": "sv"}).paused is False


def test_a_flow_must_name_its_replies() -> None:
    raw = yaml.safe_load((ROOT / "flows" / "youth.yaml").read_text(encoding="utf-8"))
    del raw["replies"]["disclosure"]
    with pytest.raises(FlowError, match="replies must name exactly safety, disclosure, paused"):
        compile_flow(raw, load_wheel(ROOT / "flows"), "youth.yaml")
