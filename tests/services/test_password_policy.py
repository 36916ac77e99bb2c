"""The password policy wherever a password is set (`users create`, the admin's user form): at least 12
characters, not the e-mail, not a common password (the shipped list, with digits added, swapped letters or
repeated); a one-line Swedish error in the web, a one-line `Error:` on the command line, nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from bot.services.password_policy import CLI_MESSAGES, COMMON_FILE, TEXT_KEYS, common_passwords, policy_problem
from bot.store.models import User
from bot.texts.staff import STAFF_TEXT_FILES, StaffTexts
from tests.support.common import rt_of
from tests.support.staff import PASSWORD, post_form

EMAIL = "anna.karlsson@example.org"
REFUSED = [
    ("short pass", "too_short"),
    ("x" * 201, "too_long"),
    (EMAIL, "is_email"),
    ("  Anna.Karlsson@Example.ORG ", "is_email"),
    ("Anna.Karlsson", "is_email"),  # the part before @
    ("qwertyuiop123", "too_common"),
    ("password1234", "too_common"),
    ("Password1234!", "too_common"),
    ("P@ssw0rd2024!", "too_common"),
    ("2024!sommar2024", "too_common"),
    ("Fotboll123456", "too_common"),
    ("iloveyou1234", "too_common"),
    ("passwordpassword", "too_common"),
    ("qwertyqwerty", "too_common"),
    ("abcabcabcabc", "too_common"),
    ("aaaaaaaaaaaa", "too_common"),
    ("123456789012", "too_common"),
    ("210987654321", "too_common"),
    ("abcdefghijkl", "too_common"),
    ("qwertyuiopasd", "too_common"),
    ("1qaz2wsx3edc4rfv", "too_common"),
    ("hjulsamtal2026", "too_common"),
]
ACCEPTED = [PASSWORD, "Kattungen och jag", "tre gröna cyklar", "Xk9#mQ2$vL7!", "anna.karlsson-gillar-te",
            "sommarstugan vid sjön"]


@pytest.mark.parametrize(("password", "problem"), REFUSED)
def test_policy_refuses(password: str, problem: str) -> None:
    assert policy_problem(password, EMAIL) == problem


@pytest.mark.parametrize("password", ACCEPTED)
def test_policy_accepts(password: str) -> None:
    assert policy_problem(password, EMAIL) is None


def test_the_common_list_is_shipped_and_well_formed() -> None:
    lines = [line for line in COMMON_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(lines) >= 1000 and len(set(lines)) == len(lines)
    assert all(line == line.strip().casefold() and line for line in lines)
    assert {"123456", "password", "qwerty", "iloveyou", "sommar", "lösenord"} <= common_passwords()


def test_every_problem_has_a_swedish_text_and_a_one_line_message() -> None:
    texts = StaffTexts(*STAFF_TEXT_FILES)
    assert set(TEXT_KEYS) == set(CLI_MESSAGES)
    for problem, key in TEXT_KEYS.items():
        assert "\n" not in texts(key, min=12, max=200) and "\n" not in CLI_MESSAGES[problem]


@pytest.mark.parametrize(("password", "problem"), [("Password1234!", "too_common"), (EMAIL, "is_email"),
                                                   ("kort", "too_short")])
def test_cli_refuses_in_one_line_and_saves_nothing(runner: FlaskCliRunner, orgs: dict[str, int], app: Flask,
                                                   password: str, problem: str) -> None:
    result = runner.invoke(args=["users", "create", EMAIL, "--org", "flen", "--password-stdin"],
                           input=password + "\n")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {CLI_MESSAGES[problem]}"]
    with rt_of(app).db() as s:
        assert s.scalars(select(User)).all() == []


@pytest.mark.parametrize(("password", "message"), [
    ("Password1234!", "Lösenordet är för vanligt och lätt att gissa."),
    ("qwertyqwerty", "Lösenordet är för vanligt och lätt att gissa."),
    (EMAIL, "Lösenordet får inte vara e-postadressen, namnet i den eller domänen, inte heller med siffror till."),
    ("kort", "Skriv mellan 12 och 200 tecken."),
])
def test_admin_form_refuses_in_swedish_and_saves_nothing(login: Callable[..., FlaskClient], app: Flask,
                                                         password: str, message: str) -> None:
    admin = login("flen", "admin")
    response = post_form(admin, "/admin/users", "/admin/users", {"email": EMAIL, "role": "staff",
                                                                 "password": password})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and page.count(message) == 1
    assert page.count("Lösenordet") <= 1  # one message for the password, not several
    with rt_of(app).db() as s:
        assert s.scalars(select(User.email).where(User.email == EMAIL)).all() == []


def test_admin_form_accepts_a_good_password(login: Callable[..., FlaskClient], app: Flask) -> None:
    admin = login("flen", "admin")
    response = post_form(admin, "/admin/users", "/admin/users", {"email": EMAIL, "role": "staff",
                                                                 "password": "tre gröna cyklar"})
    assert response.status_code == 302
    with rt_of(app).db() as s:
        assert s.scalars(select(User.email).where(User.email == EMAIL)).all() == [EMAIL]
