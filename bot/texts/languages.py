"""Languages: each locale's review status (locales/status.yml and recorded reviews), its own name, aliases,
and the languages an organisation offers.

Rule: review status is data beside the texts, never code. A locale missing from status.yml is `draft`
(unreviewed until someone says otherwise); a language is reviewed when recorded reviews cover every key
(bot/texts/reviews.py), or status.yml says so, and no key has changed or gone stale since. An organisation
without its own list offers every language, but a draft one only when it accepts unreviewed texts
(`accept_drafts`); Swedish, the source, always.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.conversation.datafiles import read_yaml
from bot.texts.reviews import Review, covered

if TYPE_CHECKING:
    from bot.texts.catalogue import Texts

STATUS_FILE = "status.yml"
STATUSES = ("source", "reviewed", "draft")
DIRECTIONS = ("ltr", "rtl")
ENCODINGS = ("GSM-7", "UCS-2")


class Offering(Protocol):
    """What the language rules need of an organisation (bot.store.models.Organisation is one)."""

    slug: str
    languages: list[str] | None
    accept_drafts: bool


class LanguageError(ValueError):
    """A language code staff gave is unknown or not offered; the message is one line."""


@dataclass(frozen=True)
class LanguageStatus:
    """What staff see when they pick a language, and what the export carries."""

    code: str
    name: str  # the language's own name in its own script ("العربية")
    status: str  # source | reviewed | draft
    reviewer: str | None
    date: dt.date | None
    direction: str  # ltr | rtl
    sms: str  # GSM-7 | UCS-2

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (export, staff pages)."""
        return {"code": self.code, "name": self.name, "status": self.status, "reviewer": self.reviewer,
                "date": self.date.isoformat() if self.date else None, "dir": self.direction, "sms": self.sms}


def read_status(locales_dir: Path) -> dict[str, Any]:
    """The raw status file ({} when there is none), validated: known statuses, directions, encodings."""
    path = locales_dir / STATUS_FILE
    if not path.exists():
        return {}
    raw = read_yaml(path) or {}
    for code, entry in (raw.get("languages") or {}).items():
        for field, allowed in (("status", STATUSES), ("dir", DIRECTIONS), ("sms", ENCODINGS)):
            if entry.get(field) not in allowed:
                raise ValueError(f"{path}: {code}.{field} must be one of {', '.join(allowed)}")
        if not isinstance(entry.get("formal_guardians", False), bool):
            raise ValueError(f"{path}: {code}.formal_guardians must be true or false")
    if not all(isinstance(k, str) for k in raw.get("addresses_reader") or []):
        raise ValueError(f"{path}: addresses_reader must be a list of keys")
    if not all(isinstance(v, str) for v in (raw.get("conventions") or {}).values()):
        raise ValueError(f"{path}: each of conventions must be one line of text")
    return dict(raw)


def _effective(texts: Texts, code: str, own: Sequence[Review]) -> tuple[str, str | None, dt.date | None]:
    """(status, reviewer, date) once recorded reviews, changed and stale keys are taken into account."""
    entry = texts.status.get(code, {})
    status, date = entry.get("status", "draft"), entry.get("date")
    if status == "source":
        return status, None, None
    clean = not texts.changed(code, own) and not texts.stale(code)
    if clean and covered(texts.catalogs[code], own):
        return "reviewed", own[-1].reviewer, own[-1].date
    if clean and status == "reviewed":
        return status, entry.get("reviewer"), dt.date.fromisoformat(str(date)) if date else None
    return "draft", None, None


def language_statuses(texts: Texts, reviews: Mapping[str, Sequence[Review]] | None = None
                      ) -> dict[str, LanguageStatus]:
    """Every language the app has, in menu order, with its review status (given the reviews recorded in
    the database, oldest first, per language) and own name."""
    out = {}
    for code in texts.languages:
        entry = texts.status.get(code, {})
        status, reviewer, date = _effective(texts, code, (reviews or {}).get(code, ()))
        out[code] = LanguageStatus(
            code=code,
            name=texts.catalogs[code].get("language.name", code),
            status=status,
            reviewer=reviewer,
            date=date,
            direction=entry.get("dir", "ltr"),
            sms=entry.get("sms", "GSM-7"),
        )
    return out


def resolve_language(texts: Texts, code: str) -> str:
    """The locale a code staff typed means (`fa` -> `prs`); LanguageError if there is none."""
    code = code.strip()
    resolved = texts.aliases.get(code) or texts.aliases.get(code.lower()) or code.lower()
    if resolved not in texts.languages:
        raise LanguageError(f"unknown language {code!r}; choose one of {', '.join(texts.languages)}")
    return resolved


def chosen_languages(org: Offering, texts: Texts) -> tuple[str, ...]:
    """The languages an organisation's admins chose, in menu order (every language if they chose none)."""
    chosen = org.languages
    if not chosen:
        return texts.languages
    return tuple(code for code in texts.languages if code in chosen)


def offered_languages(org: Offering, texts: Texts, statuses: Mapping[str, LanguageStatus] | None = None
                      ) -> tuple[str, ...]:
    """The languages an organisation offers, in menu order: those chosen, without draft ones unless it
    accepts unreviewed texts. `statuses`: the effective statuses (default: the files' alone)."""
    if org.accept_drafts:
        return chosen_languages(org, texts)
    statuses = statuses if statuses is not None else language_statuses(texts)
    return tuple(code for code in chosen_languages(org, texts) if statuses[code].status != "draft")


def draft_languages(org: Offering, texts: Texts, statuses: Mapping[str, LanguageStatus] | None = None
                    ) -> tuple[str, ...]:
    """The chosen languages left out because they are drafts and the organisation does not accept those."""
    offered = offered_languages(org, texts, statuses)
    return tuple(code for code in chosen_languages(org, texts) if code not in offered)


def check_offered(org: Offering, texts: Texts, code: str,
                  statuses: Mapping[str, LanguageStatus] | None = None) -> str:
    """The resolved code if the organisation offers it, else LanguageError with one line."""
    lang = resolve_language(texts, code)
    offered = offered_languages(org, texts, statuses)
    if lang in draft_languages(org, texts, statuses):
        raise LanguageError(f"{lang!r} is a draft (unreviewed) and {org.slug} does not accept unreviewed texts; "
                            f"an admin can accept them: orgs languages {org.slug} --accept-drafts")
    if lang not in offered:
        raise LanguageError(f"{org.slug} does not offer language {lang!r}; it offers {', '.join(offered)}")
    return lang


def parse_language_list(texts: Texts, codes: str) -> list[str] | None:
    """'sv, ar,fi' -> ['sv', 'ar', 'fi'] (aliases resolved; Swedish always included); '' -> None (all)."""
    wanted = [c for c in (part.strip() for part in codes.split(",")) if c]
    if not wanted:
        return None
    resolved = [resolve_language(texts, c) for c in wanted]
    return [code for code in texts.languages if code in resolved or code == texts.languages[0]]
