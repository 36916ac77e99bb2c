"""The meeting as CSV for spreadsheets: one row per participant and area, then one for "matters most".

Rules: RFC 4180 through the csv module (CRLF, quoting as needed); participants' texts are untrusted, so a
text cell that a spreadsheet would read as a formula (starting with = + - @ TAB or CR) gets a leading
apostrophe; otherwise the texts are exactly as written. Column names are stable English ids like the
JSON export's keys (a data format, not UI text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from bot.reports.document import SCHEMA

COLUMNS = ("meeting_id", "meeting_date", "participant_id", "role", "language", "status",
           "area", "rating", "comment", "followup")
MATTERS_MOST = "matters_most"  # the `area` of each participant's last row; its text is in `comment`
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets Excel detect UTF-8 (Arabic, Tigrinya, Ukrainian texts)


def safe_cell(value: object) -> str:
    """A cell's text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def meeting_csv(document: Mapping[str, Any], *, areas: Sequence[str] | None = None, bom: bool = False) -> str:
    """CSV of a `hjulsamtal.meeting.v1` document: a header, then per participant (youth first, as in the
    document) one row per area in `areas` order (default: the document's order, which is wheel order)
    and one `matters_most` row. Empty cells for what was not answered. Raises ValueError for another schema.
    Serve it as `text/csv; charset=utf-8`; bom=True starts it with a BOM for Excel.
    """
    if document.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    meeting = document["meeting"]
    for p in document["participants"]:
        who = [meeting["id"], meeting["date"], p["id"], p["role"], p["language"], p["status"]]
        for area in (tuple(p["areas"]) if areas is None else areas):
            given = p["areas"][area]
            writer.writerow([safe_cell(v) for v in (*who, area, given["rating"], given["comment"],
                                                    given["followup"])])
        writer.writerow([safe_cell(v) for v in (*who, MATTERS_MOST, None, p.get("matters_most"), None)])
    return (BOM if bom else "") + out.getvalue()
