"""What bilingual mode costs: every message as sent bilingually, measured, and a per-language summary.

Rule: measured with the same worst-case parameters as `flows report` (bot/texts/check.py); reported, never
held to the one-language budgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation import Engine
from bot.texts.bilingual import ONCE, SEPARATOR
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.check import Row, report
from bot.texts.segments import sms_cost


@dataclass(frozen=True)
class BilingualCost:
    """What bilingual mode costs in one language: segments of every message, one-language vs bilingual."""

    lang: str
    messages: int
    segments: int  # all messages once each, one language
    bilingual_segments: int  # the same, bilingual
    most: int  # the most segments one bilingual message takes
    most_key: str


def bilingual_rows(texts: Texts, engine: Engine) -> list[Row]:
    """Every message of every non-Swedish language as sent in bilingual mode, measured."""
    by_key = {(r.lang, r.key): r for r in report(texts, engine)}
    rows = []
    for (lang, key), row in by_key.items():
        if lang == SOURCE_LANGUAGE:
            continue
        text = row.text if key in ONCE else row.text + SEPARATOR + by_key[(SOURCE_LANGUAGE, key)].text
        cost = sms_cost(text)
        rows.append(Row(lang, key, text, len(text), cost.encoding, cost.segments, row.lix, row.alphabet))
    return rows


def bilingual_costs(texts: Texts, engine: Engine) -> list[BilingualCost]:
    """Per language: the cost of bilingual mode against one language, over every message."""
    mono = {(r.lang, r.key): r.segments for r in report(texts, engine)}
    every = bilingual_rows(texts, engine)
    out = []
    for lang in texts.languages[1:]:
        rows = [r for r in every if r.lang == lang]
        if not rows:
            continue
        worst = max(rows, key=lambda r: r.segments)
        out.append(BilingualCost(lang, len(rows), sum(mono[(lang, r.key)] for r in rows),
                                 sum(r.segments for r in rows), worst.segments, worst.key))
    return out
