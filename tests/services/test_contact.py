"""The invitation's contact line: signed with staff's first name ("/Anna") in every language, never a word the
discreet check forbids, and never more SMS segments than the unsigned invitation (else refused with a reason)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversation import Reply
from bot.services.contact import budget_problem, name_problem, signed
from bot.texts.bilingual import render_all
from tests.texts.test_catalogue import INDISCREET

DATE = dt.date(2026, 12, 10)


def _invitation(engine: Any, role: str, lang: str, org: str = "Flens kommun") -> tuple[Reply, ...]:
    return tuple(engine.begin(role, lang, org=org, date=DATE).replies)


@pytest.mark.parametrize("role", ["youth", "guardian"])
@pytest.mark.parametrize("bilingual", [False, True])
def test_signed_invitation_is_discreet_and_within_its_budget_in_every_language(
        texts_and_engine: Any, role: str, bilingual: bool) -> None:
    texts, engine = texts_and_engine
    for lang in texts.languages:
        replies = _invitation(engine, role, lang)
        bodies = render_all(texts, signed(replies, "Anna"), lang, bilingual)
        assert bodies[0].endswith("\n/Anna") and bodies[0].startswith(texts.render(replies[0], lang))
        for body in bodies:
            assert not INDISCREET.search(body), (lang, body)
        assert budget_problem(texts, replies, "Anna", lang, bilingual) is None, (lang, role)
        assert len(bodies) == len(render_all(texts, list(replies), lang, bilingual))


def test_a_name_that_would_cost_another_sms_is_refused(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    replies = _invitation(engine, "youth", "sv", org="Katrineholms kommun Flen")
    assert budget_problem(texts, replies, "Anna-Karolina Maria", "sv", False) == "contact.too_long"
    assert budget_problem(texts, replies, "Al", "sv", False) is None


def test_unsigned_replies_are_unchanged_and_only_the_invitation_is_signed(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    replies = (*_invitation(engine, "youth", "sv"), Reply("common.try_again"))
    assert signed(replies, None) == list(replies)
    assert [r.key for r in signed(replies, "Anna")] == ["common.signed", "common.try_again"]


@pytest.mark.parametrize(("name", "ok"), [("Anna", True), ("Anna-Karin", True), ("Zoë", True), ("Ali Reza", True),
                                          ("Anna 0701740605", False), ("anna@flen.se", False), ("A" * 21, False),
                                          ("Anna, BUP", False), ("", False)])
def test_only_a_first_name_signs(name: str, ok: bool) -> None:
    assert (name_problem(name) is None) == ok
