"""What each simulated participant writes: a complete youth conversation, with help, back and duplicates.

Rule: deterministic per participant (a seeded RNG), and every script ends the conversation `completed`;
`ratings` is what the stored answers must be afterwards (the last rating sent for each area).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bot.conversation import Conversation, Engine, Step, Text

LANGUAGE_MIX = (("sv", 0.8), ("en", 0.2))
P_HELP, P_BACK, P_DUPLICATE, P_WORDS = 0.08, 0.06, 0.05, 0.25
RATING_WEIGHTS = {2: 1, 3: 3, 4: 4, 5: 3}  # a 2 gets the follow-up question; 1 is never sent on `safe`


@dataclass(frozen=True)
class Words:
    """The commands and free texts a participant writes in one language."""

    hello: str
    yes: str
    help: str
    back: str
    comments: tuple[str, ...]
    followups: tuple[str, ...]
    matters: tuple[str, ...]


WORDS = {
    "sv": Words("hej", "ja", "hjälp", "tillbaka",
                ("jag har bra kompisar", "fotboll på tisdagar", "det är lugnt", "mest bra"),
                ("Mer hjälp med matten", "Att någon lyssnar", "Kanske prata med mentorn"),
                ("Skolan och kompisarna", "Att få bestämma mer själv", "Fritiden")),
    "en": Words("hi", "yes", "help", "back",
                ("I have good friends", "football on tuesdays", "it is fine", "mostly good"),
                ("More help with maths", "Someone who listens", "Talking to my mentor"),
                ("School and friends", "Deciding more myself", "Free time")),
}


@dataclass(frozen=True)
class Turn:
    """One inbound SMS; `duplicate` re-sends the previous one with the same MessageSid (Twilio's retry)."""

    body: str
    duplicate: bool = False


@dataclass
class Script:
    """One participant's whole conversation."""

    phone: str
    lang: str
    turns: list[Turn] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)

    def bodies(self) -> list[str]:
        """What the engine sees: each message once (a duplicate is answered from the stored reply)."""
        return [turn.body for turn in self.turns if not turn.duplicate]


def replay(engine: Engine, conv: Conversation, bodies: Iterable[str], today: dt.date) -> Iterator[tuple[str, Step]]:
    """Feed each body to the engine in turn, carrying the conversation along; yields (body, step)."""
    for body in bodies:
        step = engine.step(conv, Text(body, today))
        conv = step.conversation
        yield body, step


def language(n: int, seed: int = 0) -> str:
    """The language participant n is invited in."""
    rng = random.Random(f"lang:{seed}:{n}")
    return rng.choices([lang for lang, _ in LANGUAGE_MIX], [w for _, w in LANGUAGE_MIX])[0]


def youth_script(phone: str, lang: str, areas: tuple[str, ...], seed: int) -> Script:
    """A complete youth conversation: start, consent, eight ratings (follow-ups), matters most, sharing, confirm."""
    rng = random.Random(f"script:{seed}:{phone}")
    words = WORDS[lang]
    script = Script(phone, lang)
    sent: list[Turn] = []
    if rng.random() < P_HELP:
        sent.append(Turn(words.help))
    sent += [Turn(words.hello), Turn(words.yes)]
    for i, area in enumerate(areas):
        if rng.random() < P_HELP:
            sent.append(Turn(words.help))
        if i > 0 and rng.random() < P_BACK:  # TILLBAKA: the previous area's question again, re-answered
            again = rng.randint(3, 5)
            sent += [Turn(words.back), Turn(str(again))]
            script.ratings[areas[i - 1]] = again
        rating = rng.choices(list(RATING_WEIGHTS), list(RATING_WEIGHTS.values()))[0]
        body = f"{rating} {rng.choice(words.comments)}" if rng.random() < P_WORDS else str(rating)
        sent.append(Turn(body))
        script.ratings[area] = rating
        if rating <= 2:
            sent.append(Turn(rng.choice(words.followups)))
    sent += [Turn(rng.choice(words.matters)), Turn(rng.choice(("1", "2", "3"))), Turn(words.yes)]
    for turn in sent:
        script.turns.append(turn)
        if rng.random() < P_DUPLICATE:
            script.turns.append(Turn(turn.body, duplicate=True))
    return script
