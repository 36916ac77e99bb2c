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
