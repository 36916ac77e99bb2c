"""Browser tests: Playwright driving Debian's Chromium against a live server, as staff use it.

`make test` installs chromium (apt) and playwright (dev extra). Where Chromium cannot be installed the
tests skip with that message, except in CI (CI or TEST_DATABASE_URL set), where they fail instead. The
browser, live-server and page fixtures are in tests/e2e/conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from bot.store.models import Conversation
from tests.support.common import PHONES, rt_of
from tests.support.staff import (
    GUARDIAN_RATINGS,
    GUARDIAN_SMS,
    PASSWORD,
    XSS_IMG,
    XSS_SCRIPT,
    YOUTH_RATINGS,
    YOUTH_SMS,
    play,
)


def test_staff_prepare_a_meeting_and_read_the_summary(page: Any, make_user: Callable[..., str],
                                                      send_sms: Callable[..., Any], tmp_path: Path) -> None:
    email = make_user("anna@example.org")
    page.goto("/meetings")
    assert page.url.endswith("/login?next=/meetings")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/meetings")

    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Tid").fill("13:00")
    page.get_by_label("Kort namn på mötet").fill("SIP vecka 50")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/meetings/*")
    for role, phone, lang in (("youth", "070-174 06 05", "sv"), ("guardian", "070 174 06 06", "en")):
        page.get_by_label("Roll").select_option(role)
        page.get_by_label("Mobilnummer").fill(phone)
        page.get_by_label("Språk", exact=True).select_option(lang)
        page.get_by_role("button", name="Bjud in och skicka sms").click()
        page.get_by_text("Inbjudan är skickad.").wait_for()
    assert page.locator("tbody tr").count() == 2

    play(send_sms, PHONES[0], YOUTH_SMS)  # the participants answer through the signed webhook
    play(send_sms, PHONES[1], GUARDIAN_SMS)
    page.goto("/meetings")
    assert page.get_by_text("Klar").count() == 2 and page.get_by_text("8/8").count() == 2

    page.get_by_role("link", name="2026").first.click()  # the meeting's date links to it
    page.get_by_role("link", name="Sammanfattning").click()
    page.wait_for_url("**/summary")
    wheels = page.locator("svg")
    assert wheels.count() == 2
    for index, ratings in enumerate((YOUTH_RATINGS, GUARDIAN_RATINGS)):
        sectors = wheels.nth(index).locator("g.wheel-sector")
        assert sectors.count() == 8
        assert [sectors.nth(i).get_attribute("data-area") for i in range(8)] == list(ratings)
        numbers = wheels.nth(index).locator("text.wheel-number").all_text_contents()
        assert numbers == [str(r) for r in ratings.values()]

    # Hostile answers are shown as text and run nothing.
    text = page.locator("main").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert page.title() != "pwned" and page.evaluate("document.title") != "pwned"
    assert page.locator("main script").count() == 0 and page.locator("main img").count() == 0

    shot = tmp_path / "summary.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # Printed for the meeting: one A4 page with both wheels, without the menu.
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden() and page.locator("svg").nth(1).is_visible()


def test_csp_blocks_an_injected_inline_script(page: Any, make_user: Callable[..., str]) -> None:
    """Even if markup got in, the Content-Security-Policy would stop an inline script."""
    page.goto("/login")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = "document.title = 'pwned'"; document.body.appendChild(s); }""")
    assert page.evaluate("document.title") != "pwned"


def _log_in(page: Any, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/meetings")


def test_invite_bilingual_in_arabic_and_print_the_sheet(page: Any, make_user: Callable[..., str]) -> None:
    """The paper question sheet keeps its print styles under its own CSP (style hashes) and reads right to
    left in Arabic; the invitation form's bilingual box works (issue 4 in the staff web)."""
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    _log_in(page, make_user("anna@example.org"))
    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Kort namn på mötet").fill("SIP modersmål")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/meetings/*")
    page.get_by_label("Roll").select_option("guardian")
    page.get_by_label("Mobilnummer").fill("070-174 06 50")
    page.get_by_label("Språk", exact=True).select_option("ar")
    page.get_by_label("Tvåspråkig").check()
    page.get_by_role("button", name="Bjud in och skicka sms").click()
    page.get_by_text("Inbjudan är skickad.").wait_for()
    assert page.locator("tbody").get_by_text("tvåspråkig").count() == 1

    page.get_by_role("link", name="Skriv ut frågeblad").click()
    page.wait_for_url("**/sheet")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    styles = page.evaluate("""() => [getComputedStyle(document.querySelector('ol.questions')).listStyleType,
                                    getComputedStyle(document.querySelector('.marks span')).borderTopStyle]""")
    assert styles == ["none", "solid"]  # both <style> elements applied under the page's CSP
    assert violations == []
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


# --- issue 12: the two views of a meeting ---------------------------------------------------------------

MV_DISCLOSURE = "Pappa slår mig när han är arg"
MV_YOUTH = ["hej", "ja", "1", "ja", MV_DISCLOSURE, "ja", "4 bra kompisar", *["3"] * 6, "att bli lyssnad på", "ja"]


def test_numbers_only_youth_and_a_concern_in_the_two_views(page: Any, app: Flask, make_user: Callable[..., str],
                                                          send_sms: Callable[..., Any]) -> None:
    """Issue 12: a youth who chose "2" (numbers only) and wrote words appears in the meeting view with the
    numbers and none of the words; the concern is in the staff view and never in the meeting view; the
    meeting view prints on one A4 page."""
    _log_in(page, make_user("anna@example.org"))
    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Kort namn på mötet").fill("SIP vecka 50")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/meetings/*")
    page.get_by_label("Roll").select_option("youth")
    page.get_by_label("Mobilnummer").fill("070-174 06 05")
    page.get_by_label("Språk", exact=True).select_option("sv")
    page.get_by_role("button", name="Bjud in och skicka sms").click()
    page.get_by_text("Inbjudan är skickad.").wait_for()
    meeting_page = page.url

    play(send_sms, PHONES[0], MV_YOUTH)
    with rt_of(app).db.begin() as s:  # the youth answered "2" to the sharing question: numbers only
        conv = s.scalars(select(Conversation)).one()
        conv.sharing = "ratings"

    page.goto(meeting_page)
    page.get_by_role("link", name="Sidan till mötet").click()
    page.wait_for_url("**/meeting")
    printed = page.locator("article.meeting-view")
    numbers = printed.locator("svg text.wheel-number").all_text_contents()
    assert numbers == ["1", "4", "3", "3", "3", "3", "3", "3"]
    words = printed.inner_text()
    for never in ("Pappa", "slår", "bra kompisar", "lyssnad", "Låg skattning", "Ord om fara", "070"):
        assert never not in words
    assert page.locator("body").inner_text().count("Pappa") == 0

    page.goto(meeting_page.rstrip("/") + "/summary")
    staff_view = page.locator("main").inner_text()
    assert "Endast för personalen" in staff_view and "Låg skattning" in staff_view and "Ord om fara" in staff_view
    assert MV_DISCLOSURE in staff_view and "Ungdom nämner: pappa" in staff_view

    page.goto(meeting_page.rstrip("/") + "/meeting")
    page.get_by_role("link", name="Skriv ut sidan till mötet").click()
    page.wait_for_url("**/meeting?print=1")
    assert page.get_by_role("button", name="Skriv ut").is_visible()  # print.js shows it (no inline script)
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden() and page.locator(".meeting-view-tools").is_hidden()
    assert page.locator("article.meeting-view svg").first.is_visible()
