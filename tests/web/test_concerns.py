"""The concerns inbox and who is told: unseen first with meeting, role, kind and time; seen (who, when) and
handled (a note encrypted at rest), each audited; another organisation's concerns answer 404 and change
nothing; the meetings list's badge; the meeting page's responsible person and its warning before a guardian
gets an SMS while a youth's concern is unseen; the on-call address (admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from bot.store.models import AuditEntry, ConcernReview, Mail, Meeting, Organisation, User
from tests.support.common import PHONES, rt_of
from tests.support.staff import csrf_token, play, post_form

DISCLOSURE = "Pappa slår mig när han är arg"


@pytest.fixture
def worried(meeting: dict[str, str], send_sms: Callable[..., Any]) -> dict[str, str]:
    """The web meeting's youth rates Trygg 1 and writes DISCLOSURE (two concerns)."""
    play(send_sms, PHONES[0], ["hej", "ja", "1", DISCLOSURE])
    return meeting


def event_ids(app: Flask) -> list[int]:
    with rt_of(app).db() as s:
        return list(s.scalars(select(ConcernReview.event_id).order_by(ConcernReview.event_id)))


def actions(app: Flask) -> list[tuple[str, str | None]]:
    with rt_of(app).db() as s:
        return [(a.action, a.detail) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
                if a.action.startswith("concern")]


def test_the_creator_is_responsible_and_gets_the_concern_mail(staff: FlaskClient, worried: dict[str, str],
                                                              app: Flask) -> None:
    with rt_of(app).db() as s:
        meeting = s.get(Meeting, worried["id"])
        assert meeting is not None and meeting.owner is not None and meeting.owner.email.startswith("user1.")
        assert [(m.kind, m.audience, m.status) for m in s.scalars(select(Mail))] == [("concern", "owner", "queued")]
    page = staff.get(f"/meetings/{worried['id']}").get_data(as_text=True)
    assert "Ansvarig" in page and meeting.owner.email in page


def test_inbox_lists_unseen_first_and_marks_seen_and_handled(staff: FlaskClient, worried: dict[str, str],
                                                             app: Flask) -> None:
    html = staff.get("/concerns").get_data(as_text=True)
    assert html.count('class="concern is-unseen"') == 2
    assert "Låg skattning" in html and "Ord om fara" in html and "Ungdom" in html and "SIP vecka 50" in html
    assert DISCLOSURE not in html and PHONES[0] not in html  # the inbox says what and when, not the words
    assert f"/meetings/{worried['id']}/summary" in html
    first, second = event_ids(app)
    assert post_form(staff, "/concerns", f"/concerns/{first}/seen", {}).status_code == 302
    assert post_form(staff, "/concerns", f"/concerns/{first}/seen", {}).status_code == 302  # again: no change
    html = staff.get("/concerns").get_data(as_text=True)
    assert html.index(f'data-event="{second}"') < html.index(f'data-event="{first}"')  # unseen first
    assert "Sett av user1.flen@example.org" in html
    assert post_form(staff, "/concerns", f"/concerns/{second}/handled", {"note": "  "}).status_code == 302
    assert post_form(staff, "/concerns", f"/concerns/{second}/handled",
                     {"note": "Ringde skolkuratorn, som träffar henne i dag"}).status_code == 302
    html = staff.get("/concerns").get_data(as_text=True)
    assert "Hanterat av user1.flen@example.org" in html and "Ringde skolkuratorn" in html
    assert actions(app) == [("concern_seen", f"event={first}"), ("concern_handled", f"event={second}")]
    with rt_of(app).db_engine.connect() as conn:  # the note is encrypted at rest
        stored = conn.execute(text("SELECT handled_note FROM concern_review WHERE handled_note IS NOT NULL")).scalar()
    assert stored and "skolkuratorn" not in stored
    with rt_of(app).db() as s:
        review = s.get(ConcernReview, second)
        assert review is not None and review.seen_at is not None  # handled implies seen


def test_another_organisation_gets_404_and_changes_nothing(worried: dict[str, str],
                                                           login: Callable[..., FlaskClient], app: Flask) -> None:
    other = login("vingaker")
    assert "Låg skattning" not in other.get("/concerns").get_data(as_text=True)
    first = event_ids(app)[0]
    for action, data in (("seen", {}), ("handled", {"note": "x"})):
        assert post_form(other, "/concerns", f"/concerns/{first}/{action}", data).status_code == 404
    with rt_of(app).db() as s:
        review = s.get(ConcernReview, first)
        assert review is not None and review.seen_at is None and review.handled_at is None
    assert actions(app) == []


def test_badge_and_warning_before_a_guardian_gets_an_sms(staff: FlaskClient, worried: dict[str, str],
                                                        app: Flask) -> None:
    assert "2 oro, inte sett" in staff.get("/meetings").get_data(as_text=True)
    page = staff.get(f"/meetings/{worried['id']}").get_data(as_text=True)
    assert "Läs dem innan du bjuder in eller påminner en vårdnadshavare" in page
    for event_id in event_ids(app):
        post_form(staff, "/concerns", f"/concerns/{event_id}/seen", {})
    assert "oro, inte sett" not in staff.get("/meetings").get_data(as_text=True)
    assert "Läs dem innan" not in staff.get(f"/meetings/{worried['id']}").get_data(as_text=True)


def test_change_the_responsible_person(staff: FlaskClient, meeting: dict[str, str], app: Flask,
                                       make_user: Callable[..., str]) -> None:
    colleague = make_user("kollega@flen.se")
    elsewhere = make_user("annan@vingaker.se", "vingaker")
    with rt_of(app).db() as s:
        ids = {u.email: u.id for u in s.scalars(select(User))}
    page = f"/meetings/{meeting['id']}"
    assert "annan@vingaker.se" not in staff.get(page).get_data(as_text=True)
    response = post_form(staff, page, f"{page}/owner", {"owner": str(ids[elsewhere])})
    assert response.status_code == 302
    assert "Välj en användare i listan." in staff.get(page).get_data(as_text=True)
    post_form(staff, page, f"{page}/owner", {"owner": str(ids[colleague])})
    with rt_of(app).db() as s:
        assert s.get(Meeting, meeting["id"]).owner_id == ids[colleague]  # type: ignore[union-attr]
        assert s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "meeting_owner")).all() == [
            f"user={ids[colleague]}"]


def test_on_call_address_is_for_admins(login: Callable[..., FlaskClient], app: Flask) -> None:
    staff, admin = login("flen"), login("flen", "admin")
    assert staff.get("/admin/alerts").status_code == 403
    assert post_form(admin, "/admin/alerts", "/admin/alerts", {"email": "jour"}).status_code == 400
    assert post_form(admin, "/admin/alerts", "/admin/alerts", {"email": " jour@flen.se "}).status_code == 302
    assert 'value="jour@flen.se"' in admin.get("/admin/alerts").get_data(as_text=True)
    with rt_of(app).db() as s:
        org = s.scalar(select(Organisation).where(Organisation.slug == "flen"))
        assert org is not None and org.alert_email == "jour@flen.se"
        assert s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "alerts_set")).all() == ["set"]
    token = csrf_token(staff.get("/meetings").get_data(as_text=True))
    assert staff.post("/admin/alerts", data={"csrf_token": token, "email": "x@flen.se"}).status_code == 403
