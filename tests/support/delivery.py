"""Helpers of the delivery tests: the settings of a Twilio transport pointed at the fake Twilio REST server,
changing delivery settings, queueing invitations on a real-time clock and running `hjulsamtal worker` as a
real subprocess. Fixtures (`fake_twilio`, `twilio_rt`): tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.conversation.datafiles import ROOT
from bot.services.meetings import create_meeting, create_org, invite
from bot.services.runtime import Runtime, utc_now
from tests.support.fake_twilio import FakeTwilio

ACCOUNT_SID = "AC" + "1" * 32
FROM_NUMBER = "+46766920000"


def twilio_config(base_url: str, public_base_url: str | None = "https://hjulsamtal.example.org") -> dict[str, Any]:
    """The settings of a Twilio transport pointed at a fake."""
    return {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": "fake-token", "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_API_BASE_URL": base_url, "PUBLIC_BASE_URL": public_base_url}


def set_delivery(rt: Runtime, **changes: Any) -> None:
    """Change delivery settings of a running test app."""
    rt.delivery = replace(rt.delivery, **changes)


def queue_invitations(rt: Runtime, clock: dict[str, dt.datetime], phones: list[str]) -> str:
    """Invite `phones` to a meeting 20 days from the real now (the clock is set to it): for subprocess
    workers, which run on the real clock. Their timers are far away; returns the meeting id."""
    clock["now"] = utc_now()
    with rt.db.begin() as s:
        create_org(s, "vingaker", "Vingåkers kommun", clock["now"])
        s.flush()
        meeting = create_meeting(s, "vingaker", rt.today() + dt.timedelta(days=20), dt.time(13, 0), rt.today(),
                                 clock["now"])
        s.flush()
        for phone in phones:
            invite(s, rt, meeting.id, "youth", phone, "sv", clock["now"])
        return meeting.id


def daytime_zone(now: dt.datetime | None = None) -> str:
    """A fixed-offset time zone where it is early afternoon right now: a worker on the real clock never meets the
    quiet hours (21-08 local, when retries wait for the morning), whatever the hour the suite runs at."""
    offset = 13 - (now or dt.datetime.now(dt.UTC)).hour  # -10 .. +13 hours, all valid Etc/GMT zones
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # (Etc/GMT-2 is UTC+2: POSIX signs are inverted)


def worker_process(db_url: str, fake: FakeTwilio, tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """`hjulsamtal worker ARGS` as a subprocess on the database, sending to the fake (in daytime, see above)."""
    config = twilio_config(fake.base_url)
    environ = {**os.environ, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret", "SMS_TRANSPORT": "twilio",
               "HJULSAMTAL_INSTANCE": str(tmp_path / "instance"), "WORKER_POLL_SECONDS": "0.05",
               "TZ_NAME": daytime_zone(),
               **{k: str(v) for k, v in config.items() if v}, **env}
    hjulsamtal = Path(sys.executable).parent / "hjulsamtal"
    return subprocess.Popen([str(hjulsamtal), "worker", *args], env=environ, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
