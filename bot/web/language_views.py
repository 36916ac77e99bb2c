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
from bot.store.models import PaperSheet
from bot.texts.catalogue import Texts
from bot.texts.languages import language_statuses
from bot.web.common import rt, t, user


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


def language_views(texts: Texts) -> dict[str, LanguageView]:
    """Every language of the app, in menu order."""
    return {code: LanguageView(code, s.name, s.direction, s.status, t(f"lang.short.{s.status}"),
                               s.reviewer, s.date)
            for code, s in language_statuses(texts).items()}


def picker_choices(texts: Texts) -> list[tuple[str, str]]:
    """(code, "العربية (ar), utkast") for each language the user's organisation offers."""
    return [(code, label) for code, label, _dir in language_choices(texts, user().org)]


def meeting_languages(s: Session, row: MeetingRow) -> dict[str, Any]:
    """What the meeting page shows about languages: every language's view, and who answered on paper."""
    ids = [p.participant.id for p in row.participants]
    paper = dict(s.execute(select(PaperSheet.participant_id, PaperSheet.helper)
                           .where(PaperSheet.participant_id.in_(ids))).all())
    return {"languages": language_views(rt().texts), "paper": paper}


def simulator_languages() -> list[tuple[str, str]]:
    """Every language, named in itself, with its code (the simulator's list)."""
    texts = rt().texts
    return [(lang, f"{texts.render(Reply('language.name'), lang)} ({lang})") for lang in texts.languages]
