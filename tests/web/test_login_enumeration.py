"""No user enumeration on login: an unknown e-mail, a wrong password and a removed user get the same
status, page and headers, and the same cost (exactly one argon2 check with the current parameters)."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher, extract_parameters
from flask import Flask
from sqlalchemy import update

from bot.services import passwords
from bot.store.models import User
from tests.support.common import NOW, rt_of
from tests.support.staff import PASSWORD, log_in

TOKEN = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+"')


class CountingHasher(PasswordHasher):
    """A real argon2 hasher that records the parameters of every hash it verifies."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.verified: list[tuple[int, int, int]] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        params = extract_parameters(hash if isinstance(hash, str) else hash.decode())
        self.verified.append((params.time_cost, params.memory_cost, params.parallelism))
        return super().verify(hash, password)


def cases(app: Flask, make_user: Callable[..., str]) -> dict[str, tuple[str, str]]:
    """(e-mail, password) of each way a login fails."""
    make_user("anna@example.org")
    removed = make_user("bo@example.org")
    with rt_of(app).db.begin() as s:
        s.execute(update(User).where(User.email == removed).values(deactivated_at=NOW))
    return {"unknown": ("nobody@example.org", PASSWORD), "wrong": ("anna@example.org", "not the password at all"),
            "removed": (removed, PASSWORD)}


def page(response: Any, email: str) -> str:
    """The page without what differs by design: the form's token and the e-mail typed."""
    return TOKEN.sub(r"\1TOKEN\"", response.get_data(as_text=True)).replace(email, "EMAIL")


def test_every_failure_looks_the_same(app: Flask, make_user: Callable[..., str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_default", hasher)
    seen = {}
    for name, (email, password) in cases(app, make_user).items():
        client = app.test_client()
        before = len(hasher.verified)
        response = log_in(client, email, password)
        assert hasher.verified[before:] == [(1, 1024, 1)], name  # one check, the current parameters
        assert client.get("/meetings").status_code == 302, name
        cookies = sorted(c.split("=")[0] for c in response.headers.getlist("Set-Cookie"))
        seen[name] = (response.status_code, page(response, email), sorted(response.headers.keys()), cookies)
    assert seen["unknown"][0] == 400 and "Fel e-post eller lösenord." in seen["unknown"][1]
    assert seen["unknown"] == seen["wrong"] == seen["removed"]


def test_every_failure_takes_about_as_long(app: Flask, make_user: Callable[..., str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Parameters where argon2 costs what it does in production relative to a request (tens of ms).
    monkeypatch.setattr(passwords, "_default", PasswordHasher(time_cost=2, memory_cost=32768, parallelism=1))
    attempts = cases(app, make_user)
    times: dict[str, list[float]] = {name: [] for name in attempts}
    clients = {name: app.test_client() for name in attempts}
    for _ in range(7):  # interleaved, so that a slow moment hits every case alike
        for name, (email, password) in attempts.items():
            start = time.perf_counter()
            assert log_in(clients[name], email, password).status_code == 400
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    assert max(medians.values()) / min(medians.values()) < 1.5, medians
