"""After login, `next` leads only to a path on this site: a tab, CR/LF, backslash, scheme or host in it sends
the user to the meetings page instead (never another site, never a 500)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.support.staff import PASSWORD, csrf_token


def login_to(client: FlaskClient, email: str, target: str) -> str:
    """Log in with ?next=`target`; the redirect's Location."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", query_string={"next": target},
                           data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return str(response.headers["Location"])


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/\t/\t/evil.example", "//evil.example/x", "///evil.example", "/\\evil.example",
    "\\/evil.example", "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "evil.example",
    "/meetings\r\nSet-Cookie: x=y", "/meetings\n", "\n//evil.example", "/\x00/evil.example", "/\u2028/x", "",
])
def test_an_unsafe_next_goes_to_the_meetings_page(client: FlaskClient, make_user: Callable[..., str],
                                                  target: str) -> None:
    assert login_to(client, make_user("anna@example.org"), target) == "/meetings"


@pytest.mark.parametrize("target", ["/simulator", "/meetings/abc?tab=1", "/sheets#top"])
def test_a_local_path_is_followed(client: FlaskClient, make_user: Callable[..., str], target: str) -> None:
    assert login_to(client, make_user("anna@example.org"), target) == target
