"""The SMS cost table: outbound segments per completed conversation, per language and role.

Rule: the app's own engine, texts and segment counter (bot.services.runtime.load_texts_and_engine, engine.begin and
step, texts.render, bot.texts.segments.sms_cost), with worst-case inputs: the longest organisation name allowed,
the longest date of each language and a "matters most" long enough to be cut in the read-back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.conversation import Engine
from bot.services.meetings import ORG_NAME_MAX, ROLES
from bot.services.runtime import load_texts_and_engine
from bot.texts.catalogue import Texts
from bot.texts.check import LONG_KEYS, SAMPLE_ORG, SAMPLE_TEXT, longest_date, report
from bot.texts.segments import sms_cost

from .scripts import WORDS, replay

TODAY = dt.date(2026, 9, 1)
FOLLOWUP_AREA = 1  # the second area (a low rating on the first one also sends help numbers)


@dataclass(frozen=True)
class PathCost:
    """One conversation path's outbound messages."""

    lang: str
    role: str
    path: str  # "happy" | "one follow-up"
    messages: int
    segments: int
    max_segments: int
    encodings: str
    completed: bool


def _inputs(engine: Engine, lang: str, followup: bool) -> list[str]:
    words = WORDS.get(lang, WORDS["en"])
    ratings = []
    for i in range(len(engine.wheel.areas)):
        low = followup and i == FOLLOWUP_AREA
        ratings += ["2", words.followups[0]] if low else ["4"]
    return [words.hello, words.yes, *ratings, SAMPLE_TEXT, words.yes]


def path_cost(texts: Texts, engine: Engine, lang: str, role: str, followup: bool) -> PathCost:
    """Play one path from the invitation to the thanks and count what is sent."""
    step = engine.begin(role, lang, org=SAMPLE_ORG[:ORG_NAME_MAX], date=longest_date(texts, lang))
    bodies = [texts.render(r, lang) for r in step.replies]
    conv = step.conversation
    for _, step in replay(engine, conv, _inputs(engine, lang, followup), TODAY):
        conv = step.conversation
        bodies += [texts.render(r, conv.lang) for r in step.replies]
    costs = [sms_cost(b) for b in bodies]
    return PathCost(lang, role, "one follow-up" if followup else "happy", len(bodies),
                    sum(c.segments for c in costs), max(c.segments for c in costs),
                    "+".join(sorted({c.encoding for c in costs})), conv.state == "completed")


def cost_table() -> tuple[list[PathCost], list[str]]:
    """Every language x role x path, and every UCS-2 prompt over two segments.

    The read-back is not a prompt: it repeats all eight answers, and its budget is the read-back's own
    (bot/texts/check.py: 4 UCS-2 segments); the consent and the reply to a disclosure have theirs (LONG_KEYS:
    3 UCS-2 segments, issue 12), enforced by `flows check` and the tests like every other budget."""
    texts, engine = load_texts_and_engine()
    rows = [path_cost(texts, engine, lang, role, followup)
            for lang in texts.languages for role in ROLES for followup in (False, True)]
    too_long = [f"{r.lang} {r.key}: {r.segments} UCS-2 segments" for r in report(texts, engine)
                if r.encoding == "UCS-2" and r.segments > 2 and not r.readback and r.key not in LONG_KEYS]
    return rows, too_long
