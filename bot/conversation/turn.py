"""One turn of a conversation: read the input, fire the flow's Machine, collect replies and events.

Rule: every state change goes through the flow's shared Machine, on a throwaway model object, and a trigger
that the Machine refuses changes nothing. Inputs from outside the conversation (Twilio says unreachable,
paper answers) are triggers like any other; they send nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.conversation import events as ev
from bot.conversation.flows import UNREACHABLE_TRIGGERS, StateSpec
from bot.conversation.lexicon import Command
from bot.conversation.statuses import Status
from bot.conversation.types import AreaAnswer, Conversation, PaperAnswers, Reply, Text

if TYPE_CHECKING:
    from bot.conversation.engine import Engine


@dataclass
class _Model:
    """The per-turn model the shared Machine moves; conditions are read from its attributes."""

    state: str
    low_rating: bool = False
    editing: bool = False


class Turn:
    """One turn's working memory: the conversation being changed, replies and events so far."""

    def __init__(self, engine: Engine, conv: Conversation):
        self.engine = engine
        self.conv = conv
        self.flow = engine.flows[conv.flow]
        self.replies: list[Reply] = []
        self.events: list[ev.Event] = []

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

    def paper(self, sheet: PaperAnswers) -> None:
        """Staff typed in the paper sheet: every area's answer, concerns as by SMS, and the conversation is done."""
        if "paper" not in self.flow.triggers[self.conv.state]:
            return  # the flow does not take paper answers here (the service refuses before asking)
        wheel, lexicon = self.engine.wheel, self.engine.lexicon
        for area in wheel.areas:
            rating, comment = sheet.answers.get(area, (None, None))
            self.conv.answers[area] = AreaAnswer(rating=rating, comment=comment)
            self.events.append(ev.AnswerGiven(area, rating, comment, source="paper"))
            if area == wheel.concern_area and rating is not None and rating <= wheel.concern_max:
                self.events.append(ev.ConcernRaised(area, "low_rating"))
            if comment and lexicon.has_danger(comment):
                self.events.append(ev.ConcernRaised(area, "danger_words"))
        self.conv.matters_most = sheet.matters_most
        self.events.append(ev.MattersMostGiven(sheet.matters_most))
        self.conv.sharing = sheet.sharing or wheel.sharing_default
        self.events.append(ev.SharingChosen(self.conv.sharing))
        if sheet.matters_most and lexicon.has_danger(sheet.matters_most):
            self.events.append(ev.ConcernRaised(None, "danger_words"))
        self.fire("paper", quiet=True)

    def text(self, inbound: Text) -> None:
        body = inbound.body
        danger = self.engine.lexicon.has_danger(body)
        if self.spec.final:
            self.after_end(inbound, danger)
            return
        if danger:
            self.concern(self.spec.area, "danger_words")
        if self.conv.menu == "language" and self.choose_language(body):
            return
        self.conv.menu = None
        command = self.engine.lexicon.command(body, self.conv.lang)
        if command and (self.spec.expects != "start" or command.name in ("help", "stop", "language")):
            self.command(command)
        else:
            self.answer(body)

    def after_end(self, inbound: Text, danger: bool) -> None:
        """A message after the end: staff still see danger; a reply only where the flow allows one."""
        if danger:
            self.events.append(ev.ConcernRaised(None, "danger_words"))
            if self.spec.after:  # not after STOPP: nothing is ever sent then
                self.replies.append(Reply("common.safety"))
        today = inbound.today.isoformat()
        if self.spec.after and self.conv.after_end_replied != today:
            self.conv.after_end_replied = today
            self.replies.append(Reply(self.spec.after))

    def command(self, command: Command) -> None:
        if command.name == "help":
            self.replies.append(Reply(self.spec.help or "common.help_text"))
        elif command.name == "stop":
            self.fire("stop")
        elif command.name == "language":
            self.conv.menu = "language"
            self.replies.append(self.engine.language_menu())
        elif command.name == "skip" and self.spec.expects in ("rating", "followup", "text", "sharing"):
            self.record(None, None)
            self.fire("answer")
        elif command.name == "change" and command.number is None and self.spec.expects == "confirm":
            self.replies.append(Reply("common.reask_readback"))
        elif command.name == "change" and command.number is not None:
            items = self.engine.wheel.readback_items
            trigger = f"change_{items[command.number - 1]}" if 1 <= command.number <= len(items) else ""
            if not self.fire(trigger):
                self.not_here()
            else:
                self.conv.editing = True
        elif not self.fire(command.name):
            self.not_here()

    def not_here(self) -> None:
        self.replies.append(Reply("common.not_here"))
        self.replies += self.engine.prompts(self.flow, self.conv)

    def choose_language(self, body: str) -> bool:
        rating = self.engine.lexicon.rating(body, self.conv.lang, 1, len(self.engine.languages))
        if rating is None or rating.comment:
            return False
        self.conv.menu = None
        self.conv.lang = self.engine.languages[rating.value - 1]
        self.events.append(ev.LanguageChanged(self.conv.lang))
        if self.spec.expects == "start":
            self.fire("start")  # choosing a language is a reply: it starts the conversation
        else:
            self.replies += self.engine.prompts(self.flow, self.conv)
        return True

    def answer(self, body: str) -> None:
        expects = self.spec.expects
        lexicon = self.engine.lexicon
        if expects == "start":
            self.fire("start")
        elif expects in ("yes_no", "confirm"):
            said = lexicon.yes_no(body, self.conv.lang)
            if said is True or (said is False and expects == "yes_no"):
                self.fire("yes" if said else "no")
            else:
                self.reask("common.reask_yes_no" if expects == "yes_no" else "common.reask_readback")
        elif expects == "rating":
            wheel = self.engine.wheel
            rating = lexicon.rating(body, self.conv.lang, wheel.scale_min, wheel.scale_max)
            if rating is None:
                self.reask("common.reask_rating" if self.conv.retries == 0 else "common.reask_rating_skip")
            else:
                self.record(rating.value, rating.comment)
                self.fire("answer", low_rating=rating.value <= wheel.followup_max)
        elif expects == "sharing":
            choices = self.engine.wheel.sharing_choices
            number = lexicon.choice(body, self.conv.lang, len(choices))
            if number is None:
                self.reask("common.reask_sharing")
            else:
                self.record(None, choices[number - 1])
                self.fire("answer")
        elif body.strip():
            self.record(None, body.strip())
            self.fire("answer")
        else:
            self.reask("common.reask_text")

    def reask(self, key: str) -> None:
        self.conv.retries += 1
        self.replies.append(Reply(key))

    def record(self, rating: int | None, text: str | None) -> None:
        """Store the answer to the current question (None, None = skipped; sharing: the choice in `text`)."""
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
        # A new rating keeps the earlier comment unless it brings its own; skipping clears both.
        answer.comment = text if text or rating is None else answer.comment
        self.events.append(ev.AnswerGiven(spec.area, rating, answer.comment))
        wheel = self.engine.wheel
        if spec.area == wheel.concern_area and rating is not None and rating <= wheel.concern_max:
            self.concern(spec.area, "low_rating")

    def concern(self, area: str | None, kind: str) -> None:
        self.events.append(ev.ConcernRaised(area, kind))
        if Reply("common.safety") not in self.replies:
            self.replies.insert(0, Reply("common.safety"))

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
        if after.status != before.status:
            self.events.append(ev.StatusChanged(after.status))
        if not quiet:
            self.replies += self.engine.prompts(self.flow, self.conv)
        return True
