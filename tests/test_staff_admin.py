"""Administration: users of the organisation and the audit log (admins only, never deletable)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import rt_of
from fixtures_staff import PASSWORD, log_in, post_form
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.staff.models import AuditEntry, User


@pytest.fixture
def admin(login: Callable[..., FlaskClient]) -> FlaskClient:
    return login("flen", "admin")


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit"])
def test_staff_are_not_admins(staff: FlaskClient, url: str) -> None:
    assert staff.get(url).status_code == 403
    assert post_form(staff, "/meetings", url, {"email": "x@example.org", "role": "admin",
                                               "password": PASSWORD}).status_code in (403, 405)


def test_admin_adds_a_user_who_can_log_in(admin: FlaskClient, app: Flask, orgs: dict[str, int]) -> None:
    response = post_form(admin, "/admin/users", "/admin/users",
                         {"email": "Ny@Example.org", "role": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert "ny@example.org" in admin.get("/admin/users").get_data(as_text=True)
    with rt_of(app).db() as s:
        user = s.scalars(select(User).where(User.email == "ny@example.org")).one()
        assert (user.org_id, user.role) == (orgs["flen"], "staff")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "user_create")).one()
        assert "ny@example.org" not in (entry.detail or "")
    assert log_in(app.test_client(), "ny@example.org").status_code == 302


@pytest.mark.parametrize(("data", "message"), [
    ({"email": "no-at-sign"}, "Skriv en e-postadress"),
    ({"password": "short"}, "Skriv mellan 12 och 200 tecken."),
    ({"role": "root"}, "Välj ett av alternativen."),
    ({"email": "taken@example.org"}, "Det finns redan en användare"),
])
def test_admin_add_user_refuses_bad_input(admin: FlaskClient, app: Flask, make_user: Callable[..., str],
                                          data: dict[str, str], message: str) -> None:
    make_user("taken@example.org", "vingaker")
    with rt_of(app).db() as s:
        before = s.scalar(select(func.count()).select_from(User))
    fields = {"email": "new@example.org", "role": "staff", "password": PASSWORD, **data}
    response = post_form(admin, "/admin/users", "/admin/users", fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with rt_of(app).db() as s:
        assert s.scalar(select(func.count()).select_from(User)) == before


def test_audit_log_lists_views_exports_invitations_and_edits(admin: FlaskClient, staff: FlaskClient,
                                                             meeting: dict[str, str]) -> None:
    staff.get(f"/meetings/{meeting['id']}/summary")
    staff.get(f"/meetings/{meeting['id']}/export.json")
    staff.get(f"/meetings/{meeting['id']}/export.csv")
    page = f"/meetings/{meeting['id']}/edit"
    post_form(staff, page, page, {"date": "2026-12-11", "time": "", "label": "Flyttat"})
    html = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("Skapade möte", "Bjöd in", "Såg sammanfattning", "Exporterade JSON", "Exporterade CSV",
                   "Ändrade möte", "Loggade in"):
        assert action in html
    assert html.index("Ändrade möte") < html.index("Skapade möte")  # newest first
    assert ".flen@example.org" in html


@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT", "PATCH"])
def test_audit_log_cannot_be_changed_from_the_web(admin: FlaskClient, app: Flask, method: str) -> None:
    with rt_of(app).db() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    assert admin.open("/admin/audit", method=method).status_code in (400, 405)
    with rt_of(app).db() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
