"""The browser simulator: the real engine and texts; nothing sent, nothing stored in the database."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.store.models import Base, Organisation
from tests.support.common import rt_of
from tests.support.staff import post_form


def row_counts(app: Flask) -> dict[str, int]:
    with rt_of(app).db() as s:
        return {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0) for t in Base.metadata.sorted_tables}


def say(client: FlaskClient, body: str) -> Any:
    return post_form(client, "/simulator", "/simulator/say", {"say-body": body})


def test_play_the_youth_flow_in_swedish(staff: FlaskClient, app: Flask) -> None:
    before = row_counts(app)
    start = post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    assert start.status_code == 302
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Flens kommun vill veta hur du har det" in page  # the real invitation text
    for body in ("hej", "ja", "4 <b>bra</b> kompisar"):
        assert say(staff, body).status_code == 302
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Fråga 2 av 8" in page
    assert "4 &lt;b&gt;bra&lt;/b&gt; kompisar" in page and "<b>bra</b>" not in page
    assert row_counts(app) == before  # nothing stored (the login's audit row was there before)
    assert rt_of(app).transport.sent == []  # type: ignore[attr-defined]


def test_play_the_guardian_flow_in_english_to_the_end(staff: FlaskClient, app: Flask) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "guardian", "start-language": "en"})
    for body in ("hi", "yes", *["4"] * 8, "school", "2", "yes"):
        say(staff, body)
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Samtalet är slut." in page and 'name="say-body"' not in page
    assert 'lang="en"' in page
    assert rt_of(app).transport.sent == []  # type: ignore[attr-defined]


def test_reset_forgets_the_conversation(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    assert post_form(staff, "/simulator", "/simulator/reset", {}).status_code == 302
    assert "Du spelar" not in staff.get("/simulator").get_data(as_text=True)


@pytest.mark.parametrize(("data", "message"), [
    ({"start-role": "youth", "start-language": "xx"}, "Välj ett språk i listan."),
    ({"start-role": "teacher", "start-language": "sv"}, "Välj ett av alternativen."),
])
def test_start_refuses_bad_input(staff: FlaskClient, data: dict[str, str], message: str) -> None:
    response = post_form(staff, "/simulator", "/simulator/start", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "Du spelar" not in staff.get("/simulator").get_data(as_text=True)


def test_say_refuses_empty_and_overlong_messages(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    assert say(staff, "").status_code == 400
    assert say(staff, "x" * 321).status_code == 400
    page = staff.get("/simulator").get_data(as_text=True)
    assert page.count('class="sms sms-in"') == 0


def test_a_full_simulator_asks_for_a_reset(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    for _ in range(9):
        say(staff, "hjälp " + "a" * 300)
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Simulatorn är full" in page
    assert page.count('class="sms sms-in"') < 9


def test_each_sms_shows_its_size_and_encoding(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    for body in ("hej", "ja"):
        say(staff, body)
    page = staff.get("/simulator").get_data(as_text=True)
    assert page.count('class="sms sms-out"') == 3 and page.count('class="cost"') == 3  # only what we send
    question = len("Fråga 1 av 8. Trygg: Tänk på var det är sämst: hemma, i skolan eller på fritiden. "
                   "Hur trygg är du där? Svara 1-5. 5 är bäst. Skriv gärna ord efter.")
    assert f"{question} tecken, 1 sms-delar (GSM-7)" in page
    assert "Hittills 3 sms till deltagaren, 4 sms-delar." in page  # the consent takes two


def test_bilingual_mode_sends_the_language_then_swedish_each_with_its_cost(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start",
              {"start-role": "guardian", "start-language": "ar", "start-bilingual": "y"})
    say(staff, "مرحبا")
    page = staff.get("/simulator").get_data(as_text=True)
    assert "tvåspråkig" in page
    assert page.count('class="sms sms-out"') == 4  # invitation and consent, each in Arabic then Swedish
    assert page.count("(UCS-2)") == 2 and page.count("(GSM-7)") == 2
    bodies = page.split('class="sms sms-out"')[1:]
    assert 'lang="ar"' in bodies[0] and 'lang="sv"' in bodies[1] and "Hej!" in bodies[1]
    assert 'lang="ar"' in bodies[2] and 'lang="sv"' in bodies[3] and "Personalen läser svaren" in bodies[3]


def test_the_simulator_plays_the_real_sharing_step_and_says_what_it_understood(staff: FlaskClient) -> None:
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "sv"})
    for body in ("hej", "ja", "😕", "fler vuxna", *["4"] * 7):
        say(staff, body)
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Du svarade 2.\nTrygg: Vad skulle kunna hjälpa dig med det?" in page
    assert "inte valt än (då blir det: inget)" in page
    for body in ("Skolan", "2"):
        say(staff, body)
    page = staff.get("/simulator").get_data(as_text=True)
    assert "Vad får de andra på mötet se av dina svar" in page and "9 Andra ser: bara siffror" in page
    assert "<td>bara siffrorna</td>" in page and "Skolan" in page


def test_the_language_menu_lists_what_the_organisation_offers(staff: FlaskClient, app: Flask) -> None:
    with rt_of(app).db.begin() as s:
        org = s.scalars(select(Organisation).where(Organisation.slug == "flen")).one()
        org.languages, org.accept_drafts = ["sv", "en", "fi"], True
    post_form(staff, "/simulator", "/simulator/start", {"start-role": "youth", "start-language": "uk"})
    for body in ("hi", "language"):
        say(staff, body)
    page = staff.get("/simulator").get_data(as_text=True)
    menu = page.rsplit("1 Svenska", 1)[1].split("</", 1)[0]  # the last SMS: the menu
    assert "2 English" in menu and "3 Suomi" in menu and "4 Українська" in menu  # uk: the language played
    assert "العربية" not in menu
    with rt_of(app).db.begin() as s:
        s.scalars(select(Organisation).where(Organisation.slug == "flen")).one().accept_drafts = False
    say(staff, "1")  # a draft language played is still on the menu; English and Finnish are drafts: not offered
    say(staff, "SPRÅK")
    menu = staff.get("/simulator").get_data(as_text=True).rsplit("Välj språk.", 1)[1].split("</", 1)[0]
    assert "1 Svenska" in menu and "English" not in menu and "Suomi" not in menu
