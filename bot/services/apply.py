"""Apply a step's events: one small handler per event type turns it into rows (mailroom's handlers).

Rule: this is the one place a step is written. The engine decided the new state and status; the handlers
only record what its events say, collected first and then written in a fixed, short set of statements
(answers upserted, language, event rows, the conversation row). An event type without exactly one handler
is a start-up error, never a silently dropped event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection

from bot.conversation import ENDED, Conversation, Status
from bot.conversation import events as ev
from bot.services.concerns import note_concerns
from bot.store import conversations as sql


@dataclass
class Changes:
    """What one step changes, collected by the handlers before anything is written."""

    conversation_id: int
    now: dt.datetime
    areas: dict[str, str] = field(default_factory=dict)  # area -> source (sms | paper)
    columns: dict[str, Any] = field(default_factory=dict)  # conversation columns to set
    notes: list[dict[str, Any]] = field(default_factory=list)  # event rows (concerns, status changes)
    language: str | None = None


E = TypeVar("E", bound=ev.Event)
Handler = Callable[[Changes, Any], None]
HANDLERS: dict[type, Handler] = {}


def handles(event_type: type[E]) -> Callable[[Callable[[Changes, E], None]], Callable[[Changes, E], None]]:
    """Register the handler of one event type (a second handler for the same type is an error)."""
    def register(handler: Callable[[Changes, E], None]) -> Callable[[Changes, E], None]:
        if event_type in HANDLERS:
            raise RuntimeError(f"{event_type.__name__} already has a handler")
        HANDLERS[event_type] = handler
        return handler
    return register


@handles(ev.AnswerGiven)
def _answer(changes: Changes, event: ev.AnswerGiven) -> None:
    changes.areas[event.area] = event.source


@handles(ev.FollowupGiven)
def _followup(changes: Changes, event: ev.FollowupGiven) -> None:
    changes.areas.setdefault(event.area, "sms")


@handles(ev.FollowupDropped)
def _followup_dropped(changes: Changes, event: ev.FollowupDropped) -> None:
    changes.areas.setdefault(event.area, "sms")  # the area's row is written again: its followup now empty


@handles(ev.MattersMostGiven)
def _matters_most(changes: Changes, event: ev.MattersMostGiven) -> None:
    changes.columns["matters_most"] = event.text


@handles(ev.SharingChosen)
def _sharing(changes: Changes, event: ev.SharingChosen) -> None:
    changes.columns["sharing"] = event.choice


@handles(ev.LanguageChanged)
def _language(changes: Changes, event: ev.LanguageChanged) -> None:
    changes.language = event.lang


@handles(ev.ConcernRaised)
def _concern(changes: Changes, event: ev.ConcernRaised) -> None:
    changes.notes.append({"conversation_id": changes.conversation_id, "kind": event.kind, "area": event.area,
                          "detail": event.concern, "created_at": changes.now})


@handles(ev.StatusChanged)
def _status(changes: Changes, event: ev.StatusChanged) -> None:
    changes.notes.append({"conversation_id": changes.conversation_id, "kind": event.kind, "area": None,
                          "detail": event.status.value, "created_at": changes.now})
    changes.columns["status"] = event.status.value
    if event.status == Status.COMPLETED:
        changes.columns["completed_at"] = changes.now
    if event.status in ENDED:
        changes.columns["open_phone"] = None  # the phone is free for a new invitation
        changes.columns["waiting_for"] = None  # a queued invitation that ended is never released


missing = [t.__name__ for t in ev.EVENT_TYPES if t not in HANDLERS]
if missing:
    raise RuntimeError(f"events without a handler: {', '.join(missing)}")


def apply_step(conn: Connection, conv: sql.ConversationRow, after: Conversation, events: Iterable[ev.Event],
               now: dt.datetime, extra: dict[str, Any] | None = None) -> None:
    """Write a step: the new state and data, and every event through its handler (`extra`: more columns)."""
    changes = Changes(conv.id, now)
    for event in events:
        HANDLERS[type(event)](changes, event)
    sql.upsert_answers(conn, [
        {"conversation_id": conv.id, "area": area, "rating": after.answers[area].rating,
         "comment": after.answers[area].comment, "followup": after.answers[area].followup,
         "dont_know": after.answers[area].dont_know, "source": source,
         "language": after.lang, "updated_at": now}
        for area, source in sorted(changes.areas.items())])
    if changes.language:
        sql.update_language(conn, conv.participant_id, changes.language)
    sql.insert_events(conn, changes.notes)
    if any(note["kind"] == ev.ConcernRaised.kind for note in changes.notes):
        note_concerns(conn, conv.id, now)  # staff are told in the same transaction (review row + e-mail)
    sql.update_conversation(conn, conv.id, {"state": after.state, "data": after.data(), "updated_at": now,
                                            **changes.columns, **(extra or {})})


def save_step(conn: Connection, conversation_id: int, after: Conversation, events: Iterable[ev.Event],
              now: dt.datetime) -> None:
    """Write a step taken outside a webhook turn (timers, Twilio's reports, paper, staff) exactly as a turn's:
    the conversation row is locked first."""
    apply_step(conn, sql.conversation_by_id(conn, conversation_id), after, events, now)
