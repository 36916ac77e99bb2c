"""Glue for the staff web: the summary of one meeting straight from the database.

Rule: this does NOT check who asks; the caller has already found the meeting in the user's
organisation (404 otherwise) and records the view in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from ..export import export_meeting
from ..runtime import Runtime
from .concerns import concern_times
from .labels import area_labels
from .view import SummaryView, summary_view


def meeting_summary(s: Session, rt: Runtime, meeting_id: str, staff: Mapping[str, str],
                    lang: str = "sv") -> SummaryView | None:
    """The summary view of a meeting (export v1 + concern times), or None if there is no such meeting."""
    wheel = rt.engine.wheel
    areas = wheel.areas
    document = export_meeting(s, meeting_id, areas)
    if document is None:
        return None
    return summary_view(document, area_labels(rt.texts, areas, lang), staff, areas=areas,
                        concern_times=concern_times(s, meeting_id), tz=rt.tz, lang=lang,
                        scale_max=wheel.scale_max)
