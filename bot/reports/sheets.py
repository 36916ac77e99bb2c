"""Render the paper question sheet and the translation review page as printable A4 HTML.

Rule: participant texts come from locales/<lang>.yml: the sheet has its own paper wording (`sheet.*`: "circle a
number", not "answer 1-5") asking the same questions as the SMS; staff texts come from the staff catalogue
(locales/staff/lang.sv.yml) and only onto staff pages: the sheet is the family's copy and says nothing for staff
(no review status, no language code). Every page sets lang and dir on the document and on each text in another
language, so right-to-left text reads right in print and on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.conversation import ROLES, Engine, Reply
from bot.reports.wheel import (
    RING_NUMBER_SIZE,
    SHEET_CX,
    SHEET_CY,
    SHEET_HEIGHT,
    SHEET_WIDTH,
    fmt,
    ring_numbers,
    rings,
    sectors,
)
from bot.reports.wheel_svg import FONT_FAMILY
from bot.texts.bilingual import SWEDISH_ONLY_KEYS
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.check import MENU_KEY, READBACK_SEGMENTS, SEGMENTS, report
from bot.texts.languages import (
    LanguageError,
    LanguageStatus,
    Offering,
    language_statuses,
    offered_languages,
    resolve_language,
)
from bot.texts.reviews import Review
from bot.texts.roles import variant_key
from bot.texts.sheet_keys import is_sheet_key
from bot.texts.staff import staff_texts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class SheetError(ValueError):
    """A page cannot be made (unknown language or role); the message is one line."""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["font_family"] = FONT_FAMILY  # one font stack for the printed pages and the wheels
    return env


def language_choices(texts: Texts, org: Offering | None = None,
                     statuses: Mapping[str, LanguageStatus] | None = None) -> list[tuple[str, str, str]]:
    """(code, label, dir) for each language staff may pick (those the organisation offers, if given),
    labelled with its own name and review status: ("ar", "العربية (ar), utkast", "rtl"). `statuses`: the
    effective review statuses (default: the files' alone)."""
    t = staff_texts()
    statuses = statuses if statuses is not None else language_statuses(texts)
    codes = offered_languages(org, texts, statuses) if org is not None else texts.languages
    return [(code, t("lang.label", name=statuses[code].name, code=code,
                     status=t(f"lang.short.{statuses[code].status}")),
             statuses[code].direction) for code in codes]


@dataclass(frozen=True)
class Bilingual:
    """A text in the page's language and, on bilingual sheets, its Swedish text (None otherwise)."""

    text: str
    swedish: str | None


def _resolve(texts: Texts, code: str) -> str:
    try:
        return resolve_language(texts, code)
    except LanguageError as exc:
        raise SheetError(str(exc)) from None


def render_sheet(texts: Texts, engine: Engine, lang: str, role: str = "youth", bilingual: bool = False) -> str:
    """The paper question sheet, the family's copy: the empty wheel to colour and the questions in paper
    wording (sheet.*: circle a number, write a few words), in `lang` (then Swedish). Two A4 pages. Nothing
    for staff on it: no review status, no language code, no key."""
    if role not in ROLES:
        raise SheetError(f"role must be one of {', '.join(ROLES)}")
    lang = _resolve(texts, lang)
    status = language_statuses(texts)[lang]
    both = bilingual and lang != SOURCE_LANGUAGE

    def say(key: str, **params: Any) -> Bilingual:
        reply = Reply(key, params)
        return Bilingual(texts.render(reply, lang), texts.render(reply, SOURCE_LANGUAGE) if both else None)

    wheel = engine.wheel
    areas = wheel.areas
    names = {area: texts.render(Reply(f"area.{area}"), lang) for area in areas}
    questions = [(n, area, say(f"area.{area}"), say(f"sheet.{role}.q.{area}"))
                 for n, area in enumerate(areas, start=1)]
    return _environment().get_template("sheets/sheet.html").render(
        lang=lang, dir=status.direction, bilingual=both,
        title=say("sheet.title"), how=say(f"sheet.{role}.how"), words=say(f"sheet.{role}.words"),
        helper=say("sheet.helper"), worst=say("sheet.worst"), best=say("sheet.best"),
        matters_most=say("sheet.matters_most"), sharing=say(f"sheet.{role}.sharing"),
        circle=say(f"sheet.{role}.circle"), give_back=say(f"sheet.{role}.give_back"),
        safety=say(f"{role}.safety"),
        choices=[(n, say(f"sheet.choice.{c}")) for n, c in enumerate(wheel.sharing_choices, start=1)],
        width=fmt(SHEET_WIDTH), height=fmt(SHEET_HEIGHT), cx=fmt(SHEET_CX), cy=fmt(SHEET_CY),
        sectors=sectors(areas, names), rings=rings(wheel.scale_max), ring_numbers=ring_numbers(wheel.scale_max),
        ring_size=RING_NUMBER_SIZE, scale=range(wheel.scale_min, wheel.scale_max + 1), questions=questions,
    )


@dataclass(frozen=True)
class ReviewRow:
    """One key of the review page: the Swedish text, the translation, and their SMS segments."""

    key: str
    swedish: str
    text: str
    segments: tuple[int, int] | None  # (Swedish, translation) as sent; None for fragments and printed texts
    printed: bool
    stale: bool = False  # the Swedish changed since this was translated (locales/sources/)
    changed: bool = False  # the translation changed since the last review (locales/reviewed/, recorded reviews)


def review_rows(texts: Texts, engine: Engine, lang: str, reviews: Sequence[Review] = ()) -> list[ReviewRow]:
    """Every key of the language, beside Swedish, with segments of the rendered message where it is sent,
    marked stale or changed since the last review (`reviews`: the recorded ones, oldest first)."""
    lang = _resolve(texts, lang)
    sent = {(r.lang, r.key): r for r in report(texts, engine) if r.lang in (lang, SOURCE_LANGUAGE)}
    stale, changed = set(texts.stale(lang)), set(texts.changed(lang, reviews))
    catalog = texts.catalogs[lang]
    rows = []
    for shared, swedish in texts.catalogs[SOURCE_LANGUAGE].items():
        if shared in SWEDISH_ONLY_KEYS and lang != SOURCE_LANGUAGE:
            continue
        variant = variant_key(shared)
        for key in (shared, variant) if variant in catalog else (shared,):  # a guardian variant beside Swedish
            own, source = sent.get((lang, key)), sent.get((SOURCE_LANGUAGE, shared))
            segments = (source.segments, own.segments) if own and source and shared != MENU_KEY else None
            rows.append(ReviewRow(key, swedish, catalog.get(key, ""), segments, is_sheet_key(key),
                                  key in stale, key in changed))
    return rows


def render_review(texts: Texts, engine: Engine, lang: str, reviews: Sequence[Review] = (),
                  status: LanguageStatus | None = None) -> str:
    """The side-by-side review page (Swedish | language, key by key, with segment counts and the keys
    changed since the last review or stale), printable. `reviews`, `status`: the recorded reviews of the
    language and its effective status (default: the files' alone)."""
    lang = _resolve(texts, lang)
    status = status or language_statuses(texts, {lang: reviews})[lang]
    t = staff_texts()
    status_text = t(f"lang.status.{status.status}")
    if status.status == "reviewed":
        status_text += " " + t("lang.reviewed_by", reviewer=status.reviewer, date=status.date)
    rows = review_rows(texts, engine, lang, reviews)
    return _environment().get_template("sheets/review.html").render(
        lang=lang, dir=status.direction, language=status, rows=rows, stale_count=sum(r.stale for r in rows),
        convention=texts.convention(lang), formal_guardians=texts.formal_guardians(lang),
        changed_count=sum(r.changed for r in rows), t=t, status_text=status_text,
        budget=t("lang.review.budget", limit=SEGMENTS[status.sms], alphabet=status.sms,
                 readback=READBACK_SEGMENTS[status.sms]),
    )
