"""Shared texts by role (issue 17): in uk and prs a guardian is addressed formally, a young person
informally; the engine marks each reply with its reader's role and rendering picks `guardian.shared.X` for
`common.X` (`guardian.shared.questions.X` for `questions.X`, the answers about the service) where the language
has it, in bilingual mode and over SMS too (bot/texts/roles.py). The check rule: tests/texts/test_role_check.py;
review page and PO file: tests/texts/test_role_review.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from bot.conversation import AreaAnswer, Conversation, Reply, Text
from bot.conversation.turn import UNDERSTOOD
from bot.services.runtime import Runtime
from bot.texts.bilingual import render_bodies
from bot.texts.roles import is_variant, key_for, shared_key, variant_key
from tests.support.common import PHONES
from tests.support.humans import messages

TODAY = dt.date(2026, 11, 23)
FORMAL = ("uk", "prs")


def at(state: str, lang: str, flow: str) -> Conversation:
    return Conversation(flow=flow, state=state, lang=lang)


def test_keys_map_between_shared_texts_and_guardian_variants() -> None:
    assert variant_key("common.reask_rating") == "guardian.shared.reask_rating"
    assert variant_key("youth.q.safe") is None
    assert shared_key("guardian.shared.reask_rating") == "common.reask_rating"
    assert shared_key("guardian.q.safe") == "guardian.q.safe" and not is_variant("guardian.q.safe")
    catalog = {"common.closed": "x", "guardian.shared.closed": "y"}
    assert key_for(catalog, "common.closed", "guardian") == "guardian.shared.closed"
    assert key_for(catalog, "common.closed", "youth") == "common.closed"
    assert key_for(catalog, "common.closed", None) == "common.closed"
    assert key_for(catalog, "common.stopped", "guardian") == "common.stopped"  # no variant: the shared text
    assert variant_key("questions.who_reads") == "guardian.shared.questions.who_reads"
    assert shared_key("guardian.shared.questions.who_reads") == "questions.who_reads"
    catalog = {"questions.why": "x", "guardian.shared.questions.why": "y"}
    assert key_for(catalog, "questions.why", "guardian") == "guardian.shared.questions.why"
    assert key_for(catalog, "questions.why", "youth") == "questions.why"


def test_every_reply_carries_its_conversations_role(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    for flow in ("youth", "guardian"):
        step = engine.begin(flow, "uk", org="Flens kommun", date=dt.date(2026, 12, 10))
        assert step.replies and {r.role for r in step.replies} == {flow}
        for body in ("hej", "ja", "typ 4", "hjälp"):
            step = engine.step(step.conversation, Text(body, TODAY))
            assert {r.role for r in step.replies} == {flow}, body


@pytest.mark.parametrize("lang", FORMAL)
def test_a_guardian_gets_the_formal_re_ask_and_a_young_person_the_informal(texts_and_engine: Any,
                                                                           lang: str) -> None:
    texts, engine = texts_and_engine
    catalog = texts.catalogs[lang]
    sent = {}
    for flow in ("youth", "guardian"):
        step = engine.step(at("q_safe", lang, flow), Text("hmm", TODAY))
        assert [r.key for r in step.replies] == ["common.reask_rating"]
        sent[flow] = texts.render(step.replies[0], lang)
    assert sent["youth"] == catalog["common.reask_rating"]
    assert sent["guardian"] == catalog["guardian.shared.reask_rating"]
    if lang == "uk":
        assert sent["youth"].startswith("Відповідай ") and sent["guardian"].startswith("Відповідайте ")


@pytest.mark.parametrize("lang", FORMAL)
def test_a_guardian_asking_who_reads_gets_the_formal_answer_and_a_young_person_the_informal(
        texts_and_engine: Any, lang: str) -> None:
    texts, engine = texts_and_engine
    catalog = texts.catalogs[lang]
    asked = {"uk": "Хто це читатиме?", "prs": "کی اینرا میخواند؟"}[lang]
    sent = {}
    for flow in ("youth", "guardian"):
        step = engine.step(at("q_safe", lang, flow), Text(asked, TODAY))
        assert [r.key for r in step.replies][:1] == ["questions.who_reads"], flow
        sent[flow] = texts.render(step.replies[0], lang)
    assert sent["youth"] == catalog["questions.who_reads"]
    assert sent["guardian"] == catalog["guardian.shared.questions.who_reads"] != sent["youth"]
    if lang == "uk":
        assert " ти обираєш" in sent["youth"] and " Ви обираєте" in sent["guardian"]
    else:
        assert "خودت انتخاب میکنی" in sent["youth"] and "خودتان انتخاب میکنید" in sent["guardian"]


def test_what_was_understood_leads_in_the_readers_form(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    reply = Reply("guardian.q.healthy", {"n": 2, "total": 8, "area": Reply("area.healthy")},
                  lead=Reply(UNDERSTOOD, {"rating": 4}), role="guardian")
    assert texts.render(reply, "prs").startswith("جواب شما: 4.\n")
    assert texts.render(Reply(reply.key, reply.params, lead=reply.lead, role="youth"), "prs").startswith("جواب تو: 4.")


def test_a_language_without_variants_and_swedish_say_the_shared_text(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for lang in ("sv", "ar", "fi"):
        step = engine.step(at("q_safe", lang, "guardian"), Text("hmm", TODAY))
        assert texts.render(step.replies[0], lang) == texts.catalogs[lang]["common.reask_rating"]


@pytest.mark.parametrize("lang", FORMAL)
def test_bilingual_guardian_gets_the_formal_text_then_swedish(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    bodies = render_bodies(texts, Reply("common.reask_yes_no", role="guardian"), lang, True)
    assert bodies == [texts.catalogs[lang]["guardian.shared.reask_yes_no"], texts.catalogs["sv"]["common.reask_yes_no"]]


def test_a_youth_read_back_in_ukrainian_is_unchanged_by_roles(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    conv = Conversation(flow="youth", state="readback", lang="uk", matters_most="Школа",
                        answers={a: AreaAnswer(rating=4) for a in engine.wheel.areas})
    step = engine.step(conv, Text("ні", TODAY))
    assert [r.key for r in step.replies] == ["common.reask_readback"]
    assert texts.render(step.replies[0], "uk") == texts.catalogs["uk"]["common.reask_readback"]


@pytest.mark.parametrize("role", ["youth", "guardian"])
def test_over_sms_a_ukrainian_guardian_is_re_asked_formally(rt: Runtime, invited: Callable[..., str],
                                                            send_sms: Callable[..., Any], role: str) -> None:
    invited(PHONES[0], role, "uk")
    catalog = rt.texts.catalogs["uk"]
    for body in ("Привіт", "так"):
        assert send_sms(PHONES[0], body).status_code == 200
    answer = messages(send_sms(PHONES[0], "хм").get_data(as_text=True))
    key = "guardian.shared.reask_rating" if role == "guardian" else "common.reask_rating"
    assert answer == [catalog[key]]
