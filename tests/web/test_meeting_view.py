"""Two views of a meeting: the staff view (everything, concerns first, "Endast för personalen", who a youth
named) and the meeting view (each participant as far as they allowed; never concerns, paper helpers or
phone numbers; staff can hide someone; one neutral line; every view and print audited; "Prata om detta"
from shared numbers only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, Conversation
from tests.support.common import rt_of
from tests.support.languages import ARABIC_COMMENT, HELPER, LW_GUARDIAN_PHONE, LW_YOUTH_PHONE, paper_data
from tests.support.staff import play, post_form

DISCLOSURE = "Pappa slår mig när han är arg"
# Trygg 1 and the disclosure each pause the questions until JA.
YOUTH = ["hej", "ja", "1", "ja", DISCLOSURE, "ja", "4 bra kompisar", *["3"] * 6, "att bli lyssnad på", "ja"]


def share(app: Flask, **choices: str | None) -> None:
    """Set participants' sharing choices (role -> all | ratings | none | None) as the conversation would."""
    with rt_of(app).db.begin() as s:
        for conv in s.scalars(select(Conversation)):
            conv.sharing = choices[conv.participant.role]


@pytest.fixture
def answered(staff: FlaskClient, lw_meeting: dict[str, str], send_sms: Callable[..., Any]) -> dict[str, str]:
    """A youth who rated Trygg 1 and wrote DISCLOSURE (concerns); a guardian's paper answers with a helper."""
    play(send_sms, LW_YOUTH_PHONE, YOUTH)
    url = f"/meetings/{lw_meeting['id']}/participants/{lw_meeting['guardian']}/paper"
    assert post_form(staff, url, url, paper_data()).status_code == 302
    return lw_meeting


def view(staff: FlaskClient, meeting: dict[str, str], query: str = "") -> str:
    response = staff.get(f"/meetings/{meeting['id']}/meeting{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def page_of(html: str) -> str:
    """The printed part: the meeting view's article."""
    found = re.search(r'<article class="summary meeting-view".*?</article>', html, re.S)
    assert found
    return found.group(0)


def actions(app: Flask) -> list[tuple[str, str | None]]:
    with rt_of(app).db() as s:
        return [(a.action, a.detail) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
                if a.action.startswith("meeting_view") or a.action.startswith("meeting_print")]


def test_numbers_only_youth_shows_numbers_and_no_words(staff: FlaskClient, answered: dict[str, str],
                                                       app: Flask) -> None:
    share(app, youth="ratings", guardian="all")
    html = view(staff, answered)
    wheels = re.findall(r'<figure class="summary-wheel" data-participant="([^"]+)" data-role="(\w+)"', html)
    assert [role for _pid, role in wheels] == ["youth", "guardian"]
    youth_numbers = re.findall(r'class="wheel-number"[^>]*>([^<]*)<', re.findall(r"<svg\b.*?</svg>", html, re.S)[0])
    assert youth_numbers == ["1", "4", "3", "3", "3", "3", "3", "3"]
    for never in (DISCLOSURE, "Pappa", "bra kompisar", "lyssnad", HELPER, LW_YOUTH_PHONE, LW_GUARDIAN_PHONE,
                  "Oro:", "Låg skattning", "Ord om fara", "Endast för personalen"):
        assert never not in html, never
    assert "Oro" not in page_of(html) and "papper" not in page_of(html)  # (the menu links to the inbox)
    assert ARABIC_COMMENT in html  # the guardian shares everything
    assert "Alla svar visas inte här." not in html
    assert actions(app) == [("meeting_view", "hidden=0")]


def test_none_and_unanswered_show_nothing_with_one_neutral_line(staff: FlaskClient, answered: dict[str, str],
                                                                 app: Flask) -> None:
    share(app, youth="none", guardian=None)
    html = view(staff, answered)
    assert "<svg" not in html and "Alla svar visas inte här." in html
    assert "Ungdom" not in html and "Vårdnadshavare" not in html  # the line does not say who chose what


def test_staff_can_hide_a_participant_and_the_print_version_is_audited(staff: FlaskClient,
                                                                        answered: dict[str, str], app: Flask) -> None:
    share(app, youth="all", guardian="all")
    everyone = view(staff, answered)
    assert "Prata om detta" in everyone  # Trygg: youth 1, guardian's paper answer far from it
    assert "bra kompisar" in everyone and DISCLOSURE in everyone  # "all": the youth's own words
    assert "Låg skattning" not in everyone and "Ord om fara" not in everyone  # never the concerns
    hidden = view(staff, answered, f"?dolj={answered['guardian']}&print=1")
    assert ARABIC_COMMENT not in hidden and "Alla svar visas inte här." in hidden
    assert "Prata om detta</strong>" not in hidden  # nobody left to differ from
    assert view(staff, answered, "?dolj=not-a-participant").count("<svg") == 2  # an unknown id hides nobody
    assert actions(app) == [("meeting_view", "hidden=0"), ("meeting_print", "hidden=1"), ("meeting_view", "hidden=0")]


def test_staff_view_is_marked_and_says_who_the_youth_named(staff: FlaskClient, answered: dict[str, str],
                                                         app: Flask) -> None:
    share(app, youth="ratings", guardian="all")
    html = staff.get(f"/meetings/{answered['id']}/summary").get_data(as_text=True)
    assert "Endast för personalen" in html and "Ungdom nämner: pappa" in html
    assert html.index("Endast för personalen") < html.index("Oro: läs detta först") < html.index(DISCLOSURE)
    assert "nämner" not in view(staff, answered)
    page = staff.get(f"/meetings/{answered['id']}").get_data(as_text=True)
    assert f'href="/meetings/{answered["id"]}/meeting"' in page and "Sidan till mötet" in page


def test_other_organisation_gets_404(answered: dict[str, str], login: Callable[..., FlaskClient], app: Flask) -> None:
    share(app, youth="all", guardian="all")
    response = login("vingaker").get(f"/meetings/{answered['id']}/meeting")
    assert response.status_code == 404 and DISCLOSURE not in response.get_data(as_text=True)
    assert actions(app) == []
