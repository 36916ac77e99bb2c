"""Bilingual mode: every message as two SMS, the mother tongue then Swedish (GSM-7), from the invitation
through the signed webhook (one TwiML response, each SMS recorded in the outbox); the read-back's Swedish SMS
is a legend; Swedish conversations and the language menu once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import select

from bot.conversation import Reply
from bot.services.runtime import Runtime
from bot.store.models import Message, Participant
from bot.texts.bilingual import render_bodies
from bot.texts.check import sample_params
from bot.texts.segments import sms_cost
from tests.support.common import PHONES

ARABIC = re.compile("[\u0600-\u06ff]")
ETHIOPIC = re.compile("[\u1200-\u137f]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
SWEDISH = re.compile(r"\b(Fråga|Svara|svara|Tack|Hej)\b")
INVISIBLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u202f\u00a0]")


def bodies(response: Any) -> list[str]:
    assert response.status_code == 200
    return [m.text or "" for m in ET.fromstring(response.data).iter("Message")]


@pytest.mark.parametrize(("lang", "script"), [("ar", ARABIC), ("prs", ARABIC), ("ti", ETHIOPIC), ("uk", CYRILLIC)])
def test_bilingual_messages_go_as_two_sms_mother_tongue_first(rt: Runtime, invite_lang: Any, send_sms: Any,
                                                              lang: str, script: re.Pattern[str]) -> None:
    participant_id = invite_lang(PHONES[10], lang, bilingual=True)
    with rt.db() as s:
        invitation = s.scalars(select(Message.body).where(Message.direction == "out").order_by(Message.id)).all()
        assert s.get(Participant, participant_id).bilingual is True  # type: ignore[union-attr]
    replies = [invitation, bodies(send_sms(PHONES[10], "hej")), bodies(send_sms(PHONES[10], "ja")),
               bodies(send_sms(PHONES[10], "4"))]
    for pair in replies:
        assert len(pair) == 2, pair
        own, swedish = pair
        assert script.search(own) and not script.search(swedish), pair
        assert SWEDISH.search(swedish) and not SWEDISH.search(own), pair
        assert sms_cost(swedish).encoding == "GSM-7"
        assert not INVISIBLE.search(own + swedish)
    assert "Fråga 2 av 8" in replies[-1][1]
    with rt.db() as s:  # the outbox recorded each SMS as its own row, in the order sent
        recorded = s.scalars(select(Message.body).where(Message.direction == "out").order_by(Message.id)).all()
    assert recorded == [body for pair in replies for body in pair]


def test_bilingual_read_back_lists_the_numbers_once_with_a_swedish_legend(rt: Runtime, invite_lang: Any,
                                                                         send_sms: Any) -> None:
    invite_lang(PHONES[14], "ar", role="guardian", bilingual=True)
    for body in ["hej", "ja", "5", "4", "3", "4", "5", "4", "3", "4", "أصدقاؤه"]:
        send_sms(PHONES[14], body)
    own, legend = bodies(send_sms(PHONES[14], "٢"))  # the sharing choice: only the numbers
    assert "\n1 الأمان: 5\n" in own and "أصدقاؤه" in own and "\n9 للآخرين: الأرقام فقط\n" in own
    assert legend.startswith("På svenska:\n1 Trygg\n2 Må bra\n") and "8 Höra till\n9 Andra ser\n" in legend
    assert ": 5" not in legend and "أصدقاؤه" not in legend  # the numbers and the words once, in the first SMS
    assert "ÄNDRA" in legend and sms_cost(legend).segments == 1


def test_bilingual_invitation_dates_in_each_language(rt: Runtime, invite_lang: Any) -> None:
    invite_lang(PHONES[11], "fi", role="guardian", bilingual=True)
    with rt.db() as s:
        finnish, swedish = s.scalars(select(Message.body).order_by(Message.id)).all()
    assert "10. joulukuuta 2026" in finnish and finnish.startswith("Hei!")
    assert "10 december 2026" in swedish and swedish.startswith("Hej!")


def test_swedish_and_one_language_participants_get_one_text(rt: Runtime, invite_lang: Any,
                                                            send_sms: Any) -> None:
    invite_lang(PHONES[12], "sv", bilingual=True)
    invite_lang(PHONES[13], "ar")
    for phone in (PHONES[12], PHONES[13]):
        assert len(bodies(send_sms(phone, "hej"))) == 1


def test_language_menu_is_sent_once(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    menu = engine.language_menu()
    assert render_bodies(texts, menu, "ar", True) == [texts.render(menu, "ar")]
    question = Reply("common.reask_rating")
    assert render_bodies(texts, question, "ar", True) == [texts.render(question, "ar"),
                                                           texts.render(question, "sv")]


def test_what_was_understood_leads_both_sms_of_a_message(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    lead = Reply("common.understood", {"rating": 2})
    own, swedish = render_bodies(texts, Reply("youth.followup", {"area": Reply("area.safe")}, lead=lead), "ar", True)
    assert own.startswith("إجابتك: 2.\nالأمان: ") and swedish.startswith("Du svarade 2.\nTrygg: Vad skulle")
    readback = Reply("youth.readback", sample_params(texts, engine, "youth.readback", "ar"), lead=lead)
    own, legend = render_bodies(texts, readback, "ar", True)
    assert own.startswith("إجابتك: 2.\n") and legend.startswith("Du svarade 2.\nPå svenska:")


def test_chat_simulator_plays_bilingual_with_an_alias(runner: Any) -> None:
    from bot.app import main

    result = runner.invoke(main, ["chat", "--lang", "fa", "--bilingual"], input="hej\nja\n")
    assert result.exit_code == 0, result.output
    assert "< سلام!" in result.stdout and "< Hej! Hjulsamtal vill veta" in result.stdout
    assert "< Fråga 1 av 8. Trygg:" in result.stdout
