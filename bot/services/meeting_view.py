"""The two views of a meeting, from the database: the meeting view (what each participant let the others at
the meeting see, less whatever staff hide) and, for the staff view, who a youth named in words that raised
a concern.

Rule: read-only, and this does NOT check who asks: the caller has found the meeting in the user's
organisation (404 otherwise) and records the view or print in the audit log. A participant's choice is
`Conversation.sharing` (all | ratings | none; unanswered, stopped or expired before choosing: none).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.labels import area_labels
from bot.reports.meeting_view import named_people, shared_document
from bot.reports.summary import SummaryView, summary_view
from bot.services.export import export_meeting
from bot.services.runtime import Runtime
from bot.services.translations import translations_of, written_language
from bot.store.models import Conversation, Meeting, Participant

PERSONS_FILE = Path(__file__).resolve().parent / "data" / "persons-sv.txt"


@dataclass(frozen=True)
class MeetingView:
    """What the meeting view shows, and the participants staff may hide (id, heading) for its form."""

    view: SummaryView
    withheld: bool  # someone's answers are not shown (never says whose, or why)
    shareable: tuple[tuple[str, str], ...]
    hidden: frozenset[str]


def sharing_of(s: Session, meeting_id: str) -> dict[str, str | None]:
    """Participant id -> what they let the others at the meeting see (None: never chose, read as none)."""
    rows = s.execute(select(Participant.id, Conversation.sharing)
                     .outerjoin(Conversation, Conversation.participant_id == Participant.id)
                     .where(Participant.meeting_id == meeting_id))
    return {participant_id: sharing for participant_id, sharing in rows}


def meeting_view(s: Session, rt: Runtime, meeting_id: str, staff: Mapping[str, str],
                 hidden: Collection[str] = (), lang: str = "sv") -> MeetingView | None:
    """The meeting view (None: no such meeting), without the participants in `hidden`."""
    wheel = rt.engine.wheel
    document = export_meeting(s, meeting_id, wheel.areas, rt.texts)
    if document is None:
        return None
    sharing = sharing_of(s, meeting_id)
    labels = area_labels(rt.texts, wheel.areas, lang)
    translated = translations_of(s, meeting_id)  # only shown beside words that are shared
    meeting = s.get(Meeting, meeting_id)

    def render(ids_hidden: Collection[str]) -> tuple[SummaryView, bool]:
        shown, withheld = shared_document(document, sharing, ids_hidden)
        return summary_view(shown, labels, staff, areas=wheel.areas, tz=rt.tz, lang=lang,
                            scale_max=wheel.scale_max, time=meeting.time if meeting else None,
                            detect=written_language, translations=translated), withheld

    everyone, _ = render(())
    shareable = tuple((p.id, p.heading) for p in everyone.participants)
    chosen = frozenset(hidden) & {pid for pid, _ in shareable}
    view, withheld = render(chosen) if chosen else (everyone, len(shareable) < len(document["participants"]))
    return MeetingView(view, withheld, shareable, chosen)


@lru_cache(maxsize=1)
def person_words() -> tuple[str, ...]:
    """The words for people a youth may name (data/persons-sv.txt)."""
    lines = PERSONS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def named_by_youth(s: Session, rt: Runtime, meeting_id: str) -> dict[str, tuple[str, ...]]:
    """Youth id -> the people they named in words that raised a concern (the staff view only)."""
    document = export_meeting(s, meeting_id, rt.engine.wheel.areas, rt.texts)
    return named_people(document, person_words()) if document else {}
