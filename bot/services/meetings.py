"""Organisations, meetings and invitations. Rule: validate everything first, then change in one transaction.

On a line (bot/services/routing.py) a phone has one open conversation, so an inbound SMS always belongs to
exactly one: an invitation to a phone busy with the organisation's own conversation is refused (InviteError);
one busy with another organisation's, on the shared number, is queued silently (`waiting_for`).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import ROLES
from bot.services.contact import signed
from bot.services.outbox import record_replies
from bot.services.reviews import effective_statuses
from bot.services.routing import holder, is_own, open_key
from bot.services.runtime import Runtime
from bot.services.timers import schedule
from bot.store.models import Conversation, Meeting, MeetingStats, Organisation, Participant, new_id
from bot.texts.catalogue import Texts
from bot.texts.check import ORG_NAME_MAX
from bot.texts.languages import LanguageError, check_offered, parse_language_list, resolve_language
from bot.texts.segments import is_gsm7, sms_cost

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")
E164 = re.compile(r"\+[1-9][0-9]{6,14}")


class InputError(ValueError):
    """Bad input from staff; the message is one line, shown as is."""


class InviteError(InputError):
    """The invitation cannot be sent."""


def create_org(s: Session, slug: str, name: str, now: dt.datetime, sender: str | None = None,
               *, accept_drafts: bool = False) -> Organisation:
    """A new organisation; its name is what invitations say the SMS is from, `sender` (E.164) its own number,
    `accept_drafts` whether it offers draft (unreviewed) languages."""
    name = " ".join(name.split())
    if not SLUG.fullmatch(slug):
        raise InputError("slug must be 2-40 lowercase letters, digits or dashes")
    if not name or not is_gsm7(name) or sms_cost(name).units > ORG_NAME_MAX:
        raise InputError(f"name must be 1-{ORG_NAME_MAX} characters of the SMS alphabet (it is sent in SMS)")
    if s.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        raise InputError(f"organisation {slug!r} already exists")
    if sender is not None and not E164.fullmatch(sender):
        raise InputError("the sender number must be in E.164 form, e.g. +46701740605")
    if sender is not None and s.scalar(select(Organisation.id).where(Organisation.sender == sender)):
        raise InputError(f"the sender number {sender} is another organisation's")
    org = Organisation(slug=slug, name=name, sender=sender, accept_drafts=accept_drafts, created_at=now)
    s.add(org)
    return org


def create_meeting(s: Session, slug: str, date: dt.date, time: dt.time | None, today: dt.date,
                   now: dt.datetime, owner_id: int | None = None) -> Meeting:
    """A meeting of an organisation, today or later (`owner_id`: its responsible staff member, who is told
    about concerns)."""
    org = s.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise InputError(f"unknown organisation {slug!r}")
    if date < today:
        raise InputError(f"the meeting date {date.isoformat()} has passed")
    meeting = Meeting(id=new_id(), org=org, date=date, time=time, owner_id=owner_id, created_at=now)
    s.add(meeting)
    return meeting


def invite(s: Session, rt: Runtime, meeting_id: str, role: str, phone: str, lang: str,
           now: dt.datetime, *, bilingual: bool = False, contact: str | None = None) -> Participant:
    """A participant with a conversation in `invited` and its invitation queued as an outbound SMS (or, when
    the phone is busy with another organisation on the shared number, queued itself: bot/services/routing.py).

    `lang` may be an alias (`fa` -> `prs`) and must be offered by the meeting's organisation (a draft
    language only if it accepts unreviewed texts); `bilingual` sends every message in that language followed
    by Swedish (bot/texts/bilingual.py); `contact` signs the invitation with staff's first name
    (bot/services/contact.py).
    """
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    try:
        lang = resolve_language(rt.texts, lang)
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise InputError(f"unknown meeting {meeting_id!r}")
        lang = check_offered(meeting.org, rt.texts, lang, effective_statuses(s, rt.texts))
    except LanguageError as exc:
        raise InputError(str(exc)) from None
    if meeting.date < rt.today():
        raise InputError("the meeting has passed")
    if s.get(MeetingStats, meeting_id) is not None:
        raise InputError("the meeting's data has been deleted")
    index = rt.phone_hash(phone)
    key = open_key(rt, index, meeting.org.sender)
    busy = holder(s, key)
    if busy is not None and is_own(s, busy, meeting.org_id):
        raise InviteError("this number already has a conversation in progress; "
                          "invite it again when that one has ended")
    step = rt.engine.begin(role, lang, org=meeting.org.name, date=meeting.date)
    participant = Participant(id=new_id(), meeting=meeting, role=role, language=lang, phone=phone,
                              bilingual=bilingual, phone_index=index, created_at=now, contact=contact or None)
    conversation = Conversation(participant=participant, flow=role, state=step.conversation.state,
                                status=rt.engine.status(step.conversation), data=step.conversation.data(),
                                open_phone=None if busy else key, waiting_for=busy.id if busy else None,
                                created_at=now, updated_at=now)  # as the engine began it
    s.add_all([participant, conversation])
    schedule(s, rt, conversation, meeting, now)
    s.flush()
    if busy is None:  # a queued invitation is sent when it is released
        record_replies(s.connection(), rt, conversation.id, signed(step.replies, contact), lang, bilingual, now)
    return participant


def set_offered_languages(s: Session, texts: Texts, slug: str, codes: str | None) -> Organisation:
    """Limit an organisation to `codes` ('sv,ar,fi'; Swedish always), or offer every language (None)."""
    org = s.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise LanguageError(f"unknown organisation {slug!r}")
    org.languages = parse_language_list(texts, codes) if codes is not None else None
    return org


def set_accept_drafts(s: Session, slug: str, accept: bool) -> Organisation:
    """Whether an organisation offers draft (unreviewed) languages in its invitations."""
    org = s.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise LanguageError(f"unknown organisation {slug!r}")
    org.accept_drafts = accept
    return org
