"""The meeting export document the reports render: its schema id and the concern times beside it.

Rule: `hjulsamtal.meeting.v1` is a stable contract (fields are only ever added); the reports read it and
never touch the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SCHEMA = "hjulsamtal.meeting.v1"


@dataclass(frozen=True)
class ConcernTime:
    """One concern as the export lists it, with the time it came in (aware UTC)."""

    area: str | None
    kind: str | None
    at: dt.datetime


@dataclass(frozen=True)
class Translated:
    """Staff's Swedish translation of one answer: the text, who translated it (a helper's name, if given), who
    typed it in and when, and whether the answer has changed since (the translation is then old)."""

    text: str
    translator: str | None
    typed_by: str
    at: dt.datetime
    stale: bool = False

    @property
    def by(self) -> str:
        """Who translated it: the helper named, else the staff member who typed it in."""
        return self.translator or self.typed_by
