"""The engine reads people as they write (issue 13): natural ratings, "don't know", help on confusion,
questions about the service, opt-out intents, yes/no variants, read-back changes and danger in any grammar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversation import (
    AnswerGiven,
    AreaAnswer,
    ConcernRaised,
    Conversation,
    Reply,
    Status,
    StatusChanged,
    Step,
    Text,
)

TODAY = dt.date(2026, 11, 23)


def at(engine: Any, state: str, lang: str = "sv", flow: str = "youth") -> Conversation:
    """A conversation in `state`; at the read-back every area is answered."""
    answers = {a: AreaAnswer(rating=4) for a in engine.wheel.areas} if state == "readback" else {}
    return Conversation(flow=flow, state=state, lang=lang, answers=answers,
                        matters_most="Skolan" if state == "readback" else None)


def send(engine: Any, conv: Conversation, text: str) -> Step:
    return engine.step(conv, Text(text, TODAY))


def keys(step: Step) -> list[str]:
    return [r.key for r in step.replies]


@pytest.fixture
def engine(texts_and_engine: Any) -> Any:
    return texts_and_engine[1]


@pytest.mark.parametrize(("text", "rating", "comment"), [
    ("typ 4", 4, None), ("en 3:a", 3, None), ("4/5", 4, None), ("Fyra, har bra kompisar", 4, "har bra kompisar"),
    ("Jag tycker 2 för jag har inga vänner", 2, "för jag har inga vänner"), ("4 stopp i skolan", 4, "stopp i skolan"),
])
def test_natural_ratings_are_recorded_with_their_comment(engine: Any, text: str, rating: int,
                                                         comment: str | None) -> None:
    step = send(engine, at(engine, "q_safe"), text)
    assert step.conversation.answers["safe"] == AreaAnswer(rating=rating, comment=comment)
    assert step.conversation.state == ("f_safe" if rating <= 2 else "q_healthy")


@pytest.mark.parametrize(("text", "low", "high"), [("3-4", 3, 4), ("3,5", 3, 4), ("mellan 2 och 3", 2, 3)])
def test_a_range_or_a_half_asks_which_of_the_two(engine: Any, text: str, low: int, high: int) -> None:
    step = send(engine, at(engine, "q_safe"), text)
    assert step.replies == (Reply("common.rating_choice", {"low": low, "high": high}, role="youth"),)
    assert step.conversation.state == "q_safe" and step.events == ()
    assert send(engine, step.conversation, str(high)).conversation.answers["safe"].rating == high


@pytest.mark.parametrize("text", ["10", "0", "6", "10 av 10", "-1"])
def test_a_number_off_the_scale_is_never_a_rating(engine: Any, text: str) -> None:
    step = send(engine, at(engine, "q_safe"), text)
    assert keys(step) == ["common.reask_rating"] and step.conversation.answers == {}


def test_dont_know_is_an_answer_of_its_own(engine: Any) -> None:
    step = send(engine, at(engine, "q_healthy"), "vet inte")
    assert step.conversation.state == "q_achieving" and keys(step) == ["youth.q.achieving"]
    assert step.conversation.answers["healthy"] == AreaAnswer(rating=None, dont_know=True)
    assert step.events == (AnswerGiven("healthy", None, None, dont_know=True),)
    data = step.conversation.data()
    assert Conversation.from_data("youth", "q_achieving", data).answers["healthy"].dont_know
    lines = engine.readback_lines(step.conversation, engine.flows["youth"])
    assert lines[1].params["rating"] == Reply("common.dont_know")  # the read-back says "vet inte"
    assert lines[2].params["rating"] == Reply("common.no_answer")
    again = send(engine, at(engine, "q_healthy"), "3")  # a rating clears the mark
    assert again.conversation.answers["healthy"].dont_know is False


@pytest.mark.parametrize(("state", "help_key"), [
    ("q_safe", "common.help_rating"), ("consent", "common.help_consent"), ("readback", "common.help_readback"),
    ("matters_most", "common.help_text"),
])
@pytest.mark.parametrize("text", ["?", "??", "vad menar du", "fattar inte"])
def test_confusion_gives_the_steps_help(engine: Any, state: str, help_key: str, text: str) -> None:
    step = send(engine, at(engine, state), text)
    assert keys(step) == [help_key] and step.conversation.state == state


def test_dont_know_where_no_rating_is_asked_gives_help(engine: Any) -> None:
    assert keys(send(engine, at(engine, "consent"), "vet inte")) == ["common.help_consent"]


@pytest.mark.parametrize(("state", "text", "intent", "then"), [
    ("q_safe", "vem läser det här?", "who_reads", "youth.q.safe"),
    ("consent", "får mina föräldrar se?", "parents", "youth.consent"),
    ("consent", "är det anonymt?", "anonymous", "youth.consent"),
    ("readback", "vad händer sen?", "next", "youth.readback"),
    ("invited", "vem är det här?", "who_reads", "youth.consent"),  # a reply to the invitation starts
])
def test_questions_about_the_service_get_an_answer_and_the_question_again(engine: Any, state: str, text: str,
                                                                          intent: str, then: str) -> None:
    step = send(engine, at(engine, state), text)
    assert keys(step) == [f"questions.{intent}", then]


@pytest.mark.parametrize(("lang", "text"), [
    ("sv", "sluta skicka sms"), ("sv", "vill inte vara med"), ("sv", "skicka inte mer"), ("sv", "snälla sluta"),
    ("en", "stop please"), ("en", "don't text me"), ("uk", "не пишіть мені"), ("ar", "لا ترسلوا رسائل"),
])
@pytest.mark.parametrize("state", ["invited", "consent", "q_safe", "f_safe", "matters_most", "readback"])
def test_opt_out_intents_end_the_conversation_exactly_as_stopp(engine: Any, lang: str, text: str,
                                                                state: str) -> None:
    stopp = send(engine, at(engine, state, lang), "STOPP")
    step = send(engine, at(engine, state, lang), text)
    assert (step.conversation.state, step.replies, step.events) == (
        stopp.conversation.state, stopp.replies, stopp.events)
    assert step.conversation.state == "opted_out" and step.events == (StatusChanged(Status.OPTED_OUT),)


def test_ambiguous_words_are_not_an_opt_out(engine: Any) -> None:
    step = send(engine, at(engine, "q_safe"), "orkar inte")
    assert keys(step) == ["common.reask_rating"] and step.events == ()
    danger = send(engine, at(engine, "q_safe"), "orkar inte leva")
    assert keys(danger) == ["youth.disclosure"] and danger.conversation.paused
    assert danger.events == (ConcernRaised("safe", "danger_words"),)


def test_commands_are_whole_messages(engine: Any) -> None:
    step = send(engine, at(engine, "f_safe"), "hjälp mig med matten")
    assert step.conversation.answers["safe"].followup == "hjälp mig med matten"
    assert send(engine, at(engine, "q_safe"), "stopp i skolan").conversation.state == "q_safe"


@pytest.mark.parametrize(("lang", "text", "state"), [
    ("sv", "visst", "q_safe"), ("sv", "kör", "q_safe"), ("sv", "ja då", "q_safe"), ("sv", "👍", "q_safe"),
    ("sv", "👎", "declined"), ("ar", "اه", "q_safe"), ("ar", "aywa", "q_safe"), ("uk", "да", "q_safe"),
    ("uk", "нет", "declined"), ("ti", "ewe", "q_safe"), ("prs", "bale", "q_safe"), ("so", "haa", "q_safe"),
    ("en", "sure", "q_safe"), ("fi", "joo", "q_safe"),
])
def test_yes_and_no_as_people_write_them(engine: Any, lang: str, text: str, state: str) -> None:
    assert send(engine, at(engine, "consent", lang), text).conversation.state == state


def test_somali_gargaar_is_help(engine: Any) -> None:
    assert keys(send(engine, at(engine, "consent", "so"), "gargaar")) == ["common.help_consent"]


@pytest.mark.parametrize(("text", "state"), [
    ("ändra trygg", "q_safe"), ("ändra nr 3", "q_achieving"), ("Ändra må bra", "q_healthy"),
    ("nej ändra 8", "q_included"), ("ja det stämmer", "completed"),
])
def test_read_back_changes_by_number_or_name(engine: Any, text: str, state: str) -> None:
    step = send(engine, at(engine, "readback"), text)
    assert step.conversation.state == state


def test_change_to_a_rating_sets_it_and_reads_back_again(engine: Any) -> None:
    step = send(engine, at(engine, "readback"), "ändra 3 till 5")
    assert keys(step) == ["youth.readback"] and step.conversation.state == "readback"
    assert step.conversation.answers["achieving"].rating == 5
    assert AnswerGiven("achieving", 5, None) in step.events
    lines = step.replies[0].params["lines"]
    assert isinstance(lines, tuple) and lines[2].params["rating"] == 5
    low = send(engine, at(engine, "readback"), "ändra trygg till 2")  # a low rating gets its follow-up first
    assert keys(low) == ["youth.followup"]
    assert keys(send(engine, low.conversation, "mer hjälp")) == ["youth.readback"]
    assert keys(send(engine, at(engine, "readback"), "ändra 3 till 9")) == ["common.not_here", "youth.readback"]


@pytest.mark.parametrize("text", ["3 han slog mig igår", "jag blir slagen hemma", "jag har skurit mig",
                                  "jag självskadar", "jag vågar inte vara hemma", "мене б'ють", "می خواهم بمیرم"])
def test_danger_in_any_grammar_raises_a_concern(engine: Any, text: str) -> None:
    step = send(engine, at(engine, "q_safe"), text)
    assert ConcernRaised("safe", "danger_words") in step.events and keys(step) == ["youth.disclosure"]
