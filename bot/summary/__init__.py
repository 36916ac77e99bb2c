"""The staff summary of a meeting: wheel SVGs, the page's view model, concern times, CSV export.

Rule: pure, reusable parts for the staff web; no routes, no access control, no audit log here (the
caller finds the meeting in the user's organisation first and records the view or export).

Public API (stable; import from here or from the modules):
- wheel_svg(ratings, labels, title, *, areas=None, highlight=(), svg_id="wheel", size=320, scale_max=5,
  missing="–", missing_label=None) -> Markup                                          [wheel_svg.py]
- summary_view(document, labels, staff, *, areas=None, concern_times=None, tz=UTC, lang="sv",
  scale_max=5) -> SummaryView; differs(youth, guardian, gap=2) -> bool;
  talk_about_areas(participants, areas, gap=2) -> tuple[str, ...]; TALK_GAP               [view.py]
- concern_times(session, meeting_id) -> dict[participant_id, list[ConcernTime]]       [concerns.py]
- meeting_summary(session, rt, meeting_id, staff, lang="sv") -> SummaryView | None      [load.py]
- meeting_csv(document, *, areas=None, bom=False) -> str; safe_cell(value) -> str   [csv_export.py]
- area_labels(texts, areas, lang="sv") -> dict; staff_labels() -> Mapping (the staff catalogue) [labels.py]
Template: templates/summary/_wheel_page.html (context: summary, t, optional json_url / csv_url);
print stylesheet: static/summary-print.css; Swedish staff texts: locales/staff/summary.sv.yml.
"""

from .concerns import ConcernTime, concern_times
from .csv_export import meeting_csv, safe_cell
from .labels import area_labels, staff_labels
from .load import meeting_summary
from .view import (
    TALK_GAP,
    AreaView,
    Cell,
    ConcernView,
    MattersMost,
    ParticipantView,
    Remark,
    SummaryView,
    differs,
    summary_view,
    talk_about_areas,
)
from .wheel_svg import wheel_svg

__all__ = [
    "TALK_GAP", "AreaView", "Cell", "ConcernTime", "ConcernView", "MattersMost", "ParticipantView", "Remark",
    "SummaryView", "area_labels", "concern_times", "differs", "meeting_csv", "meeting_summary", "safe_cell",
    "staff_labels", "summary_view", "talk_about_areas", "wheel_svg",
]
