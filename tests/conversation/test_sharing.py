"""The sharing choice in the engine: what the others at the meeting may see. Answered with the number only;
anything else is re-asked and changes nothing; HOPPA, STOPP and expiry leave the safe default (none); the
read-back shows the choice as a numbered line and ÄNDRA changes it; paper carries it too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversation import Conversation, PaperAnswers, Reply, SharingChosen, Status, StatusChanged, Text, Timer

TODAY = dt.date(2026, 11, 23)


def at_sharing(engine: Any, flow: str = "youth") -> Conversation:
    """A conversation that has answered every area and what matters most: the sharing question is next."""
    conv = engine.begin(flow, "sv", org="X", date=TODAY).conversation
    for body in ["hej", "ja", *["4"] * 8, "skolan"]:
        conv = engine.step(conv, Text(body, TODAY)).conversation
    assert conv.state == "sharing"
    return conv


@pytest.mark.parametrize(("body", "choice"), [("1", "all"), ("2", "ratings"), ("3", "none"), ("٢", "ratings"),
                                              ("۳", "none"), ("፩", "all"), ("två", "ratings"), (" 3. ", "none"),
                                              ("1️⃣", "all"), ("\u200f٣", "none")])
@pytest.mark.parametrize("flow", ["youth", "guardian"])
def test_a_number_chooses_and_moves_to_the_readback(texts_and_engine: Any, flow: str, body: str,
                                                    choice: str) -> None:
    _, engine = texts_and_engine
    step = engine.step(at_sharing(engine, flow), Text(body, TODAY))
    assert (step.conversation.state, step.conversation.sharing) == ("readback", choice)
    assert step.events == (SharingChosen(choice),)
    assert [r.key for r in step.replies] == [f"{flow}.readback"]


@pytest.mark.parametrize("body", ["4", "0", "10", ":)", "🙂", "2 men inte orden", "alla", "ja", "nej", "", "1,5"])
def test_anything_else_is_re_asked_and_changes_nothing(texts_and_engine: Any, body: str) -> None:
    _, engine = texts_and_engine
    conv = at_sharing(engine)
    step = engine.step(conv, Text(body, TODAY))
    assert [r.key for r in step.replies] == ["common.reask_sharing"]
    assert step.events == ()
    assert (step.conversation.state, step.conversation.sharing, step.conversation.retries) == ("sharing", None, 1)


def test_help_explains_and_skip_means_none(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    conv = at_sharing(engine, "guardian")
    help_step = engine.step(conv, Text("HJÄLP", TODAY))
    assert [r.key for r in help_step.replies] == ["guardian.help_sharing"] and help_step.events == ()
    assert "Personalen ser ändå allt" in texts.render(help_step.replies[0], "sv")
    skipped = engine.step(conv, Text("HOPPA", TODAY))
    assert (skipped.conversation.state, skipped.conversation.sharing) == ("readback", "none")
    assert skipped.events == (SharingChosen("none"),)


@pytest.mark.parametrize(("inbound", "state"), [(Text("STOPP", TODAY), "opted_out"), (Timer("expire"), "expired")])
def test_stopping_or_expiring_before_choosing_leaves_none(texts_and_engine: Any, inbound: Any, state: str) -> None:
    _, engine = texts_and_engine
    step = engine.step(at_sharing(engine), inbound)
    assert (step.conversation.state, step.conversation.sharing) == (state, None)  # the export reads None as none
    assert not any(isinstance(e, SharingChosen) for e in step.events)


def test_readback_shows_the_choice_and_it_can_be_changed_there(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    readback = engine.step(at_sharing(engine), Text("1", TODAY))
    text = texts.render(readback.replies[0], "sv")
    assert "8 Höra till: 4\n9 Andra ser: alla svar\nViktigast: skolan" in text
    change = engine.step(readback.conversation, Text("ÄNDRA 9", TODAY))
    assert change.conversation.state == "sharing" and [r.key for r in change.replies] == ["youth.sharing"]
    assert change.conversation.sharing == "all" and change.events == ()  # unchanged until a new number comes
    again = engine.step(change.conversation, Text("3", TODAY))
    assert again.conversation.state == "readback" and again.events == (SharingChosen("none"),)
    assert "9 Andra ser: inget" in texts.render(again.replies[0], "sv")
    back = engine.step(again.conversation, Text("tillbaka", TODAY))
    assert back.conversation.state == "sharing"
    beyond = engine.step(again.conversation, Text("ÄNDRA 0", TODAY))
    assert [r.key for r in beyond.replies] == ["common.not_here", "youth.readback"]
    done = engine.step(again.conversation, Text("ja", TODAY))
    assert done.conversation.sharing == "none" and done.events == (StatusChanged(Status.COMPLETED),)


def test_the_choice_survives_storage_and_paper_carries_it(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = engine.step(at_sharing(engine), Text("2", TODAY)).conversation
    assert Conversation.from_data(conv.flow, conv.state, conv.data()) == conv
    invited = engine.begin("guardian", "sv", org="X", date=TODAY).conversation
    paper = engine.step(invited, PaperAnswers({"safe": (4, None)}, sharing="ratings"))
    assert paper.conversation.sharing == "ratings" and SharingChosen("ratings") in paper.events


def test_every_locale_renders_the_sharing_line(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for lang in texts.languages:
        for choice in engine.wheel.sharing_choices:
            line = Reply("common.readback_line", {"n": 9, "area": Reply("common.sharing.label"),
                                                  "rating": Reply(f"common.sharing.{choice}")})
            rendered = texts.render(line, lang)
            assert rendered.startswith("9 ") and texts.render(Reply(f"common.sharing.{choice}"), lang) in rendered
