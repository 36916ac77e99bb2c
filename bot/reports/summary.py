"""What the staff summary page shows, built from the v1 export document (pure: no database, no Flask).

Rules: the youth first, then each guardian, views side by side and never merged; every text exactly as
the participant wrote it, carrying its writer's language (the template marks lang= and dir="auto" and
Jinja escapes it); an area is "talk about this" when the youth and any guardian differ by TALK_GAP or
more (unanswered areas never count); a rating of LOW_MAX or less is marked low; concerns come first, with the
time they came in when known; dates and times are written the Swedish way ("3 december 2026 kl. 16.00").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from markupsafe import Markup

from bot.reports.document import SCHEMA, ConcernTime, Translated
from bot.reports.wheel_svg import MISSING, wheel_svg
from bot.texts.catalogue import fill

TALK_GAP = 2  # youth and a guardian this far apart on an area: "talk about this"
LOW_MAX = 2  # a rating this low or lower is marked on the table (with a sign, not only a colour)
SV_DATETIME = "d MMMM yyyy 'kl.' HH.mm"  # "23 november 2026 kl. 10.05"
Detect = Callable[[str | None, str], str | None]  # (text, the participant's language) -> the language written, or None
Translations = Mapping[tuple[str, str], Translated]  # (participant id, field) -> staff's Swedish translation


@dataclass(frozen=True)
class ParticipantView:
    """One participant's column and wheel."""

    id: str
    role: str  # youth | guardian
    heading: str  # "Ungdom", "Vårdnadshavare 1"
    language: str  # the participant's language code, for lang=
    language_name: str  # in the staff language, e.g. "arabiska" (the code if unknown)
    status: str
    status_label: str
    ratings: dict[str, int | None]  # area -> rating, wheel order
    answered: int
    answered_label: str  # "5 av 8 områden besvarade"
    matters_most: str | None
    completed_at: dt.datetime | None
    wheel: Markup  # the SVG, safe to output as is
    paper_helper: str | None = None  # who helped, when the answers were typed in from the paper sheet
    tag: str = ""  # staff's nickname and the number's last digits ("mamma, nr …05"): staff view only


@dataclass(frozen=True)
class Cell:
    """One number of the table (area x participant)."""

    participant_id: str
    rating: int | None
    shown: str  # "4", "vet inte" when not known, or "–" when unanswered
    low: bool = False  # rated LOW_MAX or lower


@dataclass(frozen=True)
class Remark:
    """A comment or follow-up answer under an area, in its writer's language."""

    participant_id: str
    heading: str
    role: str
    language: str  # the language the text is written in ("" when unsure: no lang= then)
    kind: str  # comment | followup
    kind_label: str
    text: str
    language_name: str = ""  # in the staff language, e.g. "arabiska"; "" when unsure
    field: str = ""  # where its translation is stored ("safe.comment")
    translatable: bool = False  # not (known to be) Swedish, in a conversation in another language
    translation: Translated | None = None


@dataclass(frozen=True)
class AreaView:
    """One area: its row of the table and its remarks."""

    area: str
    label: str
    cells: tuple[Cell, ...]  # in participant order
    talk_about: bool
    remarks: tuple[Remark, ...]


@dataclass(frozen=True)
class MattersMost:
    """What one participant said matters most at the meeting."""

    participant_id: str
    heading: str
    role: str
    language: str  # the language it is written in ("" when unsure)
    text: str
    language_name: str = ""
    field: str = "matters_most"
    translatable: bool = False
    translation: Translated | None = None


@dataclass(frozen=True)
class ConcernView:
    """A concern for the box at the top: who, which area, why, and when it came in (None if unknown)."""

    participant_id: str
    heading: str
    role: str
    area: str | None
    area_label: str | None
    kind: str
    kind_label: str
    at: dt.datetime | None  # in the summary's time zone
    at_text: str | None  # "23 november 2026 kl. 10.05"


@dataclass(frozen=True)
class SummaryView:
    """Everything the summary page shows, in the order it shows it."""

    meeting_id: str
    org: str
    date: dt.date
    date_text: str  # "10 december 2026"
    meeting_label: str  # "Möte 10 december 2026"
    participants: tuple[ParticipantView, ...]
    concerns: tuple[ConcernView, ...]  # oldest first; unknown times last
    matters_most: tuple[MattersMost, ...]  # youth first, then guardians
    areas: tuple[AreaView, ...]  # wheel order
    talk_about: tuple[str, ...]  # area ids, wheel order


