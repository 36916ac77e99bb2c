"""The invitation as it will be sent: the exact SMS bodies with their size, before anything is stored.

Rule: the same engine start and the same rendering as the real invitation (bot/services/meetings.invite and
outbox.record_replies), so the preview cannot differ from what goes out; nothing is written. A scheduled
invitation is the same queued SMS with a later `due_at`: the worker sends it then, never at night.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.services.contact import budget_problem, signed
from bot.services.outbox import outside_quiet_hours
from bot.services.runtime import Runtime
from bot.services.timers import meeting_start
from bot.store.models import DueAction, Meeting, Message, Participant
from bot.texts.bilingual import render_all
from bot.texts.segments import SmsCost, sms_cost


@dataclass(frozen=True)
class PreviewSms:
    """One SMS of the invitation and what it costs."""

    body: str
    cost: SmsCost


def invitation_preview(rt: Runtime, meeting: Meeting, role: str, lang: str, bilingual: bool,
                       contact: str | None = None) -> list[PreviewSms]:
    """The invitation's SMS exactly as invite() would queue them (bilingual: the language, then Swedish; signed
    with `contact`, staff's first name, if given)."""
    step = rt.engine.begin(role, lang, org=meeting.org.name, date=meeting.date)
    bodies = render_all(rt.texts, signed(step.replies, contact), lang, bilingual)
    return [PreviewSms(body, sms_cost(body)) for body in bodies]


def contact_problem(rt: Runtime, meeting: Meeting, role: str, lang: str, bilingual: bool, contact: str) -> str | None:
    """Why the invitation cannot be signed with `contact` (a staff text key: it would cost more SMS), or None."""
    step = rt.engine.begin(role, lang, org=meeting.org.name, date=meeting.date)
    return budget_problem(rt.texts, step.replies, contact, lang, bilingual)


def schedule_invitation(s: Session, rt: Runtime, participant: Participant, when: dt.datetime) -> None:
    """Hold the participant's queued invitation until `when` (the worker sends it then); the silence reminder
    counts from then. In the inviting transaction, before anything is sent."""
    conv = participant.conversation
    assert conv is not None
    s.execute(update(Message).where(Message.conversation_id == conv.id, Message.direction == "out",
                                    Message.status == "queued").values(due_at=when))
    if rt.delivery.silence_hours > 0:
        s.execute(update(DueAction).where(DueAction.conversation_id == conv.id, DueAction.kind == "remind_silence")
                  .values(due_at=when + dt.timedelta(hours=rt.delivery.silence_hours)))


def schedule_problem(rt: Runtime, meeting: Meeting, when: dt.datetime) -> str | None:
    """Why an invitation cannot be sent at `when` (a staff text key), or None: in the future, before the
    meeting, and outside the quiet hours (no SMS at night)."""
    if when <= rt.clock():
        return "schedule.past"
    if when >= meeting_start(meeting, rt.tz):
        return "schedule.after_meeting"
    if outside_quiet_hours(when, rt.tz) != when:
        return "schedule.night"
    return None
