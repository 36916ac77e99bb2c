"""The password policy refuses what a guesser tries first: the e-mail's name and domain, the organisation's
slug and name, and common Swedish words, each also with digits or signs added ("Välkommen123"), on the
command line and in the admin's form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from bot.services.password_policy import CLI_MESSAGES, WORDS_FILE, common_passwords, policy_problem
from bot.store.models import User
from tests.support.common import rt_of
from tests.support.staff import post_form

EMAIL = "anna.karlsson@flen.se"
ORG = ("flen", "Flens kommun")


@pytest.mark.parametrize(("password", "problem"), [
    ("anna.karlsson1", "is_email"), ("Anna.Karlsson2024!", "is_email"), ("annakarlsson12", "is_email"),
    ("Karlsson123456", "is_email"), ("flen.se123456", "is_email"), ("Fl3n.se!!2024", "is_email"),
    ("2024flen.se2024", "is_email"),
    ("Flens kommun1", "is_org"), ("flenskommun2024", "is_org"), ("FLENS KOMMUN!!", "is_org"),
    ("Flens1234567", "is_org"),
    ("Välkommen123", "too_common"), ("valkommen2024", "too_common"), ("Kommunen123!", "too_common"),
    ("!!Socialtjänsten1", "too_common"), ("Djurgården1891", "too_common"), ("V4lk0mmen1234", "too_common"),
])
def test_personal_and_swedish_words_with_digits_are_refused(password: str, problem: str) -> None:
    assert policy_problem(password, EMAIL, ORG) == problem


@pytest.mark.parametrize("password", ["tre gröna cyklar", "anna cyklar till flen varje dag",
                                      "Kattungen och jag", "Xk9#mQ2$vL7!", "välkommen hem till oss i flen"])
def test_longer_phrases_with_those_words_are_fine(password: str) -> None:
    assert policy_problem(password, EMAIL, ORG) is None


def test_the_swedish_word_list_is_shipped_and_well_formed() -> None:
    lines = [line for line in WORDS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(lines) >= 250 and len(set(lines)) == len(lines)
    assert all(line == line.strip().casefold() and line for line in lines)
    assert {"välkommen", "kommun", "socialtjänsten"} <= common_passwords()


def test_cli_refuses_the_organisations_name(runner: FlaskCliRunner, orgs: dict[str, int], app: Flask) -> None:
    result = runner.invoke(args=["users", "create", "bo@example.org", "--org", "vingaker", "--password-stdin"],
                           input="Vingåkers kommun 2024\n")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {CLI_MESSAGES['is_org']}"]
    with rt_of(app).db() as s:
        assert s.scalars(select(User)).all() == []


@pytest.mark.parametrize(("password", "message"), [
    ("Flens kommun2024", "Lösenordet får inte vara organisationens namn"),
    ("Välkommen123", "Lösenordet är för vanligt"),
    ("example.org2024", "Lösenordet får inte vara e-postadressen"),
])
def test_admin_form_refuses_them_in_swedish(login: Callable[..., FlaskClient], app: Flask, password: str,
                                            message: str) -> None:
    admin = login("flen", "admin")
    response = post_form(admin, "/admin/users", "/admin/users",
                         {"email": "bo@example.org", "role": "staff", "password": password})
    assert response.status_code == 400 and response.get_data(as_text=True).count(message) == 1
    with rt_of(app).db() as s:
        assert s.scalars(select(User.email).where(User.email == "bo@example.org")).all() == []
