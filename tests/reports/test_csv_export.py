"""The CSV export: RFC 4180 round trip through csv.reader, one row per participant and area plus
"matters most", `;` between fields (Swedish Excel), texts exactly as written, and no formula a spreadsheet
would run: neither at a cell's start nor after a separator or line break inside it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

from bot.reports.csv_export import BOM, COLUMNS, MATTERS_MOST, meeting_csv, safe_cell
from bot.services.export import export_meeting
from bot.services.runtime import Runtime
from tests.support.common import PHONES
from tests.support.summary_docs import AREAS, document, participant

TRICKY = 'rad ett\r\nrad två, med "citat" och ; semikolon'
FORMULAS = ["=HYPERLINK(\"http://x\",\"klicka\")", "+46 70 174 06 05", "-2+3", "@SUM(A1)", "\tflik", "\rny"]


def rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def two_people() -> dict[str, Any]:
    return document(
        participant("y", "youth", [1, 2, None, 4, 5, 3, 3, 4],
                    comments={"safe": TRICKY, "active": "<script>x</script>"},
                    followups={"safe": "mer tid med kompisar"}, matters_most="att jag får bo kvar"),
        participant("g", "guardian", [3] * 8, language="ar", status="active",
                    comments={"included": "ابني يحتاج إلى الدعم"}),
    )


def test_one_row_per_participant_and_area_then_matters_most_round_trips() -> None:
    text = meeting_csv(two_people())
    got = rows(text)
    assert len(got) == 2 * (len(AREAS) + 1)
    assert [r["area"] for r in got[:9]] == [*AREAS, MATTERS_MOST]
    assert [(r["participant_id"], r["role"], r["language"], r["status"]) for r in got[::9]] == [
        ("y", "youth", "sv", "completed"), ("g", "guardian", "ar", "active")]
    assert {(r["meeting_id"], r["meeting_date"]) for r in got} == {("m-1", "2026-12-10")}
    assert [r["rating"] for r in got[:8]] == ["1", "2", "", "4", "5", "3", "3", "4"]
    safe = got[0]
    assert (safe["comment"], safe["followup"]) == (TRICKY, "mer tid med kompisar")
    assert got[AREAS.index("active")]["comment"] == "<script>x</script>"
    assert (got[8]["comment"], got[8]["rating"], got[8]["followup"]) == ("att jag får bo kvar", "", "")
    assert got[17]["comment"] == "" and got[16]["comment"] == "ابني يحتاج إلى الدعم"
    assert {r["dont_know"] for r in got} == {""}


def test_a_dont_know_answer_is_marked() -> None:
    doc = two_people()
    doc["participants"][0]["areas"]["achieving"]["dont_know"] = True  # "vet inte": no rating
    got = rows(meeting_csv(doc))
    assert [(r["rating"], r["dont_know"]) for r in got[1:4]] == [("2", ""), ("", "1"), ("4", "")]


def test_rfc4180_crlf_records_and_quoted_fields() -> None:
    text = meeting_csv(two_people())
    assert text.startswith(";".join(COLUMNS) + "\r\n")
    assert '"rad ett\r\nrad två, med ""citat"" och ; semikolon"' in text
    assert text.endswith("\r\n") and not text.startswith(BOM)
    assert meeting_csv(two_people(), bom=True) == BOM + text


@pytest.mark.parametrize("evil", FORMULAS)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(evil: str) -> None:
    doc = document(participant("y", "youth", [3] * 8, comments={"safe": evil}, followups={"healthy": evil},
                               matters_most=evil))
    got = rows(meeting_csv(doc))
    assert [got[0]["comment"], got[1]["followup"], got[8]["comment"]] == ["'" + evil] * 3
    for row in got:  # no cell anywhere starts like a formula
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.parametrize(("cell", "shown"), [
    ("=1+1", "'=1+1"), ("ok = fine", "ok = fine"), ("", ""), (None, ""), (4, "4"), ("'=x", "'=x"),
    ("jag -- mår bra", "jag -- mår bra"),
])
def test_safe_cell(cell: object, shown: str) -> None:
    assert safe_cell(cell) == shown


def test_area_order_can_be_given_and_other_schemas_are_refused() -> None:
    got = rows(meeting_csv(two_people(), areas=list(reversed(AREAS))))
    assert [r["area"] for r in got[:9]] == [*reversed(AREAS), MATTERS_MOST]
    with pytest.raises(ValueError, match="not a hjulsamtal"):
        meeting_csv({**two_people(), "schema": "other"})


def test_meeting_without_participants_is_just_the_header() -> None:
    assert meeting_csv(document()) == ";".join(COLUMNS) + "\r\n"


def test_csv_of_a_real_export_matches_the_json(rt: Runtime, invited: Callable[..., str],
                                               send_sms: Callable[..., Any]) -> None:
    youth = invited(PHONES[0], "youth")
    for body in ("hej", "ja", "2", "=1+1 mer tid med kompisar", "4 bra"):
        send_sms(PHONES[0], body)
    with rt.db() as s:
        doc = export_meeting(s, invited.state["meeting"], AREAS)  # type: ignore[attr-defined]
    assert doc is not None
    assert doc["participants"][0]["areas"]["safe"]["followup"] == "=1+1 mer tid med kompisar"
    got = rows(meeting_csv(doc))
    assert [(r["participant_id"], r["area"], r["rating"], r["comment"], r["followup"]) for r in got[:3]] == [
        (youth, "safe", "2", "", "'=1+1 mer tid med kompisar"),
        (youth, "healthy", "4", "bra", ""),
        (youth, "achieving", "", "", ""),
    ]
    assert [(r["area"], r["comment"]) for r in got[8:]] == [(MATTERS_MOST, "")]


@pytest.mark.parametrize(("cell", "shown"), [
    ("ok;=HYPERLINK(\"http://x\")", "ok;'=HYPERLINK(\"http://x\")"), ("a,+1", "a,'+1"), ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
    ("rad ett\r\n=1+1", "rad ett\r\n'=1+1"), ("rad\n-2+3", "rad\n'-2+3"), ("x;  =1", "x;  '=1"),
    ("\t\t=x", "'\t'\t'=x"), ("mår bra; tack", "mår bra; tack"), ("1-2 = 3", "1-2 = 3"),
])
def test_a_formula_after_a_separator_or_line_break_is_neutralised(cell: str, shown: str) -> None:
    assert safe_cell(cell) == shown


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_no_cell_starts_a_formula_however_the_file_is_split(delimiter: str) -> None:
    evil = "bra;=HYPERLINK(\"http://x\",\"k\"),+1\t@A1\r\n-2"
    text = meeting_csv(document(participant("y", "youth", [3] * 8, comments={"safe": evil})))
    for line in text.splitlines():  # a spreadsheet splitting on every separator and line break
        for cell in line.split(delimiter):
            assert not cell.strip('" ').startswith(("=", "+", "-", "@")), cell
