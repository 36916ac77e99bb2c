"""`flows check` and `flows report`: every text key in every locale, same placeholders, not stale, within budget.

Rule: a message is measured as it is sent, rendered with worst-case parameters (longest area name, longest
date, the longest organisation name allowed). Budgets per language follow its SMS alphabet in
locales/status.yml: GSM-7 languages (sv, en, fi, so) one GSM-7 segment per message, UCS-2 languages (ar,
prs, ti, uk) two segments, measured with what was understood ("Du svarade 5.") leading every message it can
lead. The read-back (eight lines and an excerpt) may take READBACK_SEGMENTS; the language menu names every
language in its own script, so it is UCS-2 in every language and may take two; the consent and the reply to
a disclosure may take LONG_SEGMENTS (two GSM-7, three UCS-2).
A guardian variant of a shared text (`guardian.shared.X` of `common.X`, `guardian.shared.questions.X` of
`questions.X`, bot/texts/roles.py) is measured as a guardian gets it, on the budget of the shared text; which
languages have which variants: bot/texts/role_check.py. The paper sheet's keys are printed, never sent: no
budget, no LIX (bot/texts/sheet_keys.py).
Swedish also keeps LIX <= 30 for youth and shared messages and <= 35 for guardian messages. Bilingual mode
sends two SMS per message (bot/texts/bilingual.py); its budgets are in bot/texts/cost.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.conversation import ROLES, AreaAnswer, Conversation, Engine, Reply, engine_keys
from bot.conversation.turn import UNDERSTOOD
from bot.conversation.types import Param
from bot.texts.bilingual import LEGEND_KEY, SWEDISH_ONLY_KEYS, swedish_half
from bot.texts.catalogue import SOURCE_LANGUAGE, TRY_AGAIN_KEY, UNKNOWN_NUMBER_KEY, Texts
from bot.texts.lix import lix
from bot.texts.role_check import role_problems
from bot.texts.roles import VARIANT_ROLE, is_variant, shared_key, variant_key
from bot.texts.segments import sms_cost
from bot.texts.sheet_keys import is_sheet_key, sheet_keys
from bot.texts.sources import sources_path

EDGE_KEYS = (UNKNOWN_NUMBER_KEY, TRY_AGAIN_KEY)
SIGNED_KEY = "common.signed"  # an invitation signed with staff's first name (bot/services/invitation.py)
ORG_NAME_MAX = 24  # an organisation's name is sent in the invitation: at most this many GSM-7 units
SAMPLE_ORG = "Katrineholms kommun Flen"
SAMPLE_TEXT = "Att jag får vara med och bestämma mer om min fritid och mina kompisar."
SEGMENTS = {"GSM-7": 1, "UCS-2": 2}
READBACK_SEGMENTS = {"GSM-7": 2, "UCS-2": 4}
# The consent (who reads, who sees what, what a worrying answer leads to, NO, skip, stop) and the reply to a
# disclosure (thanks, what happens next, help numbers, the pause) say more than a question does.
LONG_KEYS = ("youth.consent", "guardian.consent", "youth.disclosure", "guardian.disclosure")
LONG_SEGMENTS = {"GSM-7": 2, "UCS-2": 3}
MENU_KEY = "common.language_menu"
MENU_SEGMENTS = 2
LIX_BUDGET = {"guardian": 35}
LIX_DEFAULT = 30


@dataclass(frozen=True)
class Row:
    """One message in one language, as it would be sent."""

    lang: str
    key: str
    text: str
    chars: int
    encoding: str
    segments: int
    lix: float
    alphabet: str = "GSM-7"  # the language's SMS alphabet (locales/status.yml)

    @property
    def readback(self) -> bool:
        """Whether this is the read-back (allowed READBACK_SEGMENTS)."""
        return self.key.endswith(".readback")

    @property
    def budget(self) -> tuple[str | None, int]:
        """(the alphabet the message must stay in, or None for any; its most segments). A role's variant
        has the budget of the shared text it stands for."""
        key = shared_key(self.key)
        if key == MENU_KEY:
            return None, MENU_SEGMENTS
        if self.readback:
            return self.alphabet, READBACK_SEGMENTS[self.alphabet]
        if key in LONG_KEYS:
            return self.alphabet, LONG_SEGMENTS[self.alphabet]
        return self.alphabet, SEGMENTS[self.alphabet]

    def problems(self) -> list[str]:
        """Budget breaches: segments and alphabet in every language, LIX in Swedish."""
        out = []
        alphabet, limit = self.budget
        if (alphabet == "GSM-7" and self.encoding != "GSM-7") or self.segments > limit:
            out.append(f"{self.lang} {self.key}: {self.segments} {self.encoding} segments "
                       f"(budget {limit} {alphabet or 'any'})")
        if self.lang == SOURCE_LANGUAGE:
            lix_max = LIX_BUDGET.get(self.key.split(".")[0], LIX_DEFAULT)
            if self.lix > lix_max:
                out.append(f"{self.lang} {self.key}: LIX {self.lix:.0f} (budget {lix_max})")
        return out


def longest_date(texts: Texts, lang: str) -> dt.date:
    """The date whose long form is longest in `lang` (worst case for an invitation)."""
    dates = [dt.date(2026, month, 28) for month in range(1, 13)]
    return max(dates, key=lambda d: len(texts.format_date(d, lang)))


def sample_params(texts: Texts, engine: Engine, key: str, lang: str) -> dict[str, Param]:
    """Worst-case parameters for a message key."""
    names = texts.placeholders(SOURCE_LANGUAGE, key)
    areas = engine.wheel.areas
    longest_area = max(areas, key=lambda a: len(texts.render(Reply(f"area.{a}"), lang)))
    values: dict[str, Param] = {
        "org": SAMPLE_ORG[:ORG_NAME_MAX],
        "date": longest_date(texts, lang),
        "n": len(areas),
        "total": len(areas),
        "area": Reply(f"area.{longest_area}"),
        "matters_most": engine.excerpt(SAMPLE_TEXT),
        "rating": engine.wheel.scale_max,
        "low": engine.wheel.scale_max - 1,  # a choice between two ratings ("4 eller 5?")
        "high": engine.wheel.scale_max,
    }
    if key == "common.language_menu":
        values["lines"] = engine.language_menu().params["lines"]
    else:
        choices = engine.wheel.sharing_choices
        longest_choice = max(choices, key=lambda c: len(texts.render(Reply(f"common.sharing.{c}"), lang)))
        full = Conversation(flow="youth", state="readback", lang=lang, sharing=longest_choice,
                            answers={a: AreaAnswer(rating=engine.wheel.scale_max) for a in areas})
        values["lines"] = engine.readback_lines(full, engine.flows["youth"])
    return {name: values[name] for name in names if name in values}


def sample_reply(texts: Texts, engine: Engine, key: str, lang: str) -> Reply:
    """A message key as a reply with worst-case parameters (the read-back legend: a full read-back's), led by
    what was understood where a rating read from words can lead it, as the role it is for reads it. A role's
    variant (`guardian.shared.X`): the shared reply as that role reads it."""
    if is_variant(key):
        return replace(sample_reply(texts, engine, shared_key(key), lang), role=VARIANT_ROLE)
    if key == LEGEND_KEY:
        readback = f"{next(iter(engine.flows.values())).texts}.readback"
        return swedish_half(sample_reply(texts, engine, readback, lang))
    lead = Reply(UNDERSTOOD, {"rating": engine.wheel.scale_max}) if key in engine.understood_keys else None
    role = key.split(".", 1)[0]  # a role's own message is read by that role (its lead in that role's form)
    return Reply(key, sample_params(texts, engine, key, lang), lead=lead, role=role if role in ROLES else None)


def message_keys(texts: Texts, engine: Engine, lang: str) -> list[str]:
    """The message keys `lang` has, each role's variant after the shared key it stands for."""
    keys = [k for k in engine_keys(engine)["messages"] + list(EDGE_KEYS) + [LEGEND_KEY] if not is_sheet_key(k)]
    catalog = texts.catalogs[lang]
    out = []
    for key in sorted(keys):
        if key in catalog:
            out.append(key)
            variant = variant_key(key)
            if variant is not None and variant in catalog:
                out.append(variant)
    return out


def report(texts: Texts, engine: Engine) -> list[Row]:
    """Every message key in every language, rendered and measured (a role's variant as that role gets it)."""
    rows = []
    for lang in texts.languages:
        for key in message_keys(texts, engine, lang):
            text = texts.render(sample_reply(texts, engine, key, lang), lang)
            cost = sms_cost(text)
            alphabet = texts.status.get(lang, {}).get("sms", "GSM-7")
            rows.append(Row(lang, key, text, len(text), cost.encoding, cost.segments, round(lix(text), 1),
                            alphabet))
    return rows


def check(texts: Texts, engine: Engine) -> list[str]:
    """Every problem with the locales against the flows: keys, placeholders, rendering, budgets."""
    required = engine_keys(engine)
    needed = (set(required["messages"]) | set(required["fragments"]) | set(EDGE_KEYS) | set(sheet_keys(engine))
              | {SIGNED_KEY})
    source = texts.catalogs[SOURCE_LANGUAGE]
    problems = [f"{SOURCE_LANGUAGE}: unused key {k}" for k in sorted(set(source) - needed - set(SWEDISH_ONLY_KEYS))]
    problems += [f"{SOURCE_LANGUAGE}: missing key {k}" for k in SWEDISH_ONLY_KEYS if k not in source]
    for lang, catalog in texts.catalogs.items():
        if texts.status and lang not in texts.status:
            problems.append(f"{lang}: not in status.yml (review status, direction and SMS alphabet)")
        problems += [f"{lang}: missing key {k}" for k in sorted(needed - set(catalog))]
        if lang != SOURCE_LANGUAGE:
            problems += [f"{lang}: extra key {k}" for k in sorted(set(catalog) - set(source)) if not is_variant(k)]
        for key in sorted(set(catalog) & set(source)):
            ours, theirs = texts.placeholders(lang, key), texts.placeholders(SOURCE_LANGUAGE, key)
            if ours != theirs:
                problems.append(f"{lang} {key}: placeholders {sorted(ours)} but {SOURCE_LANGUAGE} has "
                                f"{sorted(theirs)}")
    problems += role_problems(texts)
    for lang in texts.languages:
        if lang != SOURCE_LANGUAGE and not sources_path(texts.locales_dir, lang).exists():
            problems.append(f"{lang}: no record of the Swedish it was translated from (once it is, run "
                            f"`hjulsamtal flows stamp --lang {lang}`)")
            continue
        problems += [f"{lang} {key}: stale, its Swedish changed since it was translated (update it, then "
                     f"`hjulsamtal flows stamp --lang {lang} {key}`)" for key in texts.stale(lang)]
    if problems:
        return problems
    for row in report(texts, engine):
        if "%{" in row.text:
            problems.append(f"{row.lang} {row.key}: unfilled placeholder in {row.text!r}")
        problems += row.problems()
    return problems
