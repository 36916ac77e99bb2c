"""Adding a user never reveals an account of another organisation: an e-mail taken elsewhere gets exactly
the answer a new address gets (nothing is added, the other account is untouched), and the attempt is recorded
in the owning organisation's audit log, not in the asking one's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import AuditEntry, User
from tests.support.common import rt_of
from tests.support.staff import PASSWORD, log_in, post_form


def add(admin: FlaskClient, email: str) -> Any:
    return post_form(admin, "/admin/users", "/admin/users", {"email": email, "role": "staff",
                                                             "password": "tre gröna cyklar"})


def answer(response: Any, admin: FlaskClient) -> tuple[int, str | None, str]:
    """What the admin sees: the status, where it leads, and the message shown there."""
    page = admin.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 302 else ""
    flash = page.split('class="flash', 1)[-1].split("</", 1)[0] if 'class="flash' in page else ""
    return response.status_code, response.headers.get("Location"), flash


def test_an_address_taken_elsewhere_answers_like_a_new_one(login: Callable[..., FlaskClient], app: Flask,
                                                           make_user: Callable[..., str],
                                                           orgs: dict[str, int]) -> None:
    elsewhere = make_user("bo@vingaker.se", "vingaker")
    admin = login("flen", "admin")
    new = answer(add(admin, "ny@flen.se"), admin)
    taken = answer(add(admin, elsewhere), admin)
    assert taken == new and new[0] == 302 and "Användaren är tillagd." in new[2]
    with rt_of(app).db() as s:
        bo = s.scalars(select(User).where(User.email == elsewhere)).one()
        assert bo.org_id == orgs["vingaker"]  # untouched
        logs = {org: s.scalars(select(AuditEntry.action).where(AuditEntry.org_id == org_id)).all()
                for org, org_id in orgs.items()}
    assert "user_create_elsewhere" in logs["vingaker"] and "user_create_elsewhere" not in logs["flen"]
    assert log_in(app.test_client(), elsewhere, PASSWORD).status_code == 302  # bo's password unchanged
    assert "En annan organisation försökte" not in admin.get("/admin/audit").get_data(as_text=True)


def test_an_address_taken_in_the_same_organisation_is_still_named(login: Callable[..., FlaskClient],
                                                                  make_user: Callable[..., str]) -> None:
    own = make_user("anna@flen.se", "flen")
    admin = login("flen", "admin")
    response = add(admin, own)
    assert response.status_code == 400
    assert "Det finns redan en användare med den e-postadressen." in response.get_data(as_text=True)


def test_the_owning_organisation_sees_the_attempt(login: Callable[..., FlaskClient],
                                                  make_user: Callable[..., str]) -> None:
    elsewhere = make_user("bo@vingaker.se", "vingaker")
    add(login("flen", "admin"), elsewhere)
    page = login("vingaker", "admin").get("/admin/audit").get_data(as_text=True)
    assert "En annan organisation försökte lägga till en av era användares e-postadress" in page