def differs(youth: int | None, guardian: int | None, gap: int = TALK_GAP) -> bool:
    """True when both answered and the ratings are at least `gap` apart."""
    return youth is not None and guardian is not None and abs(youth - guardian) >= gap


def talk_about_areas(participants: Sequence[Mapping[str, Any]], areas: Sequence[str],
                     gap: int = TALK_GAP) -> tuple[str, ...]:
    """Areas (in wheel order) where a youth and any guardian of the v1 `participants` differ by `gap`+."""
    youths = [p for p in participants if p["role"] == "youth"]
    guardians = [p for p in participants if p["role"] == "guardian"]
    return tuple(
        area for area in areas
        if any(differs(y["areas"][area]["rating"], g["areas"][area]["rating"], gap)
               for y in youths for g in guardians)
    )


def summary_view(document: Mapping[str, Any], labels: Mapping[str, str], staff: Mapping[str, str], *,
                 areas: Sequence[str] | None = None,
                 concern_times: Mapping[str, Sequence[ConcernTime]] | None = None,
                 tz: dt.tzinfo = dt.UTC, lang: str = "sv", scale_max: int = 5,
                 time: dt.time | None = None, tags: Mapping[str, str] | None = None,
                 detect: Detect | None = None, translations: Translations | None = None) -> SummaryView:
    """The summary page's content from a `hjulsamtal.meeting.v1` document.

    labels: area id -> area name (locales/<lang>.yml `area.*`); staff: flat staff texts with the
    `staff.summary.*` keys of locales/staff/summary.sv.yml; areas: wheel order (default: labels' order);
    concern_times: from concerns.concern_times() (without it, concerns have no time); tz: the time zone
    times are shown in; lang: the staff language for dates and language names; scale_max: the top
    rating (flows/wheel.yaml `scale.max`); time: the meeting's time of day, if it has one; tags: participant
    id -> how staff tell them apart (nickname, last digits), shown beside the heading; detect: which language a
    text is written in (None: unsure, and no language is named; without it, the language answered in);
    translations: staff's Swedish translations by (participant id, field).
    Raises ValueError for another schema, KeyError for a missing staff text.
    """
    if document.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document")
    order = tuple(labels) if areas is None else tuple(areas)
    raw = sorted(document["participants"], key=lambda p: p["role"] != "youth")  # stable: guardians keep order
    headings = _headings(raw, staff)
    talk = talk_about_areas(raw, order)
    people = tuple(replace(_participant(p, i, headings[i], order, labels, staff, talk, lang, scale_max),
                           tag=(tags or {}).get(p["id"], ""))
                   for i, p in enumerate(raw))
    meeting = document["meeting"]
    date = dt.date.fromisoformat(meeting["date"])
    date_text = format_date(date, format="long", locale=lang)
    return SummaryView(
        meeting_id=meeting["id"], org=meeting["org"], date=date, date_text=date_text,
        meeting_label=(_label(staff, "meeting_at", date=date_text, time=f"{time.hour:02d}.{time.minute:02d}")
                       if time else _label(staff, "meeting", date=date_text)),
        participants=people,
        concerns=_concerns(raw, headings, labels, staff, concern_times or {}, tz, lang),
        matters_most=tuple(MattersMost(v.id, v.heading, v.role, *_written(v.matters_most, v.language, detect, staff,
                                                                        lang, translations, v.id, "matters_most"))
                           for v in people if v.matters_most and v.matters_most.strip()),
        areas=tuple(_area(area, labels[area], raw, people, staff, area in talk, lang, detect, translations)
                    for area in order),
        talk_about=talk,
    )


def _label(staff: Mapping[str, str], key: str, **params: object) -> str:
    """The staff text `staff.summary.<key>` with its placeholders filled (KeyError if it is missing)."""
    return fill(staff[f"staff.summary.{key}"], params)


def _headings(raw: Sequence[Mapping[str, Any]], staff: Mapping[str, str]) -> list[str]:
    """"Ungdom", "Vårdnadshavare" - numbered only when a role occurs more than once."""
    counts = {role: sum(p["role"] == role for p in raw) for role in {p["role"] for p in raw}}
    seen: dict[str, int] = {}
    headings = []
    for p in raw:
        role = p["role"]
        seen[role] = seen.get(role, 0) + 1
        headings.append(_label(staff, f"role.{role}_n", n=seen[role]) if counts[role] > 1
                        else _label(staff, f"role.{role}"))
    return headings


