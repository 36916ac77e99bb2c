"""SPRÅK at any step: a numbered menu of the languages offered (every one unless the engine is told which), each
in its own script; choosing one switches the conversation, repeats the current question in the new language,
and keeps every answer so far."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from sqlalchemy import select

from bot.conversation import Text
from bot.services.export import export_meeting
from bot.services.runtime import Runtime
from bot.store.models import Answer, Participant
from tests.support.common import PHONES

DAY = dt.date(2026, 11, 23)


def bodies(response: Any) -> list[str]:
    assert response.status_code == 200
    return [m.text or "" for m in ET.fromstring(response.data).iter("Message")]


def test_menu_lists_every_language_in_its_own_script(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    menu = texts.render(engine.language_menu(), "fi")
    assert menu.splitlines()[1:] == ["1 Svenska", "2 English", "3 العربية", "4 Soomaali", "5 ትግርኛ", "6 دری",
                                     "7 Suomi", "8 Українська"]
    assert menu.startswith("Valitse kieli.")


def test_switch_mid_flow_keeps_answers_in_the_engine(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    conv = engine.begin("youth", "sv", org="Flens kommun", date=dt.date(2026, 12, 10)).conversation
    for body in ("hej", "ja", "4 bra", "2", "sover dåligt", "5"):
        conv = engine.step(conv, Text(body, DAY)).conversation
    assert conv.state == "q_nurtured"
    before = {a: (x.rating, x.comment, x.followup) for a, x in conv.answers.items()}
    step = engine.step(conv, Text("SPRÅK", DAY))
    assert [r.key for r in step.replies] == ["common.language_menu"]
    step = engine.step(step.conversation, Text("٦", DAY))  # Dari, chosen with an Arabic-Indic digit
    assert step.conversation.lang == "prs" and step.conversation.state == "q_nurtured"
    assert [r.key for r in step.replies] == ["youth.q.nurtured"]
    assert texts.render(step.replies[0], "prs").startswith("سوال 4 از 8. مراقبت:")
    after = {a: (x.rating, x.comment, x.followup) for a, x in step.conversation.answers.items()}
    assert after == before
    step = engine.step(step.conversation, Text("۳", DAY))
    assert step.conversation.answers["nurtured"].rating == 3 and step.conversation.state == "q_active"


def test_switch_through_the_webhook_keeps_answers_and_marks_their_language(
        rt: Runtime, invite_lang: Any, lang_meeting: str, send_sms: Any) -> None:
    phone = PHONES[20]
    participant_id = invite_lang(phone, "sv", role="guardian")
    for body in ("hej", "ja", "5", "4 bra"):
        send_sms(phone, body)
    assert bodies(send_sms(phone, "språk"))[0].startswith("Välj språk.")
    repeated = bodies(send_sms(phone, "4"))  # Soomaali
    assert len(repeated) == 1 and repeated[0].startswith("Su'aal 3/8. Horumar: Ilmahaagu ma helaa caawimaad")
    send_sms(phone, "3 wuu baranayaa")
    send_sms(phone, "LUUQAD")
    assert bodies(send_sms(phone, "8"))[0].startswith("Питання 4/8. Турбота:")
    send_sms(phone, "4")
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        assert participant is not None and participant.language == "uk"
        rows = {a.area: (a.rating, a.comment, a.language) for a in s.scalars(select(Answer))}
        assert rows == {"safe": (5, None, "sv"), "healthy": (4, "bra", "sv"),
                        "achieving": (3, "wuu baranayaa", "so"), "nurtured": (4, None, "uk")}
        document = export_meeting(s, lang_meeting, rt.engine.wheel.areas)
    assert document is not None
    exported = document["participants"][0]
    assert exported["answer_languages"] == {"safe": "sv", "healthy": "sv", "achieving": "so", "nurtured": "uk"}
    assert exported["language"] == "uk" and exported["language_status"]["status"] == "draft"



def _at_healthy(engine: Any, lang: str = "sv") -> Any:
    conv = engine.begin("youth", lang, org="Flens kommun", date=dt.date(2026, 12, 10)).conversation
    for body in ("hej", "ja", "4"):
        conv = engine.step(conv, Text(body, DAY)).conversation
    assert conv.state == "q_healthy"
    return conv


def test_menu_lists_only_the_languages_offered(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    step = engine.step(_at_healthy(engine), Text("SPRÅK", DAY), ("sv", "en", "fi"))
    assert step.conversation.menu_languages == ("sv", "en", "fi")
    assert texts.render(step.replies[0], "sv").splitlines()[1:] == ["1 Svenska", "2 English", "3 Suomi"]
    step = engine.step(step.conversation, Text("2", DAY), ("sv", "en", "fi"))
    assert step.conversation.lang == "en" and [r.key for r in step.replies] == ["youth.q.healthy"]
    assert step.conversation.menu is None and step.conversation.menu_languages is None


def test_the_current_language_stays_on_the_menu(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = _at_healthy(engine, "ar")  # invited in Arabic before the organisation stopped offering it
    step = engine.step(conv, Text("SPRÅK", DAY), ("sv", "en", "fi"))
    assert step.conversation.menu_languages == ("sv", "en", "ar", "fi")  # in menu order
    step = engine.step(step.conversation, Text("٣", DAY), ("sv", "en", "fi"))
    assert step.conversation.lang == "ar" and [r.key for r in step.replies] == ["youth.q.healthy"]


def test_a_number_picks_the_language_shown_even_if_the_offer_changed(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    shown = engine.step(_at_healthy(engine), Text("SPRÅK", DAY), ("sv", "en", "fi")).conversation
    stored = type(shown).from_data(shown.flow, shown.state, shown.data())  # as the webhook stores it
    assert stored.menu_languages == ("sv", "en", "fi") and stored.data()["menu_languages"] == ["sv", "en", "fi"]
    step = engine.step(stored, Text("3", DAY))  # every language offered now: 3 would be العربية
    assert step.conversation.lang == "fi"
    assert "menu_languages" not in step.conversation.data()


def test_a_number_not_on_the_menu_gets_the_menu_again(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    shown = engine.step(_at_healthy(engine), Text("SPRÅK", DAY), ("sv", "en")).conversation
    for body in ("5", "0", "12"):
        step = engine.step(shown, Text(body, DAY), ("sv", "en"))
        assert [r.key for r in step.replies] == ["common.language_menu"], body
        assert step.conversation.lang == "sv" and step.conversation.menu_languages == ("sv", "en")
        assert step.conversation.answers["safe"].rating == 4 and "healthy" not in step.conversation.answers
    step = engine.step(shown, Text("5 bra", DAY), ("sv", "en"))  # words after it: an answer, read as usual
    assert step.conversation.answers["healthy"].rating == 5 and step.conversation.menu_languages is None


def test_a_menu_stored_before_menus_were_remembered_lists_every_language(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = _at_healthy(engine)
    data = {**conv.data(), "menu": "language"}  # no menu_languages: the whole list was shown
    step = engine.step(type(conv).from_data(conv.flow, conv.state, data), Text("7", DAY), ("sv", "en"))
    assert step.conversation.lang == "fi"


def test_the_menu_while_the_questions_wait_lists_the_languages_offered(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = engine.begin("youth", "sv", org="Flens kommun", date=dt.date(2026, 12, 10)).conversation
    for body in ("hej", "ja", "1"):  # Trygg 1: a concern, and the questions wait
        conv = engine.step(conv, Text(body, DAY)).conversation
    assert conv.paused
    step = engine.step(conv, Text("SPRÅK", DAY), ("sv", "fi"))
    assert [r.key for r in step.replies] == ["common.language_menu"]
    assert step.conversation.menu_languages == ("sv", "fi")
    step = engine.step(step.conversation, Text("2", DAY), ("sv", "fi"))
    assert step.conversation.lang == "fi" and step.conversation.paused
