"""SPRÅK through the webhook lists what the conversation's organisation offers, read from its row on every turn:
draft (unreviewed) languages only once an admin has ticked that it accepts them, only the languages it chose,
and always the conversation's own language. Review statuses come from a short-lived cache (StatusCache)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import select

from bot.services import reviews
from bot.services.meetings import create_meeting, create_org, invite, set_accept_drafts, set_offered_languages
from bot.services.reviews import StatusCache
from bot.services.runtime import Runtime
from bot.store.models import Participant
from tests.support.common import MEETING_DATE, NOW, PHONES

PHONE = PHONES[60]
SLUG = "vingaker"


def menu(response: Any) -> list[str]:
    """The language menu's numbered lines (after its first line, "Välj språk.")."""
    assert response.status_code == 200
    bodies = [m.text or "" for m in ET.fromstring(response.data).iter("Message")]
    assert len(bodies) == 1, bodies
    return bodies[0].splitlines()[1:]


def _invited(rt: Runtime) -> str:
    with rt.db.begin() as s:
        create_org(s, SLUG, "Vingåkers kommun", NOW)  # accepts no unreviewed texts: the default
        s.flush()
        meeting = create_meeting(s, SLUG, MEETING_DATE, dt.time(13, 0), NOW.date(), NOW)
        s.flush()
        return invite(s, rt, meeting.id, "youth", PHONE, "sv", rt.clock()).id


def test_drafts_are_hidden_from_the_menu_until_the_organisation_accepts_them(
        rt: Runtime, send_sms: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    drafts = {code: {**entry, "status": "draft"} if entry["status"] != "source" else entry
              for code, entry in rt.texts.status.items()}
    monkeypatch.setattr(rt.texts, "status", drafts)  # every translation a draft, whatever status.yml says now
    rt.statuses.forget()
    participant_id = _invited(rt)
    send_sms(PHONE, "hej")
    send_sms(PHONE, "ja")
    assert menu(send_sms(PHONE, "SPRÅK")) == ["1 Svenska"]
    assert menu(send_sms(PHONE, "2")) == ["1 Svenska"]  # not on the menu: the menu again

    with rt.db.begin() as s:
        set_accept_drafts(s, SLUG, True)  # an admin ticked it
    assert menu(send_sms(PHONE, "SPRÅK")) == ["1 Svenska", "2 English", "3 العربية", "4 Soomaali", "5 ትግርኛ",
                                              "6 دری", "7 Suomi", "8 Українська"]
    send_sms(PHONE, "7")
    with rt.db() as s:
        assert s.get(Participant, participant_id).language == "fi"  # type: ignore[union-attr]

    with rt.db.begin() as s:
        set_accept_drafts(s, SLUG, False)  # unticked again: the conversation's own language stays choosable
    assert menu(send_sms(PHONE, "kieli")) == ["1 Svenska", "2 Suomi"]
    with rt.db.begin() as s:
        set_accept_drafts(s, SLUG, True)
        set_offered_languages(s, rt.texts, SLUG, "en")  # its own list (Swedish always)
    assert menu(send_sms(PHONE, "kieli")) == ["1 Svenska", "2 English", "3 Suomi"]
    send_sms(PHONE, "2")
    with rt.db() as s:
        participant = s.scalar(select(Participant).where(Participant.id == participant_id))
        assert participant is not None and participant.language == "en"


def test_a_menu_shown_keeps_its_numbers_when_the_offer_changes(rt: Runtime, send_sms: Any) -> None:
    participant_id = _invited(rt)
    with rt.db.begin() as s:
        set_accept_drafts(s, SLUG, True)
        set_offered_languages(s, rt.texts, SLUG, "en,fi")
    send_sms(PHONE, "hej")
    assert menu(send_sms(PHONE, "SPRÅK")) == ["1 Svenska", "2 English", "3 Suomi"]
    with rt.db.begin() as s:
        set_offered_languages(s, rt.texts, SLUG, None)  # every language now: 3 would be العربية
    send_sms(PHONE, "3")
    with rt.db() as s:
        assert s.get(Participant, participant_id).language == "fi"  # type: ignore[union-attr]


def test_the_status_cache_reads_again_after_its_time_or_a_recorded_review(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    monkeypatch.setattr(reviews, "effective_statuses", lambda s, texts: reads.append(1) or {"read": len(reads)})
    clock = iter([0.0, 30.0, 61.0, 62.0, 63.0])
    monkeypatch.setattr(reviews.time, "monotonic", lambda: next(clock))
    cache = StatusCache(ttl=60.0)
    assert [cache.get(None, None)["read"] for _ in range(3)] == [1, 1, 2]  # type: ignore[arg-type,index]
    cache.forget()  # a review recorded in this process
    assert cache.get(None, None)["read"] == 3  # type: ignore[arg-type,index]
