"""The texts that protect a child: an honest consent per role, each role's own help lines, and a disclosure
reply that says what happens next, offers the pause and is discreet on a lock screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.conversation import Reply

LOCALES = ("sv", "en", "ar", "so", "ti", "prs", "fi", "uk")
MOTHER_TONGUES = ("ar", "so", "ti", "prs", "uk")  # 112 has interpreters; Bris answers in Swedish
INTERPRETER = {"ar": "مترجم", "so": "turjubaan", "ti": "ተርጓሚ", "prs": "ترجمان", "uk": "перекладач"}
CHILDREN_LINE, ADULTS_LINE = "116 111", "077-150 50 50"  # Bris: for children; for adults worried about a child


def say(texts: Any, key: str, lang: str) -> str:
    return str(texts.render(Reply(key), lang))


@pytest.mark.parametrize(("role", "musts"), [
    ("youth", ["Personalen läser dina svar före mötet, inte direkt.", "Du väljer själv vad dina föräldrar får se.",
               "kan de kontakta dig", "hjälp och stöd", "Du kan säga NEJ, hoppa över frågor och sluta",
               "Svara JA."]),
    ("guardian", ["Personalen läser svaren före mötet, inte direkt.", "Var och en väljer vad de andra på mötet får se",
                  "kan de kontakta dig", "ge familjen hjälp och stöd", "Du kan säga NEJ, hoppa över frågor och sluta",
                  "Svara JA."]),
])
def test_swedish_consent_says_who_reads_who_sees_what_and_what_a_worry_leads_to(texts_and_engine: Any, role: str,
                                                                                musts: list[str]) -> None:
    texts, _ = texts_and_engine
    consent = say(texts, f"{role}.consent", "sv")
    for must in musts:
        assert must in consent, must
    assert not re.search(r"agera|åtgärd|ingripa|anmäl", consent)  # "they may act" frightens families


@pytest.mark.parametrize("lang", LOCALES)
def test_each_role_gets_its_own_help_lines(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    for key in ("youth.safety", "youth.disclosure"):
        text = say(texts, key, lang)
        assert "112" in text and CHILDREN_LINE in text and ADULTS_LINE not in text, (lang, key)
    for key in ("guardian.safety", "guardian.disclosure", "guardian.thanks"):
        text = say(texts, key, lang)
        assert "112" in text and ADULTS_LINE in text and CHILDREN_LINE not in text, (lang, key)
    for key in ("guardian.safety", "guardian.disclosure"):  # only 112 speaks the family's language
        assert (INTERPRETER.get(lang, "\0") in say(texts, key, lang)) == (lang in MOTHER_TONGUES), (lang, key)


@pytest.mark.parametrize("role", ["youth", "guardian"])
def test_swedish_disclosure_thanks_says_what_happens_next_and_offers_the_pause(texts_and_engine: Any,
                                                                               role: str) -> None:
    texts, _ = texts_and_engine
    text = say(texts, f"{role}.disclosure", "sv")
    assert text.startswith("Tack för att du berättade.")
    # what the system does: an e-mail to the responsible staff member at once, read when they can
    assert "Vi säger till personalen nu. De läser det så snart de kan." in text
    assert "direkt" not in text.replace("inte direkt", "")  # never a promise that someone reads now
    assert "Nästa fråga väntar. Svara JA när du vill fortsätta." in text


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("key", ["youth.disclosure", "guardian.disclosure", "common.paused"])
def test_the_start_of_a_disclosure_reply_is_discreet(texts_and_engine: Any, lang: str, key: str) -> None:
    """A lock screen shows the first words: they must not name danger, help lines or the topic."""
    from tests.texts.test_catalogue import INDISCREET

    texts, _ = texts_and_engine
    start = say(texts, key, lang)[:50]
    assert not INDISCREET.search(start) and not re.search(r"fara|danger|slå|hit|våld|violence", start), start


def test_questions_about_parents_point_at_the_sharing_choice(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    assert say(texts, "questions.parents", "sv") == ("Personalen läser alla svar. Du väljer själv i slutet vad de "
                                                      "andra på mötet får se av dina svar.")
    assert "Du väljer själv i slutet vad de andra på mötet får se." in say(texts, "questions.who_reads", "sv")
