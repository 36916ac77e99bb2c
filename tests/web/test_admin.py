"""Administration: users of the organisation and the audit log (admins only, never deletable)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.store.models import AuditEntry, User
from tests.support.common import rt_of
from tests.support.staff import PASSWORD, log_in, post_form


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
    make_user("taken@example.org", "flen")  # (taken elsewhere: tests/web/test_admin_other_orgs.py)
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


def user_id(app: Flask, email: str) -> int:
    with rt_of(app).db() as s:
        return int(s.scalars(select(User.id).where(User.email == email)).one())


def test_admin_removes_access(admin: FlaskClient, app: Flask, make_user: Callable[..., str]) -> None:
    email = make_user("bo@example.org")
    bo = app.test_client()
    assert log_in(bo, email).status_code == 302
    url = f"/admin/users/{user_id(app, email)}/deactivate"
    assert post_form(admin, "/admin/users", url, {}).status_code == 302
    assert bo.get("/meetings").status_code == 302  # the open session ends
    again = log_in(app.test_client(), email)
    assert again.status_code == 400 and "Fel e-post eller lösenord." in again.get_data(as_text=True)
    html = admin.get("/admin/users").get_data(as_text=True)
    assert "Borttagen" in html
    assert "Tog bort åtkomst" in admin.get("/admin/audit").get_data(as_text=True)


def test_admin_cannot_remove_their_own_access(admin: FlaskClient, app: Flask) -> None:
    me = user_id(app, "user1.flen@example.org")
    post_form(admin, "/admin/users", f"/admin/users/{me}/deactivate", {})
    assert "Du kan inte ta bort din egen åtkomst." in admin.get("/admin/users").get_data(as_text=True)
    assert admin.get("/meetings").status_code == 200


def test_other_org_user_ids_answer_404(admin: FlaskClient, app: Flask, make_user: Callable[..., str],
                                       staff: FlaskClient) -> None:
    other = user_id(app, make_user("eva@example.org", "vingaker"))
    url = f"/admin/users/{other}/deactivate"
    assert post_form(admin, "/admin/users", url, {}).status_code == 404
    assert post_form(admin, "/admin/users", "/admin/users/999999/deactivate", {}).status_code == 404
    assert post_form(staff, "/meetings", url, {}).status_code == 403
    with rt_of(app).db() as s:
        assert s.scalars(select(User.deactivated_at)).all() == [None] * 3
