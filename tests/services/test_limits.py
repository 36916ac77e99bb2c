"""Rate limits: a flood from one phone gets empty TwiML and changes nothing; forged requests spend no
one's budget; several processes share counts through Redis; the staff web's `limiter` works on a route."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from bot.app import limiter
from bot.config import ConfigError
from bot.services.meetings import create_meeting, create_org, invite
from bot.store.models import Conversation, Message
from tests.support.common import MEETING_DATE, NOW, PHONES, sign, twilio_fields

REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
PHONE, OTHER = PHONES[20], PHONES[21]


def post(app: Flask, phone: str, body: str, n: int, signed: bool = True) -> Any:
    fields = twilio_fields(phone, body, f"SML{phone[-2:]}{n:029d}")
    headers = {"X-Twilio-Signature": sign(fields)} if signed else {}
    return app.test_client().post("/sms", data=fields, headers=headers)


def replies(response: Any) -> list[str]:
    assert response.status_code == 200, response.data
    return [m.text or "" for m in ET.fromstring(response.data)]


def stored(app: Flask) -> tuple[int, str]:
    rt = app.extensions["hjulsamtal"]
    with rt.db() as s:
        state = s.scalar(select(Conversation.state).order_by(Conversation.id).limit(1))
        return s.scalar(select(func.count()).select_from(Message)) or 0, state


def invite_both(app: Flask) -> None:
    rt = app.extensions["hjulsamtal"]
    with rt.db.begin() as s:
        create_org(s, "flen", "Flens kommun", NOW)
        s.flush()
        meeting = create_meeting(s, "flen", MEETING_DATE, dt.time(13, 0), NOW.date(), NOW)
        s.flush()
        for phone in (PHONE, OTHER):
            invite(s, rt, meeting.id, "youth", phone, "sv", NOW)


def test_a_flood_gets_empty_twiml_and_changes_nothing(app_with: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = app_with(SMS_RATE_LIMIT="4 per 10 minutes")
    invite_both(app)
    for n in range(10):  # forged requests (no signature) spend nobody's budget
        assert post(app, PHONE, "STOPP", n, signed=False).status_code == 403
    for n, body in enumerate(["hej", "ja", "3", "4"]):
        assert replies(post(app, PHONE, body, 100 + n)) != []
    before = stored(app)
    assert before[1] == "q_achieving"
    with caplog.at_level(logging.WARNING, logger="hjulsamtal.webhook"):
        for n in range(20):
            assert replies(post(app, PHONE, "5", 200 + n)) == []
    assert stored(app) == before  # nothing stored, the conversation did not move
    flood = [r.getMessage() for r in caplog.records if r.name == "hjulsamtal.webhook"]
    assert flood == ["inbound SMS over SMS_RATE_LIMIT: not processed, no reply"] * 20
    assert replies(post(app, OTHER, "hej", 300)) != []  # another phone has its own budget


def test_bad_limit_setting_is_one_line(app_with: Any) -> None:
    with pytest.raises(ConfigError, match="SMS_RATE_LIMIT 'lots' is not a rate limit"):
        app_with(SMS_RATE_LIMIT="lots")


def test_storage_outage_lets_answers_through(app_with: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = app_with(SMS_RATE_LIMIT="1 per 10 minutes", RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0")
    invite_both(app)
    with caplog.at_level(logging.WARNING, logger="hjulsamtal.limits"):
        assert replies(post(app, PHONE, "hej", 1)) != [] and replies(post(app, PHONE, "ja", 2)) != []
    assert "rate-limit storage failed" in caplog.text


def redis_or_skip() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("TEST_REDIS_URL"):  # CI sets it: never skip there
            raise
        pytest.skip(f"the Redis test needs a Redis at TEST_REDIS_URL (CI sets it; default {REDIS_URL})")
    return client


def test_processes_share_counts_through_redis_which_holds_no_number(app_with: Any) -> None:
    client = redis_or_skip()
    prefix = f"hjulsamtal-test-{secrets.token_hex(6)}"
    settings = {"SMS_RATE_LIMIT": "3 per 10 minutes", "RATELIMIT_STORAGE_URI": REDIS_URL,
                "RATELIMIT_KEY_PREFIX": prefix}
    first = app_with(**settings)
    invite_both(first)
    second = app_with(**settings)  # another process: only the database and Redis are shared
    try:
        assert replies(post(first, PHONE, "hej", 1)) != []
        assert replies(post(second, PHONE, "ja", 2)) != []
        assert replies(post(first, PHONE, "3", 3)) != []
        assert replies(post(second, PHONE, "4", 4)) == []  # the fourth, wherever it lands
        keys = [k.decode() for k in client.scan_iter(match=f"*{prefix}*")]
        assert keys and not any(PHONE[-9:] in k or PHONE in k for k in keys)
        assert any(first.extensions["hjulsamtal"].phone_hash(PHONE) in k for k in keys)
    finally:
        for key in client.scan_iter(match=f"*{prefix}*"):
            client.delete(key)


def test_staff_routes_can_use_the_limiter(app_with: Any) -> None:
    app = app_with()

    @app.get("/test-login")  # (a POST would meet the staff CSRF check first)
    @limiter.limit("2 per minute")
    def login() -> str:
        return "ok"

    client = app.test_client()
    assert [client.get("/test-login").status_code for _ in range(3)] == [200, 200, 429]
