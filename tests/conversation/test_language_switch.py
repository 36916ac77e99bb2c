"""SPRÅK at any step: a numbered menu of every language in its own script; choosing one switches the
conversation, repeats the current question in the new language, and keeps every answer so far."""

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

