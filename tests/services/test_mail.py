"""Concerns reach a person: a real SMTP server (aiosmtpd) in the test process, on SQLite and PostgreSQL. The
e-mail arrives at the responsible staff member's address, names nobody (no phone number, no answer text),
a refusing or absent server is retried with backoff and nothing is lost, an unseen concern goes once to the
on-call address on a pinned clock, and the log names row ids only."""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import MailSettings
from bot.services.alerts import set_alert_email
from bot.services.concern_inbox import inbox, mark_seen, review_of
from bot.services.meetings import invite
from bot.services.preparation import new_meeting
from bot.services.runtime import Runtime
from bot.services.smtp import ConsoleMailer, SmtpMailer
from bot.services.users import create_user
from bot.services.worker import drain
from bot.store.models import Mail, Meeting, Message, Organisation, User
from tests.support.common import MEETING_DATE, NOW, PHONES, PUBLIC_BASE_URL
from tests.support.mail import SmtpServer, free_port
from tests.support.staff import PASSWORD

OWNER, ONCALL = "ansvarig@flen.se", "jour@flen.se"
DISCLOSURE = "Pappa slår mig när han är arg"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def use_smtp(rt: Runtime, url: str) -> None:
    """Send the runtime's e-mail over SMTP to `url` (what SMTP_URL and MAIL_FROM set in the app)."""
    rt.mail = MailSettings(smtp_url=url, sender="hjulsamtal@flen.se", base_url=PUBLIC_BASE_URL)
    rt.mailer = SmtpMailer(url, rt.mail.sender)


def prepared(rt: Runtime, alert: str | None = ONCALL) -> str:
    """Organisation flen (on-call `alert`), its staff member OWNER responsible for a meeting, a youth invited."""
    with rt.db.begin() as s:
        org = Organisation(slug="flen", name="Flens kommun", created_at=NOW)
        s.add(org)
        s.flush()
        set_alert_email(org, alert)
        owner = create_user(s, org, OWNER, PASSWORD, "staff", NOW)
        s.flush()
        meeting = new_meeting(s, rt, "flen", MEETING_DATE, dt.time(13, 0), "SIP vecka 50", owner_id=owner.id)
        s.flush()
        invite(s, rt, meeting.id, "youth", PHONES[0], "sv", rt.clock())
        return meeting.id


@pytest.fixture
def disclosed(rt: Runtime, send_sms: Callable[..., Any]) -> Callable[..., str]:
    """The youth rates Trygg 1 and writes DISCLOSURE: two concerns; returns the meeting id."""
    def make(alert: str | None = ONCALL) -> str:
        meeting_id = prepared(rt, alert)
        for body in ("hej", "ja", "1", DISCLOSURE):
            assert send_sms(PHONES[0], body).status_code == 200
        return meeting_id
    return make


def mails(rt: Runtime) -> list[tuple[str, str, str, int]]:
    with rt.db() as s:
        return [(m.kind, m.audience, m.status, m.attempts) for m in s.scalars(select(Mail).order_by(Mail.id))]


def test_a_concern_emails_the_responsible_person_and_names_nobody(rt, smtp, disclosed, caplog):
    use_smtp(rt, smtp.url)
    disclosed()
    assert mails(rt) == [("concern", "owner", "queued", 0)]  # one e-mail for the two concerns of one answer
    with caplog.at_level(logging.DEBUG):
        counts = drain(rt)
    assert counts["mail_sent"] == 1 and mails(rt) == [("concern", "owner", "sent", 1)]
    [(to, subject, body)] = smtp.received()
    assert to == [OWNER] and subject == "Hjulsamtal: ett svar behöver läsas"
    assert "Ett svar i mötet den 10 december 2026 (SIP vecka 50) behöver läsas" in body
    assert f"{PUBLIC_BASE_URL}/concerns" in body
    everything = subject + body + smtp.raw()[0]
    for secret in (PHONES[0], PHONES[0][3:], "070-174", "Pappa", "slår", "Trygg", "ungdom", "Ungdom", "Flens"):
        assert secret not in everything
    logged = " ".join(r.getMessage() for r in caplog.records if r.name != "mail.log")  # not the test server
    assert OWNER not in logged and "SIP vecka 50" not in logged and "Pappa" not in logged


def test_a_refusing_server_is_retried_with_backoff_and_nothing_is_lost(rt, disclosed, clock, caplog):
    server = SmtpServer(refuse=2).start()
    try:
        use_smtp(rt, server.url)
        disclosed()
        assert drain(rt).get("mail_retry") == 1
        assert mails(rt) == [("concern", "owner", "queued", 1)]
        assert "mail_retry" not in drain(rt)  # waits for its backoff (30 s)
        clock["now"] += dt.timedelta(seconds=30)
        assert drain(rt).get("mail_retry") == 1
        clock["now"] += dt.timedelta(seconds=59)
        assert drain(rt) == {}  # the second wait doubles (60 s)
        clock["now"] += dt.timedelta(seconds=1)
        assert drain(rt).get("mail_sent") == 1
        assert len(server.received()) == 1 and mails(rt) == [("concern", "owner", "sent", 3)]
    finally:
        server.stop()
    warnings = [r.getMessage() for r in caplog.records if r.name == "hjulsamtal.mail"]
    assert warnings == [f"mail 1: SMTPDataError (retry, attempt {n})" for n in (1, 2)]  # the id and the type only


