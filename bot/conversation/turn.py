"""One turn of a conversation: read the input, fire the flow's Machine, collect replies and events.

Rule: every state change goes through the flow's shared Machine, on a throwaway model object, and a trigger
that the Machine refuses changes nothing. Inputs from outside the conversation (Twilio says unreachable,
paper answers: bot/conversation/paper.py) are triggers like any other; they send nothing. A rating read
from a word or a face leads the next SMS with what was understood (not the read-back: its lines say it, and
a lead would break its segment budget in every language); a changed rating that no longer asks the follow-up
drops its earlier answer. A message that raises a concern in an open conversation gets the flow's disclosure
reply alone (bot/conversation/disclosure.py) and pauses the questions: the next question is held back until
the participant answers JA (another worrying message while paused gets the disclosure again). SPRÅK: language_menu.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.conversation import events as ev
from bot.conversation.disclosure import after_end, settle, while_paused
from bot.conversation.flows import UNREACHABLE_TRIGGERS, StateSpec
from bot.conversation.language_menu import choose_language, close_menu, show_menu
from bot.conversation.statuses import Status
from bot.conversation.types import AreaAnswer, Conversation, Reply, Text
from bot.conversation.understanding import Reading, understand

if TYPE_CHECKING:
    from bot.conversation.engine import Engine

UNDERSTOOD = "common.understood"  # "Du svarade %{rating}.": leads the SMS after a rating read from words


@dataclass
class _Model:
    """The per-turn model the shared Machine moves; conditions are read from its attributes."""

    state: str
    low_rating: bool = False
    editing: bool = False


class Turn:
    """One turn's working memory: the conversation being changed, replies and events so far."""

    def __init__(self, engine: Engine, conv: Conversation, offered: tuple[str, ...] | None = None):
        self.engine = engine
        self.conv = conv
        self.offered = offered  # the languages the organisation offers (the SPRÅK menu's); None: every one
        self.flow = engine.flows[conv.flow]
        self.replies: list[Reply] = []
        self.events: list[ev.Event] = []
        self.raised = False  # a concern was raised by this turn's message

    @property
    def spec(self) -> StateSpec:
        return self.flow.states[self.conv.state]

    def timer(self, name: str) -> None:
        if self.spec.final:
            return  # stale timer: the conversation has ended
        if name == "remind":
            self.replies.append(Reply("common.reminder"))
        elif name == "expire":
            self.fire("expire")

    def unreachable(self, status: Status) -> None:
        """Twilio cannot deliver to the participant: end the conversation (a final state stays as it is)."""
        self.fire(UNREACHABLE_TRIGGERS[status], quiet=True)

    def text(self, inbound: Text) -> None:
        body = inbound.body
        danger = self.engine.lexicon.has_danger(body)
        if self.spec.final:
            after_end(self, inbound.today, danger)
            return
        if danger:
            self.concern(self.spec.area, "danger_words")
        if not (self.conv.menu == "language" and choose_language(self, body)):
            close_menu(self)
            wheel = self.engine.wheel
            expects = "yes_no" if self.conv.paused else self.spec.expects
            reading = understand(self.engine.lexicon, body, self.conv.lang, expects, wheel.scale_min,
                                 wheel.scale_max, len(wheel.readback_items))
            if self.conv.paused:
                while_paused(self, reading)
            else:
                self.act(reading, body)
        settle(self)

    def ask(self) -> None:
        """Ask the current question, or while paused say that the questions wait."""
        if self.conv.paused:
            self.replies.append(Reply(self.flow.replies["paused"]))
        else:
            self.replies += self.engine.prompts(self.flow, self.conv)

    def act(self, reading: Reading, body: str) -> None:
        """Do what the reading of a message asks at this step."""
        kind, expects = reading.kind, self.spec.expects
        if kind == "help" or (kind == "dont_know" and expects not in ("rating", "sharing")):
            self.replies.append(Reply(self.spec.help or "common.help_text"))
        elif kind == "stop":
            self.fire("stop")
        elif kind == "language":
            show_menu(self)
        elif kind == "skip" and expects in ("rating", "followup", "text", "sharing"):
            self.record(None, None)
            self.fire("answer")
        elif kind == "change":
            self.change(reading)
        elif kind == "question":
            self.replies.append(Reply(f"questions.{reading.intent}"))
            if not self.fire("start"):
                self.replies += self.engine.prompts(self.flow, self.conv)
        elif kind in ("back", "skip") and not self.fire(kind):
            self.not_here()
        elif kind not in ("back", "skip"):
            self.answer(reading, body)

    def change(self, reading: Reading) -> None:
        """ÄNDRA n (or an area's name) in the read-back; "ÄNDRA 3 TILL 4" sets it at once and reads back again."""
        items = self.engine.wheel.readback_items
        if reading.value is None:
            if self.spec.expects == "confirm":
                self.replies.append(Reply("common.reask_readback"))
            else:
                self.not_here()
            return
        item = items[reading.value - 1] if 1 <= reading.value <= len(items) else ""
        if reading.other is None:
            if self.fire(f"change_{item}" if item else ""):
                self.conv.editing = True
            else:
                self.not_here()
            return
        wheel = self.engine.wheel
        if (item not in wheel.areas or not wheel.scale_min <= reading.other <= wheel.scale_max
                or not self.fire(f"change_{item}", quiet=True)):
            self.not_here()
            return
        self.conv.editing = True
        self.record(reading.other, None)
        self.rated(reading, reading.other)

    def not_here(self) -> None:
        self.replies.append(Reply("common.not_here"))
        self.replies += self.engine.prompts(self.flow, self.conv)

    def answer(self, reading: Reading, body: str) -> None:
        expects, kind = self.spec.expects, reading.kind
        if expects == "start":
            self.fire("start")
        elif expects in ("yes_no", "confirm"):
            if kind == "yes" or (kind == "no" and expects == "yes_no"):
                self.fire(kind)
            else:
                self.reask("common.reask_yes_no" if expects == "yes_no" else "common.reask_readback")
        elif expects == "rating":
            if kind == "rating" and reading.value is not None:
                self.record(reading.value, reading.comment)
                self.rated(reading, reading.value)
            elif kind == "choice":
                self.conv.retries += 1
                self.replies.append(Reply("common.rating_choice", {"low": reading.value, "high": reading.other}))
            elif kind == "dont_know":
                self.record(None, reading.comment, dont_know=True)
                self.fire("answer")
            else:
                self.reask("common.reask_rating" if self.conv.retries == 0 else "common.reask_rating_skip")
        elif expects == "sharing":
            choices = self.engine.wheel.sharing_choices
            number = self.engine.lexicon.choice(body, self.conv.lang, len(choices))
            if number is None:
                self.reask("common.reask_sharing")
            else:
                self.record(None, choices[number - 1])
                self.fire("answer")
        elif kind == "text" and reading.comment:
            self.record(None, reading.comment)
            self.fire("answer")
        else:
            self.reask("common.reask_text")

    def rated(self, reading: Reading, rating: int) -> None:
        """Go on after a rating; one read from a word or a face ("😕", "fyra") leads the next SMS with what was
        understood ("Du svarade 2."), except the read-back, whose every line already says it."""
        mark = len(self.replies)
        self.fire("answer", low_rating=rating <= self.engine.wheel.followup_max)
        if reading.worded and len(self.replies) > mark and self.spec.expects != "confirm":
            self.replies[mark] = replace(self.replies[mark], lead=Reply(UNDERSTOOD, {"rating": rating}))

    def reask(self, key: str) -> None:
        self.conv.retries += 1
        self.replies.append(Reply(key))

    def record(self, rating: int | None, text: str | None, dont_know: bool = False) -> None:
        """Store the answer to the current question (None, None = skipped; sharing: the choice in `text`;
        `dont_know`: "vet inte")."""
        spec, conv = self.spec, self.conv
        if spec.expects == "sharing":
            conv.sharing = text or self.engine.wheel.sharing_default
            self.events.append(ev.SharingChosen(conv.sharing))
            return
        if spec.expects == "text":
            conv.matters_most = text
            self.events.append(ev.MattersMostGiven(text))
            return
        assert spec.area is not None
        answer = conv.answers.setdefault(spec.area, AreaAnswer())
        if spec.expects == "followup":
            answer.followup = text
            self.events.append(ev.FollowupGiven(spec.area, text))
            return
        answer.rating = rating
        answer.dont_know = dont_know
        # A new rating keeps the earlier comment unless it brings its own; skipping clears both.
        answer.comment = text if text or rating is None else answer.comment
        self.events.append(ev.AnswerGiven(spec.area, rating, answer.comment, dont_know=dont_know))
        wheel = self.engine.wheel
        if answer.followup is not None and (rating is None or rating > wheel.followup_max):
            answer.followup = None  # it answered a lower rating's question: not kept under this one
            self.events.append(ev.FollowupDropped(spec.area))
        if spec.area == wheel.concern_area and rating is not None and rating <= wheel.concern_max:
            self.concern(spec.area, "low_rating")

    def concern(self, area: str | None, kind: str) -> None:
        """Staff must see this (the edge e-mails them); the reply is decided when the turn settles."""
        self.events.append(ev.ConcernRaised(area, kind))
        self.raised = True

    def fire(self, trigger: str, low_rating: bool = False, quiet: bool = False) -> bool:
        """Run a trigger through the flow's Machine; on success ask the new state's question (unless `quiet`:
        a change from outside, which sends nothing). False, and nothing changed, if the Machine refuses."""
        if trigger not in self.flow.triggers[self.conv.state]:
            return False
        before = self.spec
        model = _Model(self.conv.state, low_rating=low_rating, editing=self.conv.editing)
        if not self.flow.machine.events[trigger].trigger(model):
            return False  # no transition's conditions held
        self.conv.state = model.state
        self.conv.retries = 0
        after = self.spec
        if after.expects == "confirm" or after.final:
            self.conv.editing = False
        if after.final:
            self.conv.paused = False
        if after.status != before.status:
            self.events.append(ev.StatusChanged(after.status))
        if not quiet:
            self.replies += self.engine.prompts(self.flow, self.conv)
        return True
