"""Confirm and undo: cancelling a meeting, ending a conversation and deleting data each ask first on a page of
their own (a plain form, no JavaScript); a cancellation can be undone until the meeting date if no SMS went out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Conversation, MeetingInfo, Participant
from tests.support.common import PHONES, rt_of
from tests.support.staff import post_form


def statuses(app: Flask, meeting_id: str) -> dict[str, tuple[str, bool]]:
    with rt_of(app).db() as s:
        rows = s.execute(select(Participant.role, Conversation.status, Conversation.open_phone)
                         .join(Conversation, Conversation.participant_id == Participant.id)
                         .where(Participant.meeting_id == meeting_id))
        return {role: (status, open_phone is not None) for role, status, open_phone in rows}


def test_meeting_page_links_to_confirmation_pages_instead_of_posting(staff: FlaskClient,
                                                                      meeting: dict[str, str]) -> None:
    m = meeting["id"]
    html = staff.get(f"/meetings/{m}").get_data(as_text=True)
    end = f"/meetings/{m}/participants/{meeting['youth']}/cancel"
    for url in (f"/meetings/{m}/cancel", f"/meetings/{m}/delete", end):
        assert f'href="{url}"' in html
        assert f'action="{url}"' not in html  # nothing irreversible is one click away


def test_each_confirmation_page_says_what_happens_and_posts_the_action(staff: FlaskClient,
                                                                        meeting: dict[str, str],
                                                                        app: Flask) -> None:
    m = meeting["id"]
    before = statuses(app, m)
    pages = {f"/meetings/{m}/cancel": "Vill du ställa in mötet?",
             f"/meetings/{m}/participants/{meeting['guardian']}/cancel": "Vill du avsluta samtalet?",
             f"/meetings/{m}/delete": "Vill du radera uppgifterna nu?"}
    for url, question in pages.items():
        html = staff.get(url).get_data(as_text=True)
        assert question in html and f'action="{url}"' in html and "<script" not in html
        assert f'href="/meetings/{m}"' in html  # Avbryt goes back
    assert "Vårdnadshavare" in staff.get(f"/meetings/{m}/participants/{meeting['guardian']}/cancel").get_data(
        as_text=True)
    assert statuses(app, m) == before  # looking changes nothing


def test_cancel_then_undo_restores_the_conversations(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                                     send_sms: Callable[..., Any]) -> None:
    m = meeting["id"]
    send_sms(PHONES[0], "hej")  # the youth is answering
    before = statuses(app, m)
    assert before == {"youth": ("active", True), "guardian": ("invited", True)}
    sent = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    assert post_form(staff, f"/meetings/{m}/cancel", f"/meetings/{m}/cancel", {}).status_code == 302
    assert statuses(app, m) == {"youth": ("expired", False), "guardian": ("expired", False)}
    html = staff.get(f"/meetings/{m}").get_data(as_text=True)
    assert "Inställt" in html and f'action="/meetings/{m}/uncancel"' in html
    assert post_form(staff, f"/meetings/{m}", f"/meetings/{m}/uncancel", {}).status_code == 302
    assert statuses(app, m) == before
    assert len(rt_of(app).transport.sent) == sent  # neither step sent anything
    with rt_of(app).db() as s:
        info = s.get(MeetingInfo, m)
        assert info is not None and info.cancelled_at is None
        assert "meeting_uncancel" in s.scalars(select(AuditEntry.action)).all()
    assert "Mötet blir av igen" in staff.get(f"/meetings/{m}").get_data(as_text=True)
    send_sms(PHONES[0], "ja")  # and the youth goes on where they were
    with rt_of(app).db() as s:
        conv = s.scalars(select(Conversation).join(Participant).where(Participant.id == meeting["youth"])).one()
        assert conv.status == "active" and conv.last_inbound_id is not None


def test_no_undo_after_an_sms_went_out_about_it(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                                send_sms: Callable[..., Any]) -> None:
    m = meeting["id"]
    post_form(staff, f"/meetings/{m}/cancel", f"/meetings/{m}/cancel", {})
    send_sms(PHONES[0], "hej")  # the youth writes and is told the time is over
    html = staff.get(f"/meetings/{m}").get_data(as_text=True)
    assert "ett sms har gått ut" in html and f'action="/meetings/{m}/uncancel"' not in html
    post_form(staff, f"/meetings/{m}", f"/meetings/{m}/uncancel", {})
    assert statuses(app, m)["guardian"] == ("expired", False)


def test_no_undo_after_the_meeting_date(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                        clock: dict[str, dt.datetime], login: Callable[..., FlaskClient]) -> None:
    m = meeting["id"]
    post_form(staff, f"/meetings/{m}/cancel", f"/meetings/{m}/cancel", {})
    clock["now"] = dt.datetime(2026, 12, 11, 9, 0, tzinfo=dt.UTC)  # the day after the meeting
    staff = login("flen")
    html = staff.get(f"/meetings/{m}").get_data(as_text=True)
    assert "mötesdagen har varit" in html and f'action="/meetings/{m}/uncancel"' not in html
    post_form(staff, f"/meetings/{m}", f"/meetings/{m}/uncancel", {})
    assert statuses(app, m)["youth"] == ("expired", False)
