"""Plain data the engine takes and returns. Rule: no I/O, no framework types; everything is JSON-able."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Union

from bot.conversation.events import Event
from bot.conversation.statuses import Status

ROLES = ("youth", "guardian")  # who a participant is: each role plays the flow of that name

# A reply parameter: plain values, a date (rendered with Babel at the edge), or nested replies.
Param = Union[str, int, dt.date, "Reply", tuple["Reply", ...], None]


@dataclass(frozen=True)
class Reply:
    """One text to send: a locale key and its parameters, rendered at the edge; `lead` is rendered first in
    the same SMS (what was understood: "Du svarade 2."). `role`: who reads it (the engine sets the
    conversation's role on every reply it makes; its lead and parameters are read by the same person), so a
    shared text can be rendered in the form a language uses for that role (bot/texts/roles.py)."""

    key: str
    params: dict[str, Param] = field(default_factory=dict)
    locale: str | None = None  # render in this locale instead of the conversation's (language names)
    lead: Reply | None = None
    role: str | None = None  # youth | guardian (ROLES); None: not known (texts sent outside a conversation)


@dataclass(frozen=True)
class Text:
    """An inbound message: its body and the local date it arrived."""

    body: str
    today: dt.date


@dataclass(frozen=True)
class Timer:
    """A timer firing: `expire` (the meeting has started) or `remind`."""

    name: str


@dataclass(frozen=True)
class Unreachable:
    """From outside: Twilio cannot deliver to the participant (`opted_out` at Twilio, or `undeliverable`)."""

    status: Status


@dataclass(frozen=True)
class PaperAnswers:
    """From outside: staff typed in the paper sheet. `answers`: area -> (rating or None, comment or None)."""

    answers: Mapping[str, tuple[int | None, str | None]]
    matters_most: str | None = None
    sharing: str | None = None  # the choice ticked on the sheet (None: the wheel's default)


Inbound = Text | Timer | Unreachable | PaperAnswers  # a message, a timer, or a change from outside (a modifier)


@dataclass
class AreaAnswer:
    """What a participant said about one area."""

    rating: int | None = None
    comment: str | None = None
    followup: str | None = None
    dont_know: bool = False  # "vet inte": no rating, and staff see that it was not known


@dataclass
class Conversation:
    """The whole state of one conversation; the edge stores it as `state` + JSON `data`."""

    flow: str
    state: str
    lang: str
    answers: dict[str, AreaAnswer] = field(default_factory=dict)
    matters_most: str | None = None
    sharing: str | None = None  # what the others at the meeting may see (None: not chosen, the default)
    retries: int = 0
    editing: bool = False
    menu: str | None = None
    menu_languages: tuple[str, ...] | None = None  # the language menu shown, in its order (SPRÅK; "2" = second)
    paused: bool = False  # after a disclosure: the next question waits until the participant says go on
    after_end_replied: str | None = None  # ISO date of the last reply sent after the end

    def copy(self) -> Conversation:
        """An independent copy (answers included); cheaper than copy.deepcopy."""
        return replace(self, answers={area: replace(a) for area, a in self.answers.items()})

    def data(self) -> dict[str, Any]:
        """The JSON document stored beside `state`."""
        return {
            "lang": self.lang,
            "answers": {
                area: {"rating": a.rating, "comment": a.comment, "followup": a.followup,
                       **({"dont_know": True} if a.dont_know else {})}
                for area, a in self.answers.items()
            },
            "matters_most": self.matters_most,
            "sharing": self.sharing,
            "retries": self.retries,
            "editing": self.editing,
            "menu": self.menu,
            **({"menu_languages": list(self.menu_languages)} if self.menu_languages else {}),
            **({"paused": True} if self.paused else {}),
            "after_end_replied": self.after_end_replied,
        }

    @classmethod
    def from_data(cls, flow: str, state: str, data: dict[str, Any]) -> Conversation:
        """Rebuild a conversation from its stored `state` and `data`."""
        return cls(
            flow=flow,
            state=state,
            lang=data["lang"],
            answers={area: AreaAnswer(**a) for area, a in data.get("answers", {}).items()},
            matters_most=data.get("matters_most"),
            sharing=data.get("sharing"),
            retries=data.get("retries", 0),
            editing=data.get("editing", False),
            menu=data.get("menu"),
            menu_languages=tuple(data["menu_languages"]) if data.get("menu_languages") else None,
            paused=data.get("paused", False),
            after_end_replied=data.get("after_end_replied"),
        )


@dataclass(frozen=True)
class Step:
    """The result of one turn: the new conversation, replies to send and events to store."""

    conversation: Conversation
    replies: tuple[Reply, ...]
    events: tuple[Event, ...]
