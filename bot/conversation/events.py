"""What happened in a step, as typed data for the edge to store. Rule: one frozen dataclass per event, each
with its `kind` (the name stored in the event table where it is stored); the engine creates them, it never
stores them: bot/services/apply.py has one handler per event type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.conversation.statuses import Status

ANSWER_SOURCES = ("sms", "paper")


@dataclass(frozen=True)
class AnswerGiven:
    """An area was rated (rating None: skipped, or not known: `dont_know`), with the comment it now has;
    `source` is sms or paper."""

    kind: ClassVar[str] = "answer"
    area: str
    rating: int | None
    comment: str | None
    source: str = "sms"
    dont_know: bool = False


@dataclass(frozen=True)
class FollowupGiven:
    """The answer to the follow-up question of a low-rated area (None: skipped)."""

    kind: ClassVar[str] = "followup"
    area: str
    text: str | None


@dataclass(frozen=True)
class FollowupDropped:
    """A changed rating (TILLBAKA, ÄNDRA) no longer asks the follow-up: its earlier answer is dropped."""

    kind: ClassVar[str] = "followup_dropped"
    area: str


@dataclass(frozen=True)
class MattersMostGiven:
    """What matters most at the meeting (None: skipped)."""

    kind: ClassVar[str] = "matters_most"
    text: str | None


@dataclass(frozen=True)
class SharingChosen:
    """What the other participants of the meeting may see: `all`, `ratings` or `none` (skipped: the default)."""

    kind: ClassVar[str] = "sharing"
    choice: str


@dataclass(frozen=True)
class ConcernRaised:
    """Staff must see this: `low_rating` of the concern area, or `danger_words` (area None: not an area's)."""

    kind: ClassVar[str] = "concern"
    area: str | None
    concern: str  # low_rating | danger_words


@dataclass(frozen=True)
class StatusChanged:
    """The conversation's status changed (the state's status in the flow)."""

    kind: ClassVar[str] = "status"
    status: Status


@dataclass(frozen=True)
class LanguageChanged:
    """The participant chose another language (SPRÅK)."""

    kind: ClassVar[str] = "language"
    lang: str


Event = (AnswerGiven | FollowupGiven | FollowupDropped | MattersMostGiven | SharingChosen | ConcernRaised
         | StatusChanged | LanguageChanged)
EVENT_TYPES: tuple[type, ...] = (AnswerGiven, FollowupGiven, FollowupDropped, MattersMostGiven, SharingChosen,
                                 ConcernRaised, StatusChanged, LanguageChanged)
