"""`flows check` and `flows report`: every text key in every locale, same placeholders, not stale, within budget.

Rule: a message is measured as it is sent, rendered with worst-case parameters (longest area name, longest
date, the longest organisation name allowed). Budgets per language follow its SMS alphabet in
locales/status.yml: GSM-7 languages (sv, en, fi, so) one GSM-7 segment per message, UCS-2 languages (ar,
prs, ti, uk) two segments, measured with what was understood ("Du svarade 5.") leading every message it can
lead. The read-back (eight lines and an excerpt) may take READBACK_SEGMENTS; the language menu names every
language in its own script, so it is UCS-2 in every language and may take two; the consent and the reply to
a disclosure may take LONG_SEGMENTS (two GSM-7, three UCS-2).
A guardian variant of a shared text (`guardian.shared.X` of `common.X`, `guardian.shared.questions.X` of
`questions.X`, bot/texts/roles.py) is measured as a guardian gets it, on the budget of the shared text; a
language formal to guardians has one for every shared text that speaks to the reader (status.yml
`addresses_reader`), with the placeholders of the Swedish, and no other language has any.
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
from bot.texts.roles import VARIANT_ROLE, is_variant, shared_key, variant_key
from bot.texts.segments import sms_cost
from bot.texts.sources import sources_path

EDGE_KEYS = (UNKNOWN_NUMBER_KEY, TRY_AGAIN_KEY)
SIGNED_KEY = "common.signed"  # an invitation signed with staff's first name (bot/services/invitation.py)
ORG_NAME_MAX = 24  # an organisation's name is sent in the invitation: at most this many GSM-7 units
SAMPLE_ORG = "Katrineholms kommun Flen"
SAMPLE_TEXT = "Att jag får vara med och bestämma mer om min fritid och mina kompisar."
# The paper question sheet's keys (bot/reports/sheets.py): printed, never sent, so no SMS budget, no LIX.
SHEET_PREFIX = "sheet."
SHEET_COMMON = ("title", "helper", "worst", "best", "matters_most")
SHEET_PER_ROLE = ("how", "words", "circle", "give_back", "sharing")  # each role's address (du, ni, ...)
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


def is_sheet_key(key: str) -> bool:
    """Whether a key is printed on the paper sheet (never sent by SMS)."""
    return key.startswith(SHEET_PREFIX)


def sheet_keys(engine: Engine) -> list[str]:
    """Every key the paper question sheet prints: shared ones, the sharing choices, and per role its
    instructions, the sharing question and one question per area."""
    keys = [f"{SHEET_PREFIX}{k}" for k in SHEET_COMMON]
    keys += [f"{SHEET_PREFIX}choice.{c}" for c in engine.wheel.sharing_choices]
    for role in ROLES:
        keys += [f"{SHEET_PREFIX}{role}.{k}" for k in SHEET_PER_ROLE]
        keys += [f"{SHEET_PREFIX}{role}.q.{area}" for area in engine.wheel.areas]
    return keys


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


def _has_variant(key: str) -> bool:
    """Whether a key is shared and its guardian variant's key stands for it alone."""
    variant = variant_key(key)
    return variant is not None and shared_key(variant) == key


def role_problems(texts: Texts) -> list[str]:
    """Every problem with the guardian variants of shared texts (bot/texts/roles.py): a language formal to
    guardians lacks one of a text that speaks to the reader, a variant's placeholders differ from the
    Swedish, a variant stands for no shared text, or a language that says the same to everyone has one."""
    source = texts.catalogs[SOURCE_LANGUAGE]
    problems = [f"status.yml: addresses_reader names {k}, not a shared text (common.*, questions.*) of "
                f"{SOURCE_LANGUAGE}" for k in texts.addresses_reader if k not in source or not _has_variant(k)]
    problems += [f"{SOURCE_LANGUAGE}: {k}'s guardian variant would stand for {shared_key(str(variant_key(k)))} "
                 f"(bot/texts/roles.py)" for k in source if variant_key(k) is not None and not _has_variant(k)]
    for lang, catalog in texts.catalogs.items():
        formal = texts.formal_guardians(lang)
        if formal and lang == SOURCE_LANGUAGE:
            problems.append(f"{lang}: the source language has no guardian variants (formal_guardians in status.yml)")
        if formal and lang != SOURCE_LANGUAGE:
            problems += [f"{lang}: missing key {variant_key(k)} (addresses guardians formally: a guardian variant "
                         f"of {k})" for k in texts.addresses_reader
                         if k in source and variant_key(k) is not None and variant_key(k) not in catalog]
        for key in sorted(k for k in catalog if is_variant(k)):
            shared = shared_key(key)
            if shared not in source:
                problems.append(f"{lang}: extra key {key} (a guardian variant of {shared}, which is no shared text)")
            elif not formal or lang == SOURCE_LANGUAGE:
                problems.append(f"{lang}: extra key {key} (a guardian variant, but {lang} addresses everyone alike: "
                                f"no formal_guardians in status.yml)")
            elif texts.placeholders(lang, key) != texts.placeholders(SOURCE_LANGUAGE, shared):
                problems.append(f"{lang} {key}: placeholders {sorted(texts.placeholders(lang, key))} but "
                                f"{SOURCE_LANGUAGE} {shared} has {sorted(texts.placeholders(SOURCE_LANGUAGE, shared))}")
    return problems


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
