"""Pure renderers: the staff summary (view model, wheel SVGs), the CSV export, the paper question sheet and the
translation review page, with one wheel geometry.

Rule: rendering from data and texts only. Imports bot.conversation and bot.texts, never the store, the
services or a web framework (a contract checks); no routes, no access control, no audit log here (the caller
finds the meeting in the user's organisation first and records the view or export).

Modules: summary.py (summary_view, SummaryView, differs, talk_about_areas), wheel_svg.py (wheel_svg),
wheel.py (the geometry both wheels use, and the paper sheet's empty wheel), csv_export.py (meeting_csv,
safe_cell), meeting_view.py (shared_document, named_people: the meeting view), labels.py (area_labels),
sheets.py (render_sheet, render_review, language_choices), document.py (SCHEMA, ConcernTime). Staff texts
come from bot.texts.staff.staff_texts(), filled by bot.texts.catalogue.fill. Templates:
templates/summary/_wheel_page.html, _meeting_page.html, templates/sheets/; print stylesheet:
static/summary-print.css.
"""
