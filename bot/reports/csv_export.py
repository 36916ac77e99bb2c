"""The meeting as CSV for spreadsheets: one row per participant and area, then one for "matters most".

Rules: RFC 4180 through the csv module (CRLF, quoting as needed) with `;` between fields, as Swedish Excel
expects (the staff web adds a UTF-8 BOM so Excel reads it as UTF-8 and opens it as columns). Participants'
texts are untrusted: a formula start (= + - @ TAB or CR) at the start of a cell, or after a separator
(, ; TAB) or line break inside it (where a spreadsheet that splits the file differently would start a new
cell), gets an apostrophe before it; otherwise the texts are exactly as written. Column names are stable
English ids like the JSON export's keys (a data format, not UI text).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.reports.document import SCHEMA

COLUMNS = ("meeting_id", "meeting_date", "participant_id", "role", "language", "status",
           "area", "rating", "comment", "followup", "dont_know")  # dont_know: 1 for "vet inte", else empty
MATTERS_MOST = "matters_most"  # the `area` of each participant's last row; its text is in `comment`
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula start (after any spaces) at the start, or after a separator or line break: an apostrophe before it.
_FORMULA = re.compile(r"(^|[,;\t\r\n])( *)(?=[" + re.escape("".join(FORMULA_STARTS)) + "])")
BOM = "\ufeff"  # lets Excel detect UTF-8 (Arabic, Tigrinya, Ukrainian texts)
DELIMITER = ";"  # Swedish Excel's list separator (the comma is the decimal sign)


def safe_cell(value: object) -> str:
    """A cell's text, with an apostrophe before every formula start a spreadsheet could run (at the start,
    or after a separator or line break inside the text)."""
    text = "" if value is None else str(value)
    return _FORMULA.sub(r"\1\2'", text)


def meeting_csv(document: Mapping[str, Any], *, areas: Sequence[str] | None = None, bom: bool = False) -> str:
    """CSV of a `hjulsamtal.meeting.v1` document: a header, then per participant (youth first, as in the
    document) one row per area in `areas` order (default: the document's order, which is wheel order)
    and one `matters_most` row. Empty cells for what was not answered. Raises ValueError for another schema.
    Fields are separated by `;`. Serve it as `text/csv; charset=utf-8`; bom=True starts it with a BOM for Excel.
    """
    if document.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    meeting = document["meeting"]
    for p in document["participants"]:
        who = [meeting["id"], meeting["date"], p["id"], p["role"], p["language"], p["status"]]
        for area in (tuple(p["areas"]) if areas is None else areas):
            given = p["areas"][area]
            writer.writerow([safe_cell(v) for v in (*who, area, given["rating"], given["comment"],
                                                    given["followup"], 1 if given.get("dont_know") else None)])
        writer.writerow([safe_cell(v) for v in (*who, MATTERS_MOST, None, p.get("matters_most"), None, None)])
    return (BOM if bom else "") + out.getvalue()
