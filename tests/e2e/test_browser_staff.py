"""Browser tests of the staff web's newer pages, as staff use them in Chromium: the messages tab, typing in a
translation (seen with "översatt av" in the summary and the meeting view), the printed header in the PDF,
the confirmation pages (cancel a meeting, then undo), and 390 px screens without sideways scrolling.

The browser, live-server and page fixtures are shared (tests/e2e/conftest.py): this module starts no
Playwright of its own. Meetings are prepared through the web with a test client; the browser logs in as another
user of the same organisation.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.support.common import PHONES
from tests.support.languages import ARABIC_COMMENT, LW_GUARDIAN_PHONE, LW_YOUTH_PHONE, invite_form, paper_data
from tests.support.staff import PASSWORD, post_form, web_meeting

TRANSLATION = "Jag tycker om skolan"


@pytest.fixture
def prepared(login: Callable[..., FlaskClient]) -> dict[str, str]:
    """A meeting of flen (SIP vecka 50, 10 december 2026 kl. 13.00): a Swedish youth and an Arabic guardian
    (bilingual) who answered on paper, sharing everything."""
    staff = login("flen")
    m = web_meeting(staff, "SIP vecka 50", [invite_form("youth", LW_YOUTH_PHONE, "sv"),
                                            invite_form("guardian", LW_GUARDIAN_PHONE, "ar", True)])
    url = f"/meetings/{m['id']}/participants/{m['guardian']}/paper"
    assert post_form(staff, url, url, paper_data(sharing="all")).status_code == 302
    return m


@pytest.fixture
def signed_in(page: Any, make_user: Callable[..., str]) -> Any:
    """The page, logged in as a staff member of flen."""
    email = make_user("browser.staff@example.org")
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/meetings")
    return page


def test_messages_tab_shows_the_thread_with_the_question_highlighted(
        signed_in: Any, prepared: dict[str, str], send_sms: Callable[..., Any]) -> None:
    page = signed_in
    assert send_sms(LW_YOUTH_PHONE, "hej").status_code == 200
    assert send_sms(LW_YOUTH_PHONE, "vem läser detta?").status_code == 200
    page.goto(f"/meetings/{prepared['id']}")
    page.locator("tbody tr").first.get_by_role("link", name="Sms", exact=True).click()
    page.wait_for_url(f"**/participants/{prepared['youth']}/messages")
    thread = page.locator("ol.thread > li")
    assert thread.count() >= 3
    assert "kind-invitation" in (thread.first.get_attribute("class") or "")
    question = page.locator("li.is-question")
    assert question.count() == 1 and "vem läser detta?" in question.inner_text()
    assert page.get_by_role("status").filter(has_text="frågor").count() == 1


def test_translation_typed_in_shows_in_the_summary_and_the_meeting_view(signed_in: Any,
                                                                        prepared: dict[str, str]) -> None:
    page = signed_in
    page.goto(f"/meetings/{prepared['id']}/summary")
    answer = page.locator("li", has_text=ARABIC_COMMENT).filter(has=page.locator("details"))
    answer.locator("summary").click()
    answer.get_by_label("Översättning till svenska").fill(TRANSLATION)
    answer.get_by_label("Översatt av").fill("Amina, modersmålslärare")
    answer.get_by_role("button", name="Spara översättningen").click()
    page.get_by_text("Översättningen är sparad.").wait_for()
    shown = page.locator(".summary-translation", has_text=TRANSLATION)
    assert shown.count() == 1 and "översatt av Amina, modersmålslärare" in shown.inner_text()
    page.goto(f"/meetings/{prepared['id']}/meeting")
    shown = page.locator(".summary-translation", has_text=TRANSLATION)
    assert shown.count() == 1 and "översatt av Amina, modersmålslärare" in shown.inner_text()
    assert page.locator("details.summary-translate").count() == 0  # the meeting view has no form


def test_pdf_of_the_summary_carries_the_print_header(signed_in: Any, prepared: dict[str, str]) -> None:
    from pypdf import PdfReader

    page = signed_in
    page.goto(f"/meetings/{prepared['id']}/summary")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner PDF").click()
    path = download.value.path()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(Path(path).read_bytes())).pages]
    assert pages
    for text in pages:
        assert "SIP vecka 50" in text and "10 december 2026 kl. 13.00" in text and "Sekretess enligt" in text
    assert "Vårdnadshavare" in pages[0] and "svarade" in pages[0]


def test_cancel_asks_first_and_can_be_undone(signed_in: Any, prepared: dict[str, str]) -> None:
    page = signed_in
    page.goto(f"/meetings/{prepared['id']}")
    page.get_by_role("link", name="Ställ in mötet").click()
    page.wait_for_url(f"**/meetings/{prepared['id']}/cancel")
    assert page.get_by_role("heading", name="Vill du ställa in mötet?").count() == 1
    page.get_by_role("button", name="Ja, ställ in mötet").click()
    page.wait_for_url(f"**/meetings/{prepared['id']}")
    assert page.locator(".chip-cancelled").count() == 1
    page.get_by_role("button", name="Ångra: mötet blir av").click()
    page.get_by_text("Mötet blir av igen.").wait_for()
    assert page.locator(".chip-cancelled").count() == 0
    assert page.get_by_role("link", name="Ställ in mötet").count() == 1


def test_pages_fit_390_px_without_sideways_scrolling(signed_in: Any, prepared: dict[str, str],
                                                     send_sms: Callable[..., Any]) -> None:
    page = signed_in
    assert send_sms(PHONES[0], "hej").status_code == 200  # an unknown number: nothing to show, nothing breaks
    page.set_viewport_size({"width": 390, "height": 844})
    m = prepared["id"]
    for url in ("/meetings", f"/meetings/{m}", f"/meetings/{m}/summary", f"/meetings/{m}/meeting",
                f"/meetings/{m}/participants/{prepared['guardian']}/messages"):
        page.goto(url)
        widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (url, widths)
