"""Language reviews recorded in the database, and each language's effective review status.

Rule: reviews are deployment-wide, as the texts are (every organisation sends the same translations), so
only admins record them (the web checks) and the audit log names the admin. A review stores who reviewed
(as typed), the date and, for every key it covers (all, or those changed since the last review), the hash
of the translation as it read then (bot/texts/reviews.py). Everything that shows or enforces a language's
status (picker, invitations, export, pages) asks `effective_statuses`; an SMS turn (the SPRÅK menu) asks a
StatusCache, read again at most every STATUS_TTL seconds, or at once in the process that recorded a review.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from bot.store.models import LanguageReview
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.languages import LanguageStatus, Offering, language_statuses, offered_languages
from bot.texts.reviews import Review, text_hashes

SCOPES = ("all", "changed")
REVIEWER_MAX = 80
STATUS_TTL = 60.0  # seconds an SMS turn's statuses may lag a review recorded in another process


class ReviewError(ValueError):
    """A review cannot be recorded; the message names the staff text key (locales/staff) to show."""


def recorded_reviews(s: Session | Connection) -> dict[str, list[Review]]:
    """Language -> its recorded reviews, oldest first."""
    rows = s.execute(select(LanguageReview.lang, LanguageReview.reviewer, LanguageReview.reviewed_on,
                            LanguageReview.hashes).order_by(LanguageReview.reviewed_on, LanguageReview.id))
    out: dict[str, list[Review]] = {}
    for row in rows:
        out.setdefault(row.lang, []).append(Review(row.reviewer, row.reviewed_on, dict(row.hashes)))
    return out


def effective_statuses(s: Session | Connection, texts: Texts) -> dict[str, LanguageStatus]:
    """Every language's status as staff see it and invitations obey (recorded reviews counted)."""
    return language_statuses(texts, recorded_reviews(s))


@dataclass
class StatusCache:
    """The effective statuses for SMS turns (Runtime.statuses): computing them hashes every translation, too
    much for every message, and reviews are rare; read again after `ttl` seconds or once `forget` is called."""

    ttl: float = STATUS_TTL
    _read: tuple[float, dict[str, LanguageStatus]] | None = field(default=None, repr=False)

    def get(self, s: Session | Connection, texts: Texts) -> dict[str, LanguageStatus]:
        """The statuses, from the cache while it is fresh."""
        read, now = self._read, time.monotonic()
        if read is None or now - read[0] > self.ttl:
            read = self._read = (now, effective_statuses(s, texts))
        return read[1]

    def forget(self) -> None:
        """A review was recorded: read the statuses again on the next turn."""
        self._read = None


def org_languages(s: Session, texts: Texts, org: Offering,
                  statuses: Mapping[str, LanguageStatus] | None = None) -> tuple[str, ...]:
    """The languages the organisation offers now (drafts only if it accepts unreviewed texts)."""
    return offered_languages(org, texts, statuses if statuses is not None else effective_statuses(s, texts))


def changed_since_review(s: Session, texts: Texts, lang: str) -> list[str]:
    """The keys of `lang` changed since its last review (baseline file, then recorded reviews)."""
    return texts.changed(lang, recorded_reviews(s).get(lang, ()))


def record_review(s: Session, texts: Texts, lang: str, reviewer: str, reviewed_on: dt.date, scope: str,
                  recorded_by: int | None, now: dt.datetime) -> LanguageReview:
    """Record that `reviewer` read `lang`'s keys (all, or those changed since the last review) on
    `reviewed_on`; ReviewError (a staff text key) if the language, name, date or scope is wrong."""
    reviewer = " ".join(reviewer.split())
    if lang not in texts.languages or lang == SOURCE_LANGUAGE:
        raise ReviewError("translations.bad_language")
    if not reviewer or len(reviewer) > REVIEWER_MAX:
        raise ReviewError("translations.bad_reviewer")
    if reviewed_on > now.date():
        raise ReviewError("translations.future_date")
    if scope not in SCOPES:
        raise ReviewError("translations.bad_scope")
    catalog = texts.catalogs[lang]
    keys = list(catalog) if scope == "all" else changed_since_review(s, texts, lang)
    if not keys:
        raise ReviewError("translations.nothing_changed")
    review = LanguageReview(lang=lang, reviewer=reviewer, reviewed_on=reviewed_on, scope=scope,
                            hashes=text_hashes(catalog, keys), recorded_by=recorded_by, created_at=now)
    s.add(review)
    return review


def review_history(s: Session) -> list[LanguageReview]:
    """Every recorded review, newest first (the admin page's list)."""
    return list(s.scalars(select(LanguageReview).order_by(LanguageReview.reviewed_on.desc(),
                                                          LanguageReview.id.desc())))
