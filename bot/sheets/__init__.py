"""Printable pages for the mother-tongue work: the paper question sheet and the translation review page.

Rule: pure rendering from the loaded texts and flows (no database, no request); the CLI prints them and
the staff pages return them as they are.
"""

from .render import SheetError, language_choices, render_review, render_sheet, review_rows, staff_texts

__all__ = ["SheetError", "language_choices", "render_review", "render_sheet", "review_rows", "staff_texts"]
