"""Golden transcripts (tests/transcripts/*.yaml): the living spec of the conversation.

Each transcript runs twice: through the pure engine (reply keys, final state, answers, concerns) and
through the signed webhook on a real database (the same reply texts, and the same answers stored).
A reply led by what was understood is written `common.understood+<key>` (one SMS: "Du svarade 2." first);
a turn's optional `says` lists words its rendered SMS must contain, its optional `menu` the languages of the
SPRÅK menu the conversation remembers as shown. A transcript's optional `offered` lists the languages the
organisation offers (an engine input; on the webhook, the organisation's own list): without it, every one.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from bot.conversation import ConcernRaised, Conversation, Engine, Text
from bot.conversation.datafiles import ROOT
from bot.store.models import Answer, ConversationEvent, Meeting, Participant
from bot.store.models import Conversation as ConversationRow
from bot.texts.catalogue import Texts
from tests.support.common import NOW, PHONES

TRANSCRIPTS = sorted((ROOT / "tests" / "transcripts").glob("*.yaml"))
BASE_DAY = NOW.date()


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def play(engine: Engine, texts: Texts, script: dict[str, Any]) -> tuple[Conversation, list[list[str]], list]:
    """Run a transcript through the engine; returns the final conversation, the replies, the events."""
    step = engine.begin(script["flow"], script["lang"], org="Flens kommun", date=dt.date(2026, 12, 10))
    assert [r.key for r in step.replies] == [f"{script['flow']}.invitation"]
    conv, bodies, events = step.conversation, [], []
    offered = tuple(script["offered"]) if "offered" in script else None
    for n, turn in enumerate(script["turns"], start=1):
        today = BASE_DAY + dt.timedelta(days=turn.get("day", 0))
        step = engine.step(conv, Text(turn["send"], today), offered)
        conv = step.conversation
        keys = [f"{r.lead.key}+{r.key}" if r.lead else r.key for r in step.replies]
        assert keys == turn["expect"], f"turn {n} {turn['send']!r}: replies {keys}"
        if "lang" in turn:
            assert conv.lang == turn["lang"], f"turn {n}: language"
        if "menu" in turn:
            assert conv.menu_languages == tuple(turn["menu"]), f"turn {n}: the language menu shown"
        rendered = [texts.render(r, conv.lang) for r in step.replies]
        assert all("%{" not in body and body.strip() for body in rendered), rendered
        for words in turn.get("says", []):
            assert any(words in body for body in rendered), f"turn {n} {turn['send']!r}: {words!r} not in {rendered}"
        bodies.append(rendered)
        events += step.events
    return conv, bodies, events


def expected_answers(final: dict[str, Any]) -> dict[str, tuple]:
    return {area: (a.get("rating"), a.get("comment"), a.get("followup"), a.get("dont_know", False))
            for area, a in final["answers"].items()}


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_transcript_engine(path: Path, texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    script = load(path)
    conv, _, events = play(engine, texts, script)
    final = script["final"]
    assert conv.state == final["state"]
    assert engine.flows[conv.flow].states[conv.state].status == final["status"]
    assert conv.lang == final.get("lang", conv.lang)
    got = {area: (a.rating, a.comment, a.followup, a.dont_know) for area, a in conv.answers.items()}
    assert got == expected_answers(final)
    assert conv.matters_most == final["matters_most"]
    assert conv.sharing == final.get("sharing")  # None: never chosen (the export says none)
    concerns = [{"area": e.area, "kind": e.concern} for e in events if isinstance(e, ConcernRaised)]
    assert concerns == final["concerns"]


def twiml_bodies(response: Any) -> list[str]:
    assert response.status_code == 200
    return [m.text or "" for m in ET.fromstring(response.data).iter("Message")]


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_transcript_webhook(path: Path, rt: Any, invited: Any, send_sms: Any, clock: Any) -> None:
    script = load(path)
    _, bodies, _ = play(rt.engine, rt.texts, script)
    participant_id = invited(phone=PHONES[1], role=script["flow"], lang=script["lang"])
    if "offered" in script:  # the organisation's own list (it accepts drafts: exactly these are offered)
        with rt.db.begin() as s:
            org = s.get(Meeting, invited.state["meeting"]).org
            assert org.accept_drafts
            org.languages = script["offered"]
    for turn, expected in zip(script["turns"], bodies, strict=True):
        clock["now"] = NOW + dt.timedelta(days=turn.get("day", 0))
        assert twiml_bodies(send_sms(PHONES[1], turn["send"])) == expected, turn["send"]

    final = script["final"]
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        conv = s.scalar(select(ConversationRow).where(ConversationRow.participant_id == participant_id))
        answers = s.scalars(select(Answer).where(Answer.conversation_id == conv.id)).all()
        concerns = s.scalars(select(ConversationEvent).where(ConversationEvent.conversation_id == conv.id,
                                                             ConversationEvent.kind == "concern")
                             .order_by(ConversationEvent.id)).all()
        assert (conv.state, conv.status) == (final["state"], final["status"])
        assert participant.language == final.get("lang", participant.language)
        assert {a.area: (a.rating, a.comment, a.followup, a.dont_know) for a in answers} == expected_answers(final)
        assert conv.matters_most == final["matters_most"]
        assert conv.sharing == final.get("sharing")
        assert [{"area": e.area, "kind": e.detail} for e in concerns] == final["concerns"]
        assert (conv.open_phone is None) == (final["status"] != "active")
        assert (conv.completed_at is not None) == (final["status"] == "completed")
