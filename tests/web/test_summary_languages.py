"""The summary marks each comment with the language it was written in (after a switch with SPRÅK: the new
one), names that language for staff, and marks answers typed in from paper with who helped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from bot.reports.summary import summary_view
from tests.support.languages import LW_GUARDIAN_PHONE, paper_data
from tests.support.staff import play, post_form
from tests.support.summary_docs import AREAS, LABELS, STAFF, document, participant


def test_remarks_carry_the_language_each_area_was_answered_in() -> None:
    youth = participant("y", "youth", [4] * 8, language="sv", comments={"safe": "bra", "healthy": "جيد"})
    youth["answer_languages"] = {"safe": "sv", "healthy": "ar"}
    guardian = participant("g", "guardian", [3] * 8, language="prs", comments={"safe": "خوب"})
    guardian["paper"] = {"helper": "modersmålslärare", "recorded_at": "2026-11-23T10:00:00+00:00"}
    v = summary_view(document(youth, guardian), LABELS, STAFF, areas=AREAS)
    by_area = {a.area: [(r.participant_id, r.language, r.language_name) for r in a.remarks] for a in v.areas}
    assert by_area["safe"] == [("y", "sv", "svenska"), ("g", "prs", "dari")]  # no record: the participant's
    assert by_area["healthy"] == [("y", "ar", "arabiska")]
    assert [p.paper_helper for p in v.participants] == [None, "modersmålslärare"]


def test_switched_language_comment_is_marked_on_the_page(staff: FlaskClient, lw_meeting: dict[str, str],
                                                         send_sms: Callable[..., Any]) -> None:
    """The Arabic guardian switches to Swedish with SPRÅK (menu item 1) and answers the first area."""
    play(send_sms, LW_GUARDIAN_PHONE, ["مرحبا", "نعم", "4 جيد", "SPRÅK", "1", "3 okej"])
    html = staff.get(f"/meetings/{lw_meeting['id']}/summary").get_data(as_text=True)
    assert 'Kommentar (arabiska):</span> <bdi lang="ar" dir="auto">جيد</bdi>' in html
    assert 'Kommentar (svenska):</span> <bdi lang="sv" dir="auto">okej</bdi>' in html
    assert "svar på papper" not in html


def test_paper_mark_only_for_the_paper_participant(staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    url = f"/meetings/{lw_meeting['id']}/participants/{lw_meeting['youth']}/paper"
    assert post_form(staff, url, url, paper_data(helper="kurator")).status_code == 302
    html = staff.get(f"/meetings/{lw_meeting['id']}/summary").get_data(as_text=True)
    figures = html.split('<figure class="summary-wheel"')[1:]
    assert len(figures) == 2
    assert 'data-role="youth"' in figures[0] and "svar på papper (hjälp:" in figures[0]
    assert "svar på papper" not in figures[1]
