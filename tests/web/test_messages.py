"""The messages tab: the whole thread in and out with time and language, marked by kind (answer, question,
late, after STOPP), questions highlighted, every view audited; and the invitation seen before it is sent
(exact text, size) or scheduled for later."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Message, Participant
from tests.support.common import PHONES, rt_of
from tests.support.languages import invite_form
from tests.support.staff import post_form


def tab(staff: FlaskClient, meeting: dict[str, str], who: str) -> str:
    response = staff.get(f"/meetings/{meeting['id']}/participants/{meeting[who]}/messages")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def kinds(html: str) -> list[str]:
    return re.findall(r'class="sms sms-(?:in|out) kind-(\w+)', html)


def test_thread_in_and_out_with_kinds_and_questions_highlighted(staff: FlaskClient, meeting: dict[str, str],
                                                                app: Flask, send_sms: Callable[..., Any],
                                                                clock: dict[str, dt.datetime]) -> None:
    send_sms(PHONES[0], "hej")
    send_sms(PHONES[0], "vem läser detta?")
    clock["now"] += dt.timedelta(minutes=1)
    send_sms(PHONES[0], "STOPP")
    clock["now"] += dt.timedelta(minutes=1)
    send_sms(PHONES[0], "förlåt jag menade inte så")
    html = tab(staff, meeting, "youth")
    invitation = next(body for to, body in rt_of(app).transport.sent if to == PHONES[0])  # type: ignore[attr-defined]
    assert kinds(html)[0] == "invitation" and invitation.split("\n")[0] in html  # the sent text itself
    assert "question" in kinds(html) and "after_stop" in kinds(html) and "reply" in kinds(html)
    assert 'is-question' in html and "Personen har ställt frågor (1)" in html
    assert "Efter STOPP" in html and "förlåt jag menade inte så" in html and "Språk: svenska" in html
    assert re.search(r"23 november 2026 kl\. \d\d\.\d\d", html)
    with rt_of(app).db() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "messages_view")).one()
        assert entry.participant_id == meeting["youth"] and entry.detail is None


def test_late_message_is_marked_late(staff: FlaskClient, meeting: dict[str, str], send_sms: Callable[..., Any],
                                     clock: dict[str, dt.datetime], login: Callable[..., FlaskClient]) -> None:
    from bot.services.timers import fire_due
    clock["now"] = dt.datetime(2026, 12, 10, 13, 0, tzinfo=dt.UTC)  # the meeting has started: expired
    fire_due(rt_of(staff.application))
    send_sms(PHONES[1], "sorry, too late?")
    html = tab(login("flen"), meeting, "guardian")
    assert "late" in kinds(html) and "Kom in för sent" in html


def test_preview_shows_the_exact_sms_and_sends_nothing(staff: FlaskClient, meeting: dict[str, str],
                                                       app: Flask) -> None:
    page = f"/meetings/{meeting['id']}"
    sent = len(rt_of(app).transport.sent)  # type: ignore[attr-defined]
    form = invite_form("guardian", PHONES[4], "sv") | {"nickname": "bonuspappa"}
    response = post_form(staff, page, f"{page}/participants", form | {"action": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Så här ser inbjudan ut" in html
    assert re.search(r"\d+ tecken, \d sms-delar \(GSM-7\)", html) and 'value="bonuspappa"' in html
    assert len(rt_of(app).transport.sent) == sent  # type: ignore[attr-defined]
    with rt_of(app).db() as s:
        assert s.scalar(select(Participant.id).where(Participant.nickname == "bonuspappa")) is None
    bodies = re.findall(r'<span class="body" dir="auto">(.*?)</span>', html, re.S)
    post_form(staff, page, f"{page}/participants", form | {"action": "send"})
    now_sent = [body for to, body in rt_of(app).transport.sent if to == PHONES[4]]  # type: ignore[attr-defined]
    assert [b.replace("&#39;", "'").replace("&amp;", "&") for b in bodies] == now_sent


def test_scheduled_invitation_waits_until_its_time(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                                   clock: dict[str, dt.datetime]) -> None:
    from bot.services.outbox import send_due
    page = f"/meetings/{meeting['id']}"
    form = invite_form("guardian", PHONES[4], "sv") | {"send_date": "2026-12-03", "send_time": "16:00"}
    response = post_form(staff, page, f"{page}/participants", form, follow_redirects=True)
    assert "Inbjudan skickas 3 december 2026 kl. 16.00." in response.get_data(as_text=True)
    assert not [1 for to, _ in rt_of(app).transport.sent if to == PHONES[4]]  # type: ignore[attr-defined]
    with rt_of(app).db() as s:
        due = s.scalars(select(Message.due_at).where(Message.status == "queued")).all()
        assert due == [dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)]
    clock["now"] = dt.datetime(2026, 12, 3, 15, 1, tzinfo=dt.UTC)
    send_due(rt_of(app))
    assert [1 for to, _ in rt_of(app).transport.sent if to == PHONES[4]]  # type: ignore[attr-defined]


def test_a_scheduled_time_at_night_or_after_the_meeting_is_refused(staff: FlaskClient, meeting: dict[str, str],
                                                                   app: Flask) -> None:
    page = f"/meetings/{meeting['id']}"
    for date, time, message in (("2026-12-03", "22:30", "Inga sms skickas mellan kl. 21 och 08"),
                                ("2026-12-11", "10:00", "Inbjudan måste skickas före mötet."),
                                ("2026-12-03", "", "Fyll i både datum och tid")):
        form = invite_form("guardian", PHONES[4], "sv") | {"send_date": date, "send_time": time}
        response = post_form(staff, page, f"{page}/participants", form)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    with rt_of(app).db() as s:
        assert s.scalar(select(Participant.id).where(Participant.role == "guardian",
                                                     Participant.created_at > dt.datetime.now(dt.UTC))) is None
