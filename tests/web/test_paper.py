"""Paper from the staff web: the printable question sheet of a participant (their language, role and
bilingual mode; right to left where the language is), and typing in the answers from it: stored marked
`paper` with who helped, audited, shown on the summary; bad input or a participant who answered by SMS
saves nothing; another organisation gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import Answer, AuditEntry, PaperSheet, Participant
from tests.support.common import rt_of
from tests.support.languages import ARABIC_COMMENT, HELPER, LW_YOUTH_PHONE, PAPER_RATINGS, paper_data
from tests.support.staff import play, post_form


def paper_url(meeting: dict[str, str], role: str) -> str:
    return f"/meetings/{meeting['id']}/participants/{meeting[role]}/paper"


def test_sheet_is_in_the_participants_language_right_to_left(staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    response = staff.get(f"/meetings/{lw_meeting['id']}/participants/{lw_meeting['guardian']}/sheet")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and '<html lang="ar" dir="rtl">' in html
    assert "@page { size: A4" in html
    assert 'class="sv" lang="sv" dir="ltr"' in html  # bilingual: Swedish under each text
    assert html.count('<li data-area="') == 10 and "style=" not in html  # 8 areas, matters most, sharing
    csp = response.headers["Content-Security-Policy"]
    assert "'sha256-" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp


def test_sheet_of_a_swedish_youth(staff: FlaskClient, lw_meeting: dict[str, str]) -> None:
    html = staff.get(f"/meetings/{lw_meeting['id']}/participants/{lw_meeting['youth']}/sheet").get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in html and 'class="sv"' not in html  # one language, no Swedish repeat


def test_paper_answers_are_stored_marked_paper_and_shown_on_the_summary(
        staff: FlaskClient, lw_meeting: dict[str, str], app: Flask) -> None:
    url = paper_url(lw_meeting, "guardian")
    form = staff.get(url).get_data(as_text=True)
    assert form.count('type="number"') == 8 and 'lang="ar"' in form
    assert form.count('name="sharing"') == 3
    assert '<input checked id="sharing-2" name="sharing" type="radio" value="none">' in form  # default: nothing
    response = post_form(staff, url, url, paper_data(sharing="ratings"))
    assert response.status_code == 302, response.get_data(as_text=True)
    with rt_of(app).db() as s:
        guardian = s.get(Participant, lw_meeting["guardian"])
        assert guardian is not None and guardian.conversation is not None
        answers = {a.area: a for a in s.scalars(select(Answer).where(
            Answer.conversation_id == guardian.conversation.id))}
        sheet = s.scalars(select(PaperSheet).where(PaperSheet.participant_id == guardian.id)).one()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "paper_answers")).one()
        assert guardian.conversation.status == "completed" and guardian.conversation.open_phone is None
        assert guardian.conversation.matters_most == "مزيد من الوقت"
        assert guardian.conversation.sharing == "ratings"
    assert {a: r.rating for a, r in answers.items()} == PAPER_RATINGS
    assert {r.source for r in answers.values()} == {"paper"} and {r.language for r in answers.values()} == {"ar"}
    assert answers["achieving"].comment == ARABIC_COMMENT and answers["safe"].comment is None
    assert sheet.helper == HELPER and sheet.recorded_by is not None and sheet.recorded_by.endswith(".flen@example.org")
    assert (audit.meeting_id, audit.participant_id, audit.detail) == (lw_meeting["id"], lw_meeting["guardian"],
                                                                      "answered=8")
    meeting_page = staff.get(f"/meetings/{lw_meeting['id']}").get_data(as_text=True)
    assert "svar på papper" in meeting_page
    summary = staff.get(f"/meetings/{lw_meeting['id']}/summary").get_data(as_text=True)
    assert f'svar på papper (hjälp: <bdi dir="auto">{HELPER}</bdi>)' in summary
    assert f'Kommentar (arabiska):</span> <bdi lang="ar" dir="auto">{ARABIC_COMMENT}</bdi>' in summary


@pytest.mark.parametrize(("change", "message"), [
    ({"rating_safe": "7"}, "Skriv en skattning från 1 till 5, eller lämna tomt."),
    ({"rating_healthy": "0"}, "Skriv en skattning från 1 till 5, eller lämna tomt."),
    ({"rating_active": "tre"}, "Värdet går inte att använda."),
    ({"helper": ""}, "Fyll i det här fältet."),
    ({"helper": "   "}, "Fyll i det här fältet."),
    ({"helper": "mamma 19800101-1234"}, "Skriv inte personnummer här."),
    ({"helper": "x" * 121}, "Högst 120 tecken."),
    ({"sharing": "everything"}, "Välj ett av alternativen."),
])
def test_bad_paper_input_saves_nothing(staff: FlaskClient, lw_meeting: dict[str, str],
                                       paper_state: Callable[[], Any], change: dict[str, str], message: str) -> None:
    before = paper_state()
    url = paper_url(lw_meeting, "guardian")
    response = post_form(staff, url, url, paper_data() | change)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Inget är sparat." in html
    assert paper_state() == before


def test_empty_ratings_are_allowed(staff: FlaskClient, lw_meeting: dict[str, str], app: Flask) -> None:
    url = paper_url(lw_meeting, "youth")
    response = post_form(staff, url, url, paper_data({"safe": 3, "healthy": ""}))
    assert response.status_code == 302
    with rt_of(app).db() as s:
        ratings = dict(s.execute(select(Answer.area, Answer.rating).join(Answer.conversation)
                                 .where(Answer.source == "paper")).all())
    assert ratings["safe"] == 3 and ratings["healthy"] is None and ratings["included"] is None
    with rt_of(app).db() as s:  # no sharing sent (an old form, a script): the default, nothing
        assert s.scalar(select(Participant).where(Participant.id == lw_meeting["youth"])).conversation.sharing == "none"


def test_participant_who_answered_by_sms_is_refused(staff: FlaskClient, lw_meeting: dict[str, str],
                                                     send_sms: Callable[..., Any],
                                                     paper_state: Callable[[], Any]) -> None:
    play(send_sms, LW_YOUTH_PHONE, ["hej", "ja", "4 bra"])
    before = paper_state()
    url = paper_url(lw_meeting, "youth")
    response = post_form(staff, url, url, paper_data())
    assert response.status_code == 400
    assert "Svaren sparades inte." in response.get_data(as_text=True)
    assert paper_state() == before


def test_other_organisation_gets_404_with_a_valid_payload(lw_meeting: dict[str, str],
                                                          login: Callable[..., FlaskClient],
                                                          paper_state: Callable[[], Any]) -> None:
    other = login("vingaker")
    before = paper_state()
    url = paper_url(lw_meeting, "guardian")
    assert other.get(url).status_code == 404
    assert other.get(url.replace("/paper", "/sheet")).status_code == 404
    response = post_form(other, "/meetings", url, paper_data())
    assert response.status_code == 404 and "العربية" not in response.get_data(as_text=True)
    assert paper_state() == before  # nothing stored, no audit entry
