"""Helpers of the staff web tests: the test users' password, CSRF tokens read from the pages like a browser
does (CSRF stays ON in tests), logging in and posting forms, the table of every staff route, and the
answers (with script in them) of a meeting's youth and guardian. Fixtures: tests/conftest.py (`orgs`,
`make_user`, `login`) and tests/web/conftest.py (`staff`, `meeting`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from bot.store.models import Participant
from tests.support.common import rt_of

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
MEETING_DATE_TEXT = "2026-12-10"
# Every staff route: (method, path with {m} meeting id and {p} participant id). A test checks it is complete.
ROUTES = [
    ("GET", "/meetings"), ("GET", "/meetings/new"), ("POST", "/meetings/new"),
    ("GET", "/meetings/{m}"), ("GET", "/meetings/{m}/edit"), ("POST", "/meetings/{m}/edit"),
    ("POST", "/meetings/{m}/cancel"), ("POST", "/meetings/{m}/participants"),
    ("POST", "/meetings/{m}/participants/{p}/resend"), ("POST", "/meetings/{m}/participants/{p}/cancel"),
    ("GET", "/meetings/{m}/summary"), ("GET", "/meetings/{m}/export.json"), ("GET", "/meetings/{m}/export.csv"),
    ("GET", "/simulator"), ("POST", "/simulator/start"), ("POST", "/simulator/say"), ("POST", "/simulator/reset"),
    ("GET", "/admin/users"), ("POST", "/admin/users"), ("POST", "/admin/users/{u}/deactivate"),
    ("GET", "/admin/audit"), ("POST", "/logout"),
    ("GET", "/meetings/{m}/participants/{p}/sheet"), ("GET", "/meetings/{m}/participants/{p}/paper"),
    ("POST", "/meetings/{m}/participants/{p}/paper"),
    ("GET", "/languages"), ("GET", "/languages/{code}/review"), ("GET", "/sheets"), ("GET", "/admin/languages"),
    ("POST", "/admin/languages"), ("POST", "/meetings/{m}/delete"),
    ("GET", "/meetings/{m}/cancel"), ("GET", "/meetings/{m}/participants/{p}/cancel"), ("GET", "/meetings/{m}/delete"),
    ("POST", "/meetings/{m}/uncancel"), ("GET", "/meetings/{m}/participants/{p}/messages"),
    ("GET", "/concerns"), ("POST", "/concerns/{e}/seen"), ("POST", "/concerns/{e}/handled"),
    ("POST", "/meetings/{m}/owner"), ("GET", "/admin/alerts"), ("POST", "/admin/alerts"),
    ("GET", "/meetings/{m}/meeting"), ("POST", "/meetings/{m}/participants/{p}/translation"),
    ("GET", "/meetings/{m}/summary.pdf"), ("GET", "/meetings/{m}/meeting.pdf"),
    ("GET", "/languages/{code}/review.po"), ("GET", "/admin/translations"), ("POST", "/admin/translations"),
]
MEETING_ROUTES = [r for r in ROUTES if "{m}" in r[1]]


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = CSRF.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1) or match.group(2)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """Log in through the form, with the page's CSRF token."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


def post_form(client: FlaskClient, page: str, url: str, data: dict[str, str], **kwargs: Any) -> Any:
    """Open `page`, take its CSRF token, and POST `data` to `url`."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def web_meeting(staff: FlaskClient, label: str, forms: list[dict[str, str]]) -> dict[str, str]:
    """A meeting on MEETING_DATE_TEXT at 13:00 made through the web by `staff`, with each add-participant
    form posted on its page. Returns its id and the participant ids by role."""
    created = post_form(staff, "/meetings/new", "/meetings/new",
                        {"date": MEETING_DATE_TEXT, "time": "13:00", "label": label})
    assert created.status_code == 302, created.get_data(as_text=True)
    meeting_id = created.headers["Location"].rsplit("/", 1)[-1]
    page = f"/meetings/{meeting_id}"
    for form in forms:
        added = post_form(staff, page, f"{page}/participants", form)
        assert added.status_code == 302, added.get_data(as_text=True)
    with rt_of(staff.application).db() as s:
        rows = s.scalars(select(Participant).where(Participant.meeting_id == meeting_id))
        return {"id": meeting_id} | {p.role: p.id for p in rows}


XSS_SCRIPT = "<script>document.title='pwned'</script>"
XSS_IMG = "<img src=x onerror=\"document.title='pwned'\">"
YOUTH_RATINGS = {"safe": 5, "healthy": 4, "achieving": 5, "nurtured": 4, "active": 3, "respected": 5,
                 "responsible": 4, "included": 5}
GUARDIAN_RATINGS = {"safe": 2, "healthy": 4, "achieving": 3, "nurtured": 4, "active": 3, "respected": 5,
                    "responsible": 4, "included": 5}
YOUTH_SMS = ["hej", "ja", f"5 {XSS_SCRIPT}", "4", "5", "4", "3", "5", "4", f"5 {XSS_IMG}", "fotboll & <b>skolan</b>",
             "1", "ja"]
GUARDIAN_SMS = ["hi", "yes", "2 worried", "more time with her", "4", "3", "4", "3", "5", "4", "5",
                "school", "2", "yes"]


def play(send_sms: Callable[..., Any], phone: str, bodies: list[str]) -> None:
    """Send each body as a signed inbound SMS from `phone`."""
    for body in bodies:
        assert send_sms(phone, body).status_code == 200
