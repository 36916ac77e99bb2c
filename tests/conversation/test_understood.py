"""What was understood, said back (issue 16): a rating read from a word or a face leads the next SMS with
"Du svarade N."; a digit does not; the read-back's lines say it themselves; a changed rating that no longer
asks the follow-up drops its answer (FollowupDropped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversation import AnswerGiven, Conversation, FollowupDropped, FollowupGiven, Reply, Text
from bot.conversation.turn import UNDERSTOOD
from bot.conversation.understanding import understand

TODAY = dt.date(2026, 11, 23)


def play(engine: Any, *bodies: str, lang: str = "sv", flow: str = "youth") -> tuple[Conversation, Any]:
    conv = engine.begin(flow, lang, org="X", date=TODAY).conversation
    step = None
    for body in ("hej", "ja", *bodies):
        step = engine.step(conv, Text(body, TODAY))
        conv = step.conversation
    return conv, step


@pytest.mark.parametrize(("lang", "text", "value", "worded"), [
    ("sv", "😕", 2, True), ("sv", "fyra", 4, True), ("sv", "typ trea", 3, True), ("sv", ":)", 4, True),
    ("sv", "⭐⭐⭐", 3, True), ("sv", "3️⃣", 3, True), ("sv", "Fyra, har bra vuxna", 4, True),
    ("sv", "😀 fotboll!", 5, True), ("en", "five", 5, True), ("ar", "خمسة", 5, True), ("uk", "п'ять", 5, True),
    ("sv", "4", 4, False), ("sv", "typ 4", 4, False), ("sv", "4 bra kompisar", 4, False),
    ("sv", "hemma 4", 4, False), ("sv", "en 3:a", 3, False), ("sv", "5/5", 5, False), ("ar", "٤", 4, False),
    ("prs", "۳ خوب", 3, False), ("ti", "፫", 3, False),
])
def test_a_rating_knows_whether_it_was_a_digit(texts_and_engine: Any, lang: str, text: str, value: int,
                                               worded: bool) -> None:
    _, engine = texts_and_engine
    reading = understand(engine.lexicon, text, lang, "rating")
    assert (reading.kind, reading.value, reading.worded) == ("rating", value, worded)


@pytest.mark.parametrize(("text", "worded"), [("ändra 3 till fyra", True), ("ändra trygg till två", True),
                                              ("ändra 3 till 4", False), ("ändra 3 till 4:a", False)])
def test_a_readback_change_knows_whether_its_rating_was_a_word(texts_and_engine: Any, text: str,
                                                                worded: bool) -> None:
    _, engine = texts_and_engine
    reading = understand(engine.lexicon, text, "sv", "confirm")
    assert reading.kind == "change" and reading.other is not None and reading.worded is worded


def test_a_worded_rating_leads_the_next_question(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    _, step = play(engine, "fyra")
    assert [r.key for r in step.replies] == ["youth.q.healthy"]
    assert step.replies[0].lead == Reply(UNDERSTOOD, {"rating": 4})
    body = texts.render(step.replies[0], "sv")
    assert body.startswith("Du svarade 4.\nFråga 2 av 8.")


def test_a_digit_has_no_lead(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    _, step = play(engine, "4 bra")
    assert [(r.key, r.lead) for r in step.replies] == [("youth.q.healthy", None)]


def test_a_low_face_leads_the_followup_which_names_the_area(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    _, step = play(engine, "😕", flow="guardian")
    assert [r.key for r in step.replies] == ["guardian.followup"]
    assert texts.render(step.replies[0], "sv").startswith(
        "Du svarade 2.\nTrygg: Vad skulle kunna hjälpa ditt barn med det?")


def test_a_worrying_face_leads_the_disclosure_reply_with_what_was_understood(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    _, step = play(engine, ":(")
    assert [(r.key, r.lead) for r in step.replies] == [("youth.disclosure", Reply(UNDERSTOOD, {"rating": 1}))]
    assert texts.render(step.replies[0], "sv").startswith("Du svarade 1.\nTack för att du berättade.")
    assert "youth.disclosure" in engine.understood_keys  # so its budget is measured with the lead


@pytest.mark.parametrize("lang", ["sv", "en", "ar", "so", "ti", "prs", "fi", "uk"])
def test_every_language_says_what_was_understood_and_names_the_followups_area(texts_and_engine: Any,
                                                                               lang: str) -> None:
    texts, engine = texts_and_engine
    _, step = play(engine, "🙁", lang=lang)
    body = texts.render(step.replies[0], lang)
    first, rest = body.split("\n", 1)
    assert "2" in first and len(first) < 30
    assert rest.startswith(texts.render(Reply("area.safe"), lang) + ":")


def test_the_readback_has_no_lead_its_lines_say_it(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    conv, _ = play(engine, *["4"] * 8, "skolan", "1")
    assert conv.state == "readback"
    step = engine.step(conv, Text("ändra 3 till fem", TODAY))
    assert [(r.key, r.lead) for r in step.replies] == [("youth.readback", None)]
    assert "\n3 Lära nytt: 5\n" in texts.render(step.replies[0], "sv")


def test_a_worded_change_to_a_low_rating_leads_the_followup(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv, _ = play(engine, *["4"] * 8, "skolan", "1")
    step = engine.step(conv, Text("ändra 3 till två", TODAY))
    assert [(r.key, r.lead) for r in step.replies] == [("youth.followup", Reply(UNDERSTOOD, {"rating": 2}))]


def test_back_and_a_higher_rating_drop_the_followup(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv, _ = play(engine, "2", "fler vuxna", "tillbaka")
    assert conv.state == "q_safe" and conv.answers["safe"].followup == "fler vuxna"
    step = engine.step(conv, Text("4", TODAY))
    assert step.conversation.answers["safe"].followup is None
    assert step.events == (AnswerGiven("safe", 4, None), FollowupDropped("safe"))


@pytest.mark.parametrize("body", ["hoppa", "vet inte"])
def test_skipping_or_not_knowing_drops_the_followup_too(texts_and_engine: Any, body: str) -> None:
    _, engine = texts_and_engine
    conv, _ = play(engine, "2", "fler vuxna", "tillbaka")
    step = engine.step(conv, Text(body, TODAY))
    assert step.conversation.answers["safe"].followup is None
    assert FollowupDropped("safe") in step.events


def test_a_rating_still_low_keeps_the_followup_until_it_is_answered_again(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv, _ = play(engine, "2", "fler vuxna", "tillbaka")
    step = engine.step(conv, Text("1", TODAY))
    assert step.conversation.state == "f_safe" and step.conversation.answers["safe"].followup == "fler vuxna"
    assert not any(isinstance(e, FollowupDropped) for e in step.events)
    step = engine.step(step.conversation, Text("ja", TODAY))  # Trygg 1 paused the questions
    step = engine.step(step.conversation, Text("någon att prata med", TODAY))
    assert step.conversation.answers["safe"].followup == "någon att prata med"
    assert FollowupGiven("safe", "någon att prata med") in step.events


def test_a_readback_change_drops_the_followup(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv, _ = play(engine, "4", "2", "sover dåligt", *["4"] * 6, "skolan", "1")
    assert conv.state == "readback" and conv.answers["healthy"].followup == "sover dåligt"
    step = engine.step(conv, Text("ändra 2 till 4", TODAY))
    assert step.conversation.answers["healthy"].followup is None
    assert FollowupDropped("healthy") in step.events