def test_a_server_that_is_down_gets_the_mail_once_it_is_up(rt, disclosed, clock):
    port = free_port()
    use_smtp(rt, f"smtp://127.0.0.1:{port}")
    disclosed()
    assert drain(rt).get("mail_retry") == 1  # connection refused: it waits
    server = SmtpServer(port=port).start()
    try:
        clock["now"] += dt.timedelta(minutes=1)
        assert drain(rt).get("mail_sent") == 1
        assert [to for to, _s, _b in server.received()] == [[OWNER]]
    finally:
        server.stop()


def test_unseen_concern_goes_once_to_the_on_call_address(rt, smtp, disclosed, clock):
    use_smtp(rt, smtp.url)
    disclosed()
    drain(rt)
    clock["now"] += dt.timedelta(minutes=59)
    assert "concern_escalated" not in drain(rt)
    clock["now"] += dt.timedelta(minutes=1)
    assert drain(rt) == {"concern_escalated": 1, "mail_sent": 1}
    clock["now"] += dt.timedelta(hours=5)
    assert drain(rt) == {}  # once only
    (_to, _s, _b), (to, subject, body) = smtp.received()
    assert to == [ONCALL] and "ingen har sett det än" in subject
    assert "10 december 2026 (SIP vecka 50)" in body and "60 minuter" in body and "Pappa" not in body


def test_a_concern_seen_in_time_is_not_escalated(rt, smtp, disclosed, clock):
    use_smtp(rt, smtp.url)
    disclosed()
    drain(rt)
    with rt.db.begin() as s:
        org, owner = s.scalar(select(Organisation)), s.scalar(select(User))
        assert org is not None and owner is not None
        for item in inbox(s, org.id):
            review = review_of(s, org.id, item.event_id)
            assert review is not None and mark_seen(review, owner, rt.clock())
    clock["now"] += dt.timedelta(hours=2)
    assert drain(rt) == {}
    assert len(smtp.received()) == 1


def test_escalation_without_on_call_address_goes_to_the_owner_again(rt, smtp, disclosed, clock):
    use_smtp(rt, smtp.url)
    disclosed(alert=None)
    drain(rt)
    clock["now"] += dt.timedelta(minutes=61)
    drain(rt)
    assert [to for to, _s, _b in smtp.received()] == [[OWNER], [OWNER]]


def test_console_mailer_logs_the_size_only(rt, disclosed, caplog):
    rt.mailer = ConsoleMailer()
    disclosed()
    with caplog.at_level(logging.INFO):
        assert drain(rt).get("mail_sent") == 1
    [line] = [r.getMessage() for r in caplog.records if r.name == "hjulsamtal.mail"]
    assert line.startswith("console mail not sent: ") and line.endswith(" characters")
    assert OWNER not in line


def test_backoff_caps(rt: Runtime) -> None:
    settings = replace(rt.delivery, backoff_seconds=30, backoff_cap_seconds=3600)
    assert [settings.retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_concern_after_stopp_still_reaches_the_owner_and_sends_no_sms(rt, smtp, send_sms):
    use_smtp(rt, smtp.url)
    prepared(rt)
    for body in ("hej", "ja", "3", "Sluta!"):
        assert send_sms(PHONES[0], body).status_code == 200
    assert mails(rt) == []
    with rt.db() as s:
        before = s.scalar(select(func.count()).select_from(Message).where(Message.direction == "out"))
    assert send_sms(PHONES[0], "han slår mig").status_code == 200
    assert mails(rt) == [("concern", "owner", "queued", 0)]
    assert drain(rt).get("mail_sent") == 1 and [to for to, _s, _b in smtp.received()] == [[OWNER]]
    with rt.db() as s:
        assert s.scalar(select(func.count()).select_from(Message).where(Message.direction == "out")) == before


def test_a_concern_after_the_end_reaches_the_owner_and_sends_no_sms(rt, smtp, send_sms):
    use_smtp(rt, smtp.url)
    prepared(rt)
    for body in ("hej", "ja", *["4"] * 8, "fotboll", "3", "ja"):
        assert send_sms(PHONES[0], body).status_code == 200
    assert mails(rt) == []
    late = send_sms(PHONES[0], "han slår mig")
    assert [m.text for m in ET.fromstring(late.data).iter("Message")] == []
    assert mails(rt) == [("concern", "owner", "queued", 0)]
    assert drain(rt).get("mail_sent") == 1 and [to for to, _s, _b in smtp.received()] == [[OWNER]]


def test_with_nobody_to_tell_the_mail_waits_until_an_address_is_set(rt, smtp, disclosed, clock, caplog):
    use_smtp(rt, smtp.url)
    meeting_id = disclosed(alert=None)
    with rt.db.begin() as s:
        s.get(Meeting, meeting_id).owner_id = None  # type: ignore[union-attr]
    assert "mail_sent" not in drain(rt) and mails(rt) == [("concern", "owner", "queued", 0)]
    assert [r.getMessage() for r in caplog.records if r.name == "hjulsamtal.mail"] == [
        f"mail 1: no recipient (meeting {meeting_id} has no responsible staff member and its organisation no "
        "on-call address)"]
    with rt.db.begin() as s:
        set_alert_email(s.scalar(select(Organisation)), ONCALL)  # type: ignore[arg-type]
    clock["now"] += dt.timedelta(seconds=30)
    assert drain(rt).get("mail_sent") == 1 and [to for to, _s, _b in smtp.received()] == [[ONCALL]]
