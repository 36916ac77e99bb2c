"""The live participants: invited through the app's own code, and checked against the database after.

Rule: organisation, meeting and invitations are made by bot.services.meetings (create_org, create_meeting and
invite inside one transaction, as tests/conftest.py's `invited` fixture does); nothing is sent (the
invitation rows stay queued: console transport). Verification reads the stored rows only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import func, select

from bot import create_app
from bot.services.meetings import create_meeting, create_org, invite
from bot.services.runtime import Runtime
from bot.sms.transport import ConsoleTransport
from bot.store.models import Answer, Conversation, Participant

from .scripts import Script, language, youth_script
from .synthetic import LIVE, phone

ORG_SLUG = "bench"
ORG_NAME = "Benchkommun"


def local_app(url: str, token: str) -> Flask:
    """The app in this process, on the benchmark's database (for invitations and checks)."""
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "TWILIO_AUTH_TOKEN": token,
                       "TRANSPORT": ConsoleTransport()})


def runtime_of(app: Flask) -> Runtime:
    """The app's runtime."""
    rt: Runtime = app.extensions["hjulsamtal"]
    return rt


class Pool:
    """Invites participants in batches and hands out their scripts; numbers never repeat in a run."""

    def __init__(self, rt: Runtime, seed: int):
        self.rt, self.seed = rt, seed
        self.counter = itertools.count()
        self.meeting_id = ""

    def _meeting(self) -> str:
        if not self.meeting_id:
            now, today = self.rt.clock(), self.rt.today()
            with self.rt.db.begin() as s:
                create_org(s, ORG_SLUG, ORG_NAME, now, accept_drafts=True)  # English (a draft) is in the mix
                s.flush()
                meeting = create_meeting(s, ORG_SLUG, today + dt.timedelta(days=30), dt.time(13, 0), today, now)
                s.flush()
                self.meeting_id = meeting.id
        return self.meeting_id

    def invite(self, count: int) -> list[Script]:
        """Invite `count` new youth participants (one transaction) and return their scripts."""
        meeting_id = self._meeting()
        areas = self.rt.engine.wheel.areas
        scripts = []
        with self.rt.db.begin() as s:
            for _ in range(count):
                n = next(self.counter)
                number, lang = phone(LIVE, n), language(n, self.seed)
                invite(s, self.rt, meeting_id, "youth", number, lang, self.rt.clock())
                scripts.append(youth_script(number, lang, tuple(areas), self.seed))
        return scripts


@dataclass
class Verification:
    """Stored rows compared with what the driver sent, for the conversations it finished."""

    conversations: int
    completed: int
    answers_sent: int
    answers_stored: int
    mismatches: int


def verify(rt: Runtime, finished: list[Script]) -> Verification:
    """Every finished script's conversation is completed and its stored ratings are the ones sent."""
    expected = {script.phone: script.ratings for script in finished}
    stored: dict[str, dict[str, int | None]] = {p: {} for p in expected}
    completed = 0
    with rt.db() as s:
        phones = [rt.phone_hash(p) for p in expected]  # found by blind index (the numbers are encrypted)
        for chunk in (phones[i:i + 500] for i in range(0, len(phones), 500)):
            rows = s.execute(select(Participant.phone, Answer.area, Answer.rating)
                             .join(Conversation, Conversation.participant_id == Participant.id)
                             .join(Answer, Answer.conversation_id == Conversation.id)
                             .where(Participant.phone_index.in_(chunk)))
            for number, area, rating in rows:
                stored[number][area] = rating
            completed += s.scalar(select(func.count()).select_from(Conversation)
                                  .join(Participant, Conversation.participant_id == Participant.id)
                                  .where(Participant.phone_index.in_(chunk), Conversation.status == "completed")) or 0
    mismatches = sum(stored[p] != ratings for p, ratings in expected.items())
    return Verification(len(finished), completed, sum(len(r) for r in expected.values()),
                        sum(len(r) for r in stored.values()), mismatches)

