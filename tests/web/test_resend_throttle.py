""""Skicka inbjudan igen" at most once per participant in 24 hours: more clicks send nothing and say when it
is possible again, the button shows that time instead, the other participant is not affected, and after a
day it works again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry
from tests.support.common import PHONES, rt_of
from tests.support.staff import post_form


def resend(staff: FlaskClient, meeting: dict[str, str], who: str) -> str:
    """Click resend for `who`; the page the redirect leads to."""
    page = f"/meetings/{meeting['id']}"
    response = post_form(staff, page, f"{page}/participants/{meeting[who]}/resend", {})
    assert response.status_code == 302
    return staff.get(page).get_data(as_text=True)


def sent_to(app: Flask, phone: str) -> int:
    return sum(1 for to, _ in rt_of(app).transport.sent if to == phone)  # type: ignore[attr-defined]


def test_one_resend_per_participant_per_day(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                            clock: dict[str, dt.datetime],
                                            login: Callable[..., FlaskClient]) -> None:
    first = sent_to(app, PHONES[0])
    assert "Inbjudan är skickad igen." in resend(staff, meeting, "youth")
    assert sent_to(app, PHONES[0]) == first + 1
    for _ in range(4):  # impatient clicks
        page = resend(staff, meeting, "youth")
        assert re.search(r"Den kan skickas igen \d+ november 2026 kl\. \d\d\.\d\d", page)
        assert "högst en gång per dygn" in page
    assert sent_to(app, PHONES[0]) == first + 1  # no SMS more
    youth_form = f"/participants/{meeting['youth']}/resend"
    assert youth_form not in page and re.search(r"Kan skickas igen \d+ november 2026 kl\. ", page)
    assert "disabled" in page
    assert f"/participants/{meeting['guardian']}/resend" in page  # the guardian's button is still there
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "resend")).all() == ["resend"]
    clock["now"] += dt.timedelta(hours=23, minutes=59)
    staff = login("flen")  # (the old session has ended)
    assert youth_form not in staff.get(f"/meetings/{meeting['id']}").get_data(as_text=True)
    clock["now"] += dt.timedelta(minutes=2)
    assert youth_form in resend(staff, meeting, "guardian")  # a day later: possible again
    assert "Inbjudan är skickad igen." in resend(staff, meeting, "youth")
    assert sent_to(app, PHONES[0]) == first + 2
