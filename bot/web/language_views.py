"""Languages as the staff pages show them: own name, direction, review status; the pickers' choices.
Rule: read-only views of bot.texts for any blueprint; no routes here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import Reply
from bot.reports.sheets import language_choices
from bot.services.overview import MeetingRow
from bot.services.reviews import effective_statuses, org_languages
from bot.store.models import PaperSheet
from bot.texts.catalogue import Texts
from bot.texts.languages import LanguageStatus, draft_languages
from bot.web.common import db, rt, t, user


@dataclass(frozen=True)
class LanguageView:
    """A language as staff pages show it: own name (in its own script and direction), code, review status."""

    code: str
    name: str
    dir: str
    status: str
    status_label: str  # "utkast", "granskad", "källtext"
    reviewer: str | None
    date: Any


def language_views(texts: Texts, statuses: dict[str, LanguageStatus] | None = None) -> dict[str, LanguageView]:
    """Every language of the app, in menu order, with its effective review status."""
    statuses = statuses if statuses is not None else effective_statuses(db(), texts)
    return {code: LanguageView(code, s.name, s.direction, s.status, t(f"lang.short.{s.status}"),
                               s.reviewer, s.date)
            for code, s in statuses.items()}


def picker_choices(texts: Texts) -> list[tuple[str, str]]:
    """(code, "العربية (ar), utkast") for each language the user's organisation offers."""
    return [(code, label) for code, label, _dir in language_choices(texts, user().org, effective_statuses(db(), texts))]


def offered_now(texts: Texts) -> tuple[str, ...]:
    """The languages the user's organisation offers now (drafts only if it accepts unreviewed texts)."""
    return org_languages(db(), texts, user().org)


def picker_note(texts: Texts) -> str:
    """Why languages are missing from the picker, or that drafts are offered (the invitation form's hint)."""
    org = user().org
    if org.accept_drafts:
        return t("translations.drafts_offered")
    left_out = draft_languages(org, texts, effective_statuses(db(), texts))
    if not left_out:
        return ""
    names = ", ".join(f"{texts.catalogs[code].get('language.name', code)} ({code})" for code in left_out)
    return t("translations.drafts_missing", languages=names)


def meeting_languages(s: Session, row: MeetingRow) -> dict[str, Any]:
    """What the meeting page shows about languages: every language's view, who answered on paper, and why
    a language is missing from the invitation form (or that drafts are offered)."""
    ids = [p.participant.id for p in row.participants]
    paper = dict(s.execute(select(PaperSheet.participant_id, PaperSheet.helper)
                           .where(PaperSheet.participant_id.in_(ids))).all())
    return {"languages": language_views(rt().texts), "paper": paper, "picker_note": picker_note(rt().texts)}


def simulator_languages() -> list[tuple[str, str]]:
    """Every language, named in itself, with its code (the simulator's list)."""
    texts = rt().texts
    return [(lang, f"{texts.render(Reply('language.name'), lang)} ({lang})") for lang in texts.languages]
