"""Bilingual mode: every message in the mother tongue and then in Swedish, from the invitation through the
signed webhook; Swedish conversations and the language menu once; its cost reported, not enforced."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import select

from bot.conversation import Reply
from bot.services.runtime import Runtime
from bot.store.models import Message, Participant
from bot.texts.bilingual import SEPARATOR, render_for
from bot.texts.cost import bilingual_costs, bilingual_rows
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
def test_bilingual_messages_carry_both_scripts(rt: Runtime, invite_lang: Any, send_sms: Any, lang: str,
                                               script: re.Pattern[str]) -> None:
    participant_id = invite_lang(PHONES[10], lang, bilingual=True)
    with rt.db() as s:
        invitation = s.scalars(select(Message.body).where(Message.direction == "out")).one()
        assert s.get(Participant, participant_id).bilingual is True  # type: ignore[union-attr]
    replies = [invitation, *bodies(send_sms(PHONES[10], "hej")), *bodies(send_sms(PHONES[10], "ja")),
               *bodies(send_sms(PHONES[10], "4"))]
    assert len(replies) == 4
    for body in replies:
        own, swedish = body.split(SEPARATOR, 1)
        assert script.search(own) and not script.search(swedish), body
        assert SWEDISH.search(swedish) and not SWEDISH.search(own), body
        assert not INVISIBLE.search(body)
    assert "Fråga 2 av 8" in replies[-1]


def test_bilingual_invitation_dates_in_each_language(rt: Runtime, invite_lang: Any) -> None:
    invite_lang(PHONES[11], "fi", role="guardian", bilingual=True)
    with rt.db() as s:
        body = s.scalars(select(Message.body)).one()
    assert "10. joulukuuta 2026" in body and "10 december 2026" in body
    assert body.index("Hei!") < body.index("Hej!")


def test_swedish_and_one_language_participants_get_one_text(rt: Runtime, invite_lang: Any,
                                                            send_sms: Any) -> None:
    invite_lang(PHONES[12], "sv", bilingual=True)
    invite_lang(PHONES[13], "ar")
    for phone in (PHONES[12], PHONES[13]):
        for body in bodies(send_sms(phone, "hej")):
            assert SEPARATOR not in body


def test_language_menu_is_sent_once(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    menu = engine.language_menu()
    assert render_for(texts, menu, "ar", True) == texts.render(menu, "ar")
    question = Reply("common.reask_rating")
    assert render_for(texts, question, "ar", True) == (texts.render(question, "ar") + SEPARATOR
                                                        + texts.render(question, "sv"))


def test_bilingual_cost_is_reported(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    costs = {c.lang: c for c in bilingual_costs(texts, engine)}
    assert set(costs) == {"en", "ar", "so", "ti", "prs", "fi", "uk"}
    for cost in costs.values():
        assert cost.bilingual_segments > cost.segments
    rows = [r for r in bilingual_rows(texts, engine) if not r.readback and r.key != "common.language_menu"]
    # the documented bilingual budgets (bot/bilingual.py): GSM-7 pairs <= 3, UCS-2 pairs <= 5 segments
    for row in rows:
        assert row.segments <= (3 if row.lang in ("en", "so", "fi") else 5), (row.lang, row.key, row.segments)
        assert row.encoding == ("GSM-7" if row.lang in ("en", "so", "fi") else "UCS-2")


def test_flows_report_bilingual_lists_every_pair_without_budget() -> None:
    from click.testing import CliRunner

    from bot.cli.flows import flows

    result = CliRunner().invoke(flows, ["report", "--bilingual", "--lang", "uk"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()[1:] if line.startswith("uk ")]
    assert len(rows) == 49 and all(r[-2:] == ["none", "-"] for r in rows)
    seg = {r[1]: int(r[4]) for r in rows}
    assert seg["youth.q.safe"] == 5 and seg["common.language_menu"] == 2
    assert result.stdout.splitlines()[-1] == "0 over budget"


def test_chat_simulator_plays_bilingual_with_an_alias(runner: Any) -> None:
    from bot.app import main

    result = runner.invoke(main, ["chat", "--lang", "fa", "--bilingual"], input="hej\nja\n")
    assert result.exit_code == 0, result.output
    assert "< سلام!" in result.stdout and "< Hej! Hjulsamtal vill veta" in result.stdout
    assert "< Fråga 1 av 8. Trygg:" in result.stdout
