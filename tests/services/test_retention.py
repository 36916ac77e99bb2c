"""Retention on a pinned clock: a meeting's personal data goes `retention_days` after it, counts stay; the
export can be written first; staff can delete one meeting now; the log carries no personal data."""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlalchemy import func, select

from bot.services.runtime import Runtime
from bot.services.worker import Worker
from bot.store.models import (
    Answer,
    Conversation,
    ConversationEvent,
    DueAction,
    Meeting,
    MeetingStats,
    Message,
    Organisation,
    Participant,
)
from tests.support.common import MEETING_DATE, PHONES

PERSONAL = (Participant, Conversation, Answer, Message, ConversationEvent, DueAction)


def rows(rt: Runtime) -> dict[str, int]:
    with rt.db() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) or 0 for m in PERSONAL}


def at_local_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11, 0), tzinfo=dt.UTC)


def answer_all(send_sms, phone: str) -> None:
    for body in ["hej", "JA", "1 jag är rädd", "JA", "prata mer", *["4"] * 7, "skolan", "3", "JA"]:
        assert send_sms(phone, body).status_code == 200


def test_purge_after_retention_keeps_counts_only(rt, invited, send_sms, clock, caplog, runner, tmp_path):
    invited(PHONES[0])
    invited(PHONES[1], role="guardian")
    answer_all(send_sms, PHONES[0])
    send_sms(PHONES[1], "STOPP")
    assert rows(rt)["Answer"] == 8
    worker = Worker(rt)

    clock["now"] = at_local_noon(MEETING_DATE + dt.timedelta(days=30))
    worker.run(once=True)
    assert rows(rt)["Participant"] == 2  # 30 days after the meeting: still kept

    clock["now"] = at_local_noon(MEETING_DATE + dt.timedelta(days=31))
    with caplog.at_level(logging.INFO):
        result = runner.invoke(args=["purge", "--export-dir", str(tmp_path / "case")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "purged 1 meetings"
    assert rows(rt) == dict.fromkeys(rows(rt), 0)
    with rt.db() as s:
        meeting = s.scalar(select(Meeting))
        stats = s.get(MeetingStats, meeting.id)
    assert stats is not None and stats.reason == "retention"
    assert stats.counts == {"participants": 2, "status": {"completed": 1, "opted_out": 1}, "answers": 8,
                            "messages_in": 15 + 1, "messages_out": 2 + 14 + 1 + 1, "concerns": 1}
    [export] = (tmp_path / "case").glob("*.json")
    document = json.loads(export.read_text())
    safe = document["participants"][0]["areas"]["safe"]
    assert safe == {"rating": 1, "comment": "jag är rädd", "followup": "prata mer", "dont_know": False}
    logged = caplog.text
    assert f"purged meeting {meeting.id}" in logged
    assert not any(p[3:] in logged or p[-6:] in logged for p in PHONES[:2])
    assert "rädd" not in logged and "skolan" not in logged
    assert runner.invoke(args=["purge"]).output.strip() == "purged 0 meetings"  # idempotent


def test_retention_is_per_organisation(rt, invited, clock):
    invited()
    with rt.db.begin() as s:
        org = s.scalar(select(Organisation))
        assert org is not None and org.retention_days == 30
        org.retention_days = 7
    clock["now"] = at_local_noon(MEETING_DATE + dt.timedelta(days=7))
    assert Worker(rt).purge_daily() == []
    clock["now"] = at_local_noon(MEETING_DATE + dt.timedelta(days=8))
    worker = Worker(rt)
    assert len(worker.purge_daily()) == 1 and rows(rt)["Participant"] == 0
    assert worker.purge_daily() == []  # once a day


def test_staff_delete_now_purges_one_meeting(rt, invited, runner):
    invited()
    meeting_id = invited.state["meeting"]
    result = runner.invoke(args=["purge", "--meeting", meeting_id])
    assert result.exit_code == 0, result.output
    assert rows(rt) == dict.fromkeys(rows(rt), 0)
    with rt.db() as s:
        assert s.get(MeetingStats, meeting_id).reason == "staff"
    refused = runner.invoke(args=["invite", meeting_id, "--role", "youth", "--phone", PHONES[5], "--lang", "sv"])
    assert refused.exit_code == 1 and "Error: the meeting's data has been deleted" in refused.output
    again = runner.invoke(args=["purge", "--meeting", meeting_id])
    assert again.exit_code == 1 and "already purged" in again.output
    unknown = runner.invoke(args=["purge", "--meeting", "nope"])
    assert unknown.exit_code == 1 and "unknown or already purged meeting 'nope'" in unknown.output
