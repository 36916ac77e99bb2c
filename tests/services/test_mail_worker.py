"""`hjulsamtal worker` as a real process with SMTP_URL pointing at a real SMTP server (aiosmtpd): a concern's
e-mail arrives within seconds, to the responsible staff member, with no phone number and no answer text."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from bot.services.alerts import set_alert_email
from bot.services.meetings import invite
from bot.services.preparation import new_meeting
from bot.services.runtime import Runtime, utc_now
from bot.services.users import create_user
from bot.store.models import Organisation
from tests.support.common import PHONES
from tests.support.delivery import worker_process
from tests.support.fake_twilio import FakeTwilio
from tests.support.mail import SmtpServer
from tests.support.staff import PASSWORD

DISCLOSURE = "Pappa slår mig när han är arg"


def test_the_worker_emails_a_concern_within_seconds(rt: Runtime, db_url: str, clock: dict[str, dt.datetime],
                                                    tmp_path: Any, send_sms: Callable[..., Any]) -> None:
    clock["now"] = utc_now()  # the worker runs on the real clock
    with rt.db.begin() as s:
        org = Organisation(slug="flen", name="Flens kommun", created_at=clock["now"])
        s.add(org)
        s.flush()
        set_alert_email(org, "jour@flen.se")
        owner = create_user(s, org, "ansvarig@flen.se", PASSWORD, "staff", clock["now"])
        s.flush()
        meeting = new_meeting(s, rt, "flen", rt.today() + dt.timedelta(days=20), dt.time(13, 0), "SIP vecka 50",
                              owner_id=owner.id)
        s.flush()
        invite(s, rt, meeting.id, "youth", PHONES[0], "sv", clock["now"])
    smtp, fake = SmtpServer().start(), FakeTwilio().start()
    worker = worker_process(db_url, fake, tmp_path, SMTP_URL=smtp.url, MAIL_FROM="hjulsamtal@flen.se")
    try:
        deadline = time.monotonic() + 60
        while not fake.accepted:  # the worker is up: it has sent the invitation
            assert worker.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        for body in ("hej", "ja", "1", DISCLOSURE):
            assert send_sms(PHONES[0], body).status_code == 200
        started = time.monotonic()
        while not smtp.received() and time.monotonic() - started < 30:
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            time.sleep(0.05)
        took = time.monotonic() - started
    finally:
        worker.terminate()
        output = worker.communicate(timeout=10)[0]
        smtp.stop()
        fake.stop()
    [(to, subject, body)] = smtp.received()
    assert took < 10, f"the e-mail took {took:.1f} s"
    assert to == ["ansvarig@flen.se"] and "SIP vecka 50" in body and subject == "Hjulsamtal: ett svar behöver läsas"
    for secret in (PHONES[0], PHONES[0][3:], "Pappa", "slår"):
        assert secret not in body + subject + smtp.raw()[0]
    assert "ansvarig@flen.se" not in output and "SIP vecka 50" not in output  # the worker's log: counts and ids
    print(f"concern e-mail arrived {took:.2f} s after the answer")
