"""Participants told apart (a nickname and the number's last two digits on the staff pages, never in SMS), the
summary's marks (low ratings and differences of 2+ by a sign, not colour alone; "skattning"; "kl. 13.00"),
and the audit log in Swedish (labels, links, times with zone)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.support.common import PHONES, rt_of
from tests.support.languages import invite_form
from tests.support.staff import GUARDIAN_SMS, YOUTH_SMS, play, post_form, web_meeting


def two_guardians(staff: FlaskClient) -> dict[str, str]:
    return web_meeting(staff, "SIP vecka 50", [
        invite_form("youth", PHONES[0], "sv") | {"nickname": ""},
        invite_form("guardian", PHONES[1], "en") | {"nickname": "mamma"},
        invite_form("guardian", PHONES[2], "sv") | {"nickname": "bonuspappa"}])


def test_nickname_and_last_digits_on_the_staff_pages_never_in_sms(staff: FlaskClient, app: Flask) -> None:
    m = two_guardians(staff)["id"]
    page = staff.get(f"/meetings/{m}").get_data(as_text=True)
    assert "(mamma)" in page and "(bonuspappa)" in page
    assert "nr …05" in page and "nr …06" in page and "nr …07" in page
    listing = staff.get("/meetings").get_data(as_text=True)
    assert "(mamma)" in listing and "nr …07" in listing
    summary = staff.get(f"/meetings/{m}/summary").get_data(as_text=True)
    assert "mamma, nr …06" in summary and "bonuspappa, nr …07" in summary
    bodies = [body for _, body in rt_of(app).transport.sent]  # type: ignore[attr-defined]
    assert bodies and not any("mamma" in b or "bonuspappa" in b for b in bodies)


def test_a_nickname_with_digits_is_refused(staff: FlaskClient, meeting: dict[str, str]) -> None:
    page = f"/meetings/{meeting['id']}"
    response = post_form(staff, page, f"{page}/participants",
                         invite_form("guardian", PHONES[3], "sv") | {"nickname": "pappa 19800101"})
    assert response.status_code == 400 and "Skriv inga siffror här." in response.get_data(as_text=True)


def test_summary_marks_low_ratings_and_differences_with_a_sign(staff: FlaskClient, meeting: dict[str, str],
                                                               send_sms: Callable[..., Any]) -> None:
    play(send_sms, PHONES[0], YOUTH_SMS)
    play(send_sms, PHONES[1], GUARDIAN_SMS)  # the guardian rates safe 2; the youth 5
    html = staff.get(f"/meetings/{meeting['id']}/summary").get_data(as_text=True)
    safe = re.search(r'<tr data-area="safe"[^>]*>(.*?)</tr>', html, re.S)
    assert safe is not None and 'class="is-talk"' in safe.group(0)
    assert re.search(r'<td class="is-low">2 <span class="summary-sign" aria-hidden="true">●</span>'
                     r'<span class="visually-hidden">låg skattning</span></td>', safe.group(1))
    assert "▲" in safe.group(1) and "Skiljer sig 2 eller mer" in safe.group(1)
    assert "● = låg skattning (1 eller 2)." in html and "▲ = ungdomen och en vårdnadshavare" in html
    assert "Prata om detta" not in html and "etyg" not in html
    assert "Skattning per område" in html and "kl. 13.00" in html  # "Möte 10 december 2026 kl. 13.00"


def test_audit_log_in_swedish_with_labels_links_and_zone(staff: FlaskClient, meeting: dict[str, str],
                                                         login: Callable[..., FlaskClient]) -> None:
    html = login("flen", "admin").get("/admin/audit").get_data(as_text=True)
    assert "Vårdnadshavare, engelska" in html and "guardian en" not in html
    assert f'<a href="/meetings/{meeting["id"]}">10 december 2026 · SIP vecka 50</a>' in html
    assert re.search(r"23 november 2026 kl\. 10\.00 CET", html)
    assert f"<code>{meeting['id'][:8]}</code>" not in html
