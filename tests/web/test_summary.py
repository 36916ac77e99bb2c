"""The summary page and the exports: wheels, escaped free text, concerns, audit entries."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.reports.csv_export import COLUMNS
from bot.services.export import SCHEMA, export_meeting
from bot.store.models import AuditEntry
from tests.support.common import PHONES, rt_of
from tests.support.staff import GUARDIAN_RATINGS, GUARDIAN_SMS, XSS_IMG, XSS_SCRIPT, YOUTH_RATINGS, YOUTH_SMS, play

AREAS = list(YOUTH_RATINGS)


@pytest.fixture
def answered(meeting: dict[str, str], send_sms: Callable[..., Any]) -> dict[str, str]:
    """The meeting with both participants through the whole conversation by signed webhook calls."""
    play(send_sms, PHONES[0], YOUTH_SMS)
    play(send_sms, PHONES[1], GUARDIAN_SMS)
    return meeting


def audit_actions(app: Flask, meeting_id: str) -> list[str]:
    with rt_of(app).db() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.meeting_id == meeting_id)
                              .order_by(AuditEntry.id)))


def test_summary_shows_two_wheels_and_the_numbers(staff: FlaskClient, answered: dict[str, str], app: Flask) -> None:
    response = staff.get(f"/meetings/{answered['id']}/summary")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    wheels = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(wheels) == 2
    for wheel, ratings in zip(wheels, (YOUTH_RATINGS, GUARDIAN_RATINGS), strict=True):
        sectors = re.findall(r'class="wheel-sector[^"]*" data-area="(\w+)" data-rating="(\d*)"', wheel)
        assert sectors == [(area, str(ratings[area])) for area in AREAS]
        numbers = re.findall(r'class="wheel-number"[^>]*>([^<]*)<', wheel)
        assert numbers == [str(ratings[area]) for area in AREAS]
    assert "Trygg" in html and "Skiljer sig 2 eller mer" in html  # safe: youth 5, guardian 2
    assert audit_actions(app, answered["id"])[-1] == "summary_view"


def test_summary_escapes_free_text(staff: FlaskClient, answered: dict[str, str]) -> None:
    html = staff.get(f"/meetings/{answered['id']}/summary").get_data(as_text=True)
    assert XSS_SCRIPT not in html and XSS_IMG not in html and "<b>skolan</b>" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "fotboll &amp; &lt;b&gt;skolan&lt;/b&gt;" in html
    assert 'dir="auto"' in html and 'lang="en"' in html


def test_summary_concern_box_with_time(staff: FlaskClient, meeting: dict[str, str],
                                       send_sms: Callable[..., Any]) -> None:
    play(send_sms, PHONES[0], ["hej", "ja", "1"])
    html = staff.get(f"/meetings/{meeting['id']}/summary").get_data(as_text=True)
    box = html[html.index('class="summary-concerns'):html.index('class="summary-matters')]
    assert "Ungdom" in box and "Trygg" in box and "23 november 2026 kl. 10.00" in box  # Stockholm time


def test_export_json_is_the_v1_document(staff: FlaskClient, answered: dict[str, str], app: Flask) -> None:
    response = staff.get(f"/meetings/{answered['id']}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    with rt_of(app).db() as s:
        assert document == export_meeting(s, answered["id"], rt_of(app).engine.wheel.areas)
    assert document["schema"] == SCHEMA
    youth = document["participants"][0]
    assert youth["areas"]["safe"] == {"rating": 5, "comment": XSS_SCRIPT, "followup": None, "dont_know": False}
    assert audit_actions(app, answered["id"])[-1] == "export_json"


def test_export_csv(staff: FlaskClient, answered: dict[str, str], app: Flask) -> None:
    response = staff.get(f"/meetings/{answered['id']}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Swedish letters right
    table = list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert table[0] == list(COLUMNS)  # Swedish Excel (`;` separator) opens it as columns
    assert {len(row) for row in table} == {len(COLUMNS)}
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in table[1:]]
    assert len(rows) == 2 * (len(AREAS) + 1)
    safe = [r for r in rows if r["area"] == "safe"]
    assert [(r["role"], r["rating"]) for r in safe] == [("youth", "5"), ("guardian", "2")]
    assert safe[0]["comment"] == XSS_SCRIPT
    assert audit_actions(app, answered["id"])[-1] == "export_csv"


def test_summary_of_a_meeting_without_answers(staff: FlaskClient, meeting: dict[str, str]) -> None:
    html = staff.get(f"/meetings/{meeting['id']}/summary").get_data(as_text=True)
    assert html.count("<svg") == 2 and 'data-rating=""' in html
