"""The summary of one meeting straight from the database: the export, plus when each concern came in.

Rule: read-only, and this does NOT check who asks; the caller has already found the meeting in the user's
organisation (404 otherwise) and records the view in the audit log. Concerns keep the export's order.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.document import ConcernTime
from bot.reports.labels import area_labels
from bot.reports.summary import SummaryView, summary_view
from bot.services.export import export_meeting
from bot.services.overview import last_digits
from bot.services.runtime import Runtime
from bot.services.translations import translations_of, written_language
from bot.store.models import Conversation, ConversationEvent, Meeting, Participant
from bot.texts.catalogue import fill


def meeting_summary(s: Session, rt: Runtime, meeting_id: str, staff: Mapping[str, str],
                    lang: str = "sv") -> SummaryView | None:
    """The summary view of a meeting (export v1 + concern times), or None if there is no such meeting."""
    wheel = rt.engine.wheel
    areas = wheel.areas
    document = export_meeting(s, meeting_id, areas, rt.texts)
    if document is None:
        return None
    meeting = s.get(Meeting, meeting_id)
    return summary_view(document, area_labels(rt.texts, areas, lang), staff, areas=areas,
                        concern_times=concern_times(s, meeting_id), tz=rt.tz, lang=lang,
                        scale_max=wheel.scale_max, time=meeting.time if meeting else None,
                        tags=participant_tags(s, meeting_id, staff), detect=written_language,
                        translations=translations_of(s, meeting_id))


def participant_tags(s: Session, meeting_id: str, staff: Mapping[str, str]) -> dict[str, str]:
    """Participant id -> how staff tell them apart: nickname and the number's last two digits ("mamma, nr …05")."""
    tags = {}
    for p in s.scalars(select(Participant).where(Participant.meeting_id == meeting_id)):
        digits = last_digits(p.phone)
        parts = [p.nickname, fill(staff["participant.digits"], {"digits": digits}) if digits else None]
        tags[p.id] = ", ".join(part for part in parts if part)
    return tags


def concern_times(s: Session, meeting_id: str) -> dict[str, list[ConcernTime]]:
    """Participant id -> their concerns with times, in the same order as the export's `concerns` list."""
    rows = s.execute(
        select(Participant.id, ConversationEvent.area, ConversationEvent.detail, ConversationEvent.created_at)
        .join(Conversation, Conversation.participant_id == Participant.id)
        .join(ConversationEvent, ConversationEvent.conversation_id == Conversation.id)
        .where(Participant.meeting_id == meeting_id, ConversationEvent.kind == "concern")
        .order_by(ConversationEvent.id)
    )
    times: dict[str, list[ConcernTime]] = {}
    for participant_id, area, kind, at in rows:
        times.setdefault(participant_id, []).append(ConcernTime(area=area, kind=kind, at=at))
    return times
