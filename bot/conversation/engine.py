"""The conversation engine: (conversation, one input) -> new conversation, replies as data, events.

Rule: pure. No I/O, no clock, no framework imports; the flow's shared Machine decides every state change,
and this is the only place a conversation's state or status changes: changes from outside a conversation
(Twilio says unreachable, paper answers, staff end it) come in as inputs too, like goflow's modifiers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from bot.conversation.events import StatusChanged
from bot.conversation.flows import Flow, StateSpec, Wheel
from bot.conversation.lexicon import Lexicon
from bot.conversation.paper import fill_in
from bot.conversation.statuses import Status
from bot.conversation.turn import UNDERSTOOD, Turn
from bot.conversation.types import (
    AreaAnswer,
    Conversation,
    Inbound,
    PaperAnswers,
    Param,
    Reply,
    Step,
    Timer,
    Unreachable,
)
from bot.conversation.vocabulary import QUESTIONS

# Keys the engine itself sends or composes, whatever the flow (validated against every locale).
ENGINE_KEYS = (
    "common.reask_rating",
    "common.reask_rating_skip",
    "common.rating_choice",
    "common.reask_yes_no",
    "common.reask_text",
    "common.reask_readback",
    "common.reask_sharing",
    "common.not_here",
    "common.language_menu",
    "common.reminder",
    *(f"questions.{intent}" for intent in QUESTIONS),
)
FRAGMENT_KEYS = ("common.readback_line", "common.no_answer", "common.dont_know", "common.menu_line",
                 "language.name", "common.sharing.label", UNDERSTOOD)


class Engine:
    """Runs conversations for a set of compiled flows."""

    def __init__(self, flows: dict[str, Flow], wheel: Wheel, lexicon: Lexicon, languages: tuple[str, ...]):
        self.flows = flows
        self.wheel = wheel
        self.lexicon = lexicon
        self.languages = languages

    def begin(self, flow_id: str, lang: str, **context: Param) -> Step:
        """A new conversation in its initial state, with the invitation as its reply."""
        flow = self.flows[flow_id]
        conv = Conversation(flow=flow_id, state=flow.initial, lang=lang)
        return Step(conv, addressed(self.prompts(flow, conv, context), conv), (StatusChanged(self.status(conv)),))

    def step(self, conversation: Conversation, inbound: Inbound, offered: tuple[str, ...] | None = None) -> Step:
        """Apply one input (a text, a timer, or a change from outside); the input conversation is not modified.
        `offered`: the languages the conversation's organisation offers (the SPRÅK menu's; None: every one)."""
        conv = conversation.copy()
        turn = Turn(self, conv, offered)
        if isinstance(inbound, Timer):
            turn.timer(inbound.name)
        elif isinstance(inbound, Unreachable):
            turn.unreachable(inbound.status)
        elif isinstance(inbound, PaperAnswers):
            fill_in(turn, inbound)
        else:
            turn.text(inbound)
        return Step(conv, addressed(turn.replies, conv), tuple(turn.events))

    def status(self, conversation: Conversation) -> Status:
        """The status of the conversation's state in its flow."""
        return self.flows[conversation.flow].states[conversation.state].status

    def accepts(self, conversation: Conversation, trigger: str) -> bool:
        """Whether the conversation's state takes `trigger` (e.g. `paper`: may answers be typed in now?)."""
        return trigger in self.flows[conversation.flow].triggers[conversation.state]

    def prompts(self, flow: Flow, conv: Conversation, context: dict[str, Param] | None = None) -> list[Reply]:
        """The replies that ask the conversation's current question."""
        spec = flow.states[conv.state]
        return [Reply(key, self._params(spec, key, conv, context or {})) for key in spec.ask]

    def _params(self, spec: StateSpec, key: str, conv: Conversation, context: dict[str, Param]) -> dict[str, Param]:
        params: dict[str, Param] = dict(context)
        if spec.area:
            params["n"] = self.wheel.areas.index(spec.area) + 1
            params["total"] = len(self.wheel.areas)
            params["area"] = Reply(f"area.{spec.area}")
        if spec.expects == "confirm":
            params["lines"] = self.readback_lines(conv, self.flows[conv.flow])
            params["matters_most"] = self.excerpt(conv.matters_most)
        return params

    @cached_property
    def understood_keys(self) -> frozenset[str]:
        """The messages that what-was-understood can lead ("Du svarade 2."): those of every state an answered
        rating leads to but the read-back, and each flow's disclosure reply (for the segment budgets; never
        needed in a turn)."""
        keys: set[str] = set()
        for flow in self.flows.values():
            keys.add(flow.replies["disclosure"])  # a worrying rating's reply (bot/conversation/disclosure.py)
            for name, spec in flow.states.items():
                if spec.expects == "rating":
                    for transition in flow.machine.get_transitions("answer", source=name):
                        dest = flow.states[str(transition.dest)]
                        if dest.expects != "confirm":
                            keys.update(dest.ask)
        return frozenset(keys)

    def menu_languages(self, current: str, offered: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The languages the SPRÅK menu lists, in menu order: those offered (None: every one), and always the
        conversation's `current` language (it may have been chosen before the offer changed)."""
        return tuple(lang for lang in self.languages if offered is None or lang in offered or lang == current)

    def language_menu(self, languages: tuple[str, ...] | None = None) -> Reply:
        """The numbered list of `languages` (default: every one), each named in its own language."""
        lines = tuple(Reply("common.menu_line", {"n": i, "name": Reply("language.name", locale=lang)})
                      for i, lang in enumerate(self.languages if languages is None else languages, start=1))
        return Reply("common.language_menu", {"lines": lines})

    def readback_lines(self, conv: Conversation, flow: Flow) -> tuple[Reply, ...]:
        """One numbered line per area with its rating (or the no-answer mark), under the area's plain SMS label
        (`readback_area.*`: words a child knows; staff pages keep the wheel's names, `area.*`), then the sharing
        choice."""
        lines = []
        for n, area in enumerate(self.wheel.areas, start=1):
            answer = conv.answers.get(area, AreaAnswer())
            blank = Reply("common.dont_know" if answer.dont_know else "common.no_answer")
            lines.append(Reply("common.readback_line", {
                "n": n, "area": Reply(f"readback_area.{area}"),
                "rating": answer.rating if answer.rating is not None else blank,
            }))
        if flow.asks_sharing:
            lines.append(Reply("common.readback_line", {
                "n": len(lines) + 1, "area": Reply("common.sharing.label"),
                "rating": Reply(f"common.sharing.{conv.sharing or self.wheel.sharing_default}"),
            }))
        return tuple(lines)

    def excerpt(self, text: str | None) -> Param:
        """The start of a free text for the read-back, cut at a word within the flow's limit."""
        if not text:
            return Reply("common.no_answer")
        limit = self.wheel.readback_excerpt
        one_line = " ".join(text.split())
        if len(one_line) <= limit:
            return one_line
        return one_line[: limit - 3].rsplit(" ", 1)[0] + "..."


def addressed(replies: Iterable[Reply], conversation: Conversation) -> tuple[Reply, ...]:
    """The replies marked with who reads them: the conversation's role (each role plays the flow of its name)."""
    role = conversation.flow  # a plain constructor: dataclasses.replace costs several times more per reply
    return tuple(reply if reply.role == role else Reply(reply.key, reply.params, reply.locale, reply.lead, role)
                 for reply in replies)


def engine_keys(engine: Engine) -> dict[str, Any]:
    """Every message key and fragment key the engine can render, for locale validation."""
    keys = set(ENGINE_KEYS)
    for flow in engine.flows.values():
        keys |= flow.message_keys()
    fragments = (set(FRAGMENT_KEYS) | {f"{kind}.{a}" for a in engine.wheel.areas for kind in ("area", "readback_area")}
                 | {f"common.sharing.{c}" for c in engine.wheel.sharing_choices})
    return {"messages": sorted(keys), "fragments": sorted(fragments)}