def _participant(p: Mapping[str, Any], index: int, heading: str, order: Sequence[str],
                 labels: Mapping[str, str], staff: Mapping[str, str], talk: Sequence[str],
                 lang: str, scale_max: int) -> ParticipantView:
    ratings = {area: p["areas"][area]["rating"] for area in order}
    answered = sum(r is not None for r in ratings.values())
    completed = p.get("completed_at")
    return ParticipantView(
        id=p["id"], role=p["role"], heading=heading, language=p["language"],
        language_name=language_name(p["language"], staff, lang),
        status=p["status"], status_label=staff.get(f"staff.summary.status.{p['status']}", p["status"]),
        ratings=ratings, answered=answered,
        answered_label=_label(staff, "answered", n=answered, total=len(order)),
        matters_most=p.get("matters_most"),
        completed_at=dt.datetime.fromisoformat(completed) if completed else None,
        wheel=wheel_svg(ratings, labels, heading, areas=order, highlight=talk, svg_id=f"wheel-{index}",
                        scale_max=scale_max, missing_label=_label(staff, "no_answer")),
        paper_helper=(p.get("paper") or {}).get("helper"),
    )


def language_name(code: str, staff: Mapping[str, str], lang: str) -> str:
    """The language's name for staff: locales/staff first, then CLDR (Babel), else the code itself."""
    own = staff.get(f"staff.summary.language.{code}")
    return own or Locale.parse(lang).languages.get(code) or code


def _written(text: str, answered_in: str, detect: Detect | None, staff: Mapping[str, str], lang: str,
             translations: Translations | None, participant_id: str, field: str
             ) -> tuple[str, str, str, str, bool, Translated | None]:
    """(language written, text, its name, field, translatable, translation) of one answer: the language as
    `detect` finds it ("" and no name when unsure), else the language it was answered in."""
    written = detect(text, answered_in) if detect else answered_in
    name = language_name(written, staff, lang) if written else ""
    return (written or "", text, name, field, written != "sv" and answered_in != "sv",
            (translations or {}).get((participant_id, field)))


def _area(area: str, area_label: str, raw: Sequence[Mapping[str, Any]], people: Sequence[ParticipantView],
          staff: Mapping[str, str], talk: bool, lang: str = "sv", detect: Detect | None = None,
          translations: Translations | None = None) -> AreaView:
    cells = tuple(Cell(v.id, rating, _shown(rating, p["areas"][area].get("dont_know"), staff),
                       low=rating is not None and rating <= LOW_MAX)
                  for p, v in zip(raw, people, strict=True) for rating in (v.ratings[area],))
    remarks = []
    for p, v in zip(raw, people, strict=True):
        written_in = (p.get("answer_languages") or {}).get(area) or v.language
        for kind in ("comment", "followup"):
            text = p["areas"][area][kind]
            if text and text.strip():
                language, _, name, field, translatable, translation = _written(
                    text, written_in, detect, staff, lang, translations, v.id, f"{area}.{kind}")
                remarks.append(Remark(v.id, v.heading, v.role, language, kind, _label(staff, f"comments.{kind}"),
                                      text, name, field, translatable, translation))
    return AreaView(area=area, label=area_label, cells=cells, talk_about=talk, remarks=tuple(remarks))


def _shown(rating: int | None, dont_know: bool | None, staff: Mapping[str, str]) -> str:
    """A rating as the table shows it: the number, "vet inte" when the participant did not know, else a dash."""
    if rating is not None:
        return str(rating)
    return _label(staff, "dont_know") if dont_know else MISSING


def _concerns(raw: Sequence[Mapping[str, Any]], headings: Sequence[str], labels: Mapping[str, str],
              staff: Mapping[str, str], times: Mapping[str, Sequence[ConcernTime]], tz: dt.tzinfo,
              lang: str) -> tuple[ConcernView, ...]:
    found = []
    for p, heading in zip(raw, headings, strict=True):
        known = list(times.get(p["id"], ()))
        for i, c in enumerate(p["concerns"]):
            match = known[i] if i < len(known) else None
            at = match.at.astimezone(tz) if match and (match.area, match.kind) == (c["area"], c["kind"]) else None
            area, kind = c["area"], c["kind"] or ""
            found.append(ConcernView(
                participant_id=p["id"], heading=heading, role=p["role"], area=area,
                area_label=labels.get(area) if area else None, kind=kind,
                kind_label=staff.get(f"staff.summary.concerns.kind.{kind}", kind),
                at=at, at_text=format_datetime(at, SV_DATETIME, tzinfo=tz, locale=lang) if at else None,
            ))
    return tuple(sorted(found, key=lambda c: (c.at is None, c.at or dt.datetime.min.replace(tzinfo=dt.UTC))))
