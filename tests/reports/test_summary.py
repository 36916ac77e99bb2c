"""The summary page's view: order, the talk-about rule, remarks with language, concerns with their time,
the example template (escaping, lang/dir, order) and the print stylesheet (one A4 page in Chromium)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.conversation import Status
from bot.reports.document import ConcernTime
from bot.reports.summary import differs, summary_view, talk_about_areas
from bot.services.export import export_meeting
from bot.services.meetings import create_meeting, invite
from bot.services.runtime import Runtime
from bot.services.summary import concern_times, meeting_summary
from bot.store.db import ROOT
from bot.texts.staff import staff_texts
from tests.support.common import MEETING_DATE, NOW, PHONES
from tests.support.summary_docs import AREAS, LABELS, STAFF, document, participant

STOCKHOLM = ZoneInfo("Europe/Stockholm")
XSS = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">']


def view(*people: dict[str, Any], **kwargs: Any) -> Any:
    return summary_view(document(*people), LABELS, STAFF, areas=AREAS, **kwargs)


def test_youth_first_then_guardians_in_their_order_with_headings() -> None:
    v = view(participant("g1", "guardian", language="ar"), participant("y", "youth"),
             participant("g2", "guardian", language="prs"))
    assert [(p.id, p.heading) for p in v.participants] == [
        ("y", "Ungdom"), ("g1", "Vårdnadshavare 1"), ("g2", "Vårdnadshavare 2")]
    assert [p.language_name for p in v.participants] == ["svenska", "arabiska", "dari"]
    single = view(participant("g", "guardian"), participant("y", "youth"))
    assert [p.heading for p in single.participants] == ["Ungdom", "Vårdnadshavare"]
    assert v.meeting_label == "Möte 10 december 2026" and v.date == dt.date(2026, 12, 10)


@pytest.mark.parametrize(("youth", "guardian", "talk"), [
    (1, 3, True), (3, 1, True), (5, 1, True), (1, 2, False), (2, 1, False), (4, 4, False),
    (None, 5, False), (1, None, False), (None, None, False),
])
def test_youth_and_guardian_two_apart_is_talk_about_this(youth: int | None, guardian: int | None,
                                                         talk: bool) -> None:
    assert differs(youth, guardian) is talk
    v = view(participant("y", "youth", [youth, 3, 3, 3, 3, 3, 3, 3]),
             participant("g", "guardian", [guardian, 3, 3, 3, 3, 3, 3, 3]))
    assert v.talk_about == (("safe",) if talk else ())
    assert [a.talk_about for a in v.areas] == [talk] + [False] * 7
    marked = [re.findall(r'data-area="(\w+)" data-rating="\d*" data-highlight="true"', str(p.wheel))
              for p in v.participants]
    assert marked == [["safe"] * talk, ["safe"] * talk]


def test_any_guardian_counts_but_two_guardians_apart_do_not() -> None:
    y = participant("y", "youth", [3, 3, 3, 3, 3, 3, 3, 3])
    g1 = participant("g1", "guardian", [3, 3, 3, 3, 3, 3, 3, 3])
    g2 = participant("g2", "guardian", [3, 5, 3, 3, 3, 1, 3, 3])
    assert view(y, g1, g2).talk_about == ("healthy", "respected")
    assert talk_about_areas(document(g1, participant("g3", "guardian", [1] * 8))["participants"], AREAS) == ()
    assert view(y).talk_about == ()


def test_table_cells_follow_participants_and_show_a_dash_when_unanswered() -> None:
    v = view(participant("g", "guardian", [5, 4, None, 2, 1, 3, 3, 3]),
             participant("y", "youth", [1, None, 3, 4, 5, 2, 2, 2], status="active"))
    assert [a.area for a in v.areas] == list(AREAS) and [a.label for a in v.areas][:2] == ["Trygg", "Må bra"]
    assert [[c.shown for c in a.cells] for a in v.areas[:3]] == [["1", "5"], ["–", "4"], ["3", "–"]]
    assert [(c.participant_id, c.rating) for c in v.areas[0].cells] == [("y", 1), ("g", 5)]
    youth = v.participants[0]
    assert (youth.answered, youth.answered_label) == (7, "7 av 8 områden besvarade")
    assert (youth.status, youth.status_label) == ("active", "Svarar")


def test_a_dont_know_answer_shows_vet_inte_not_a_dash() -> None:
    youth = participant("y", "youth", [None, None, 3, 4, 5, 2, 2, 2])
    youth["areas"]["safe"]["dont_know"] = True  # "vet inte": no rating, marked
    v = view(youth)
    assert [a.cells[0].shown for a in v.areas[:3]] == ["vet inte", "–", "3"]
    assert v.areas[0].cells[0].rating is None and v.participants[0].answered == 6


def test_remarks_under_each_area_keep_text_and_language_exactly() -> None:
    v = view(participant("y", "youth", comments={"safe": XSS[0], "included": "  "},
                         followups={"safe": "mer tid med kompisar"}),
             participant("g", "guardian", language="ar", comments={"safe": "أنا قلق"}, followups={"active": XSS[1]}))
    safe = v.areas[0]
    assert [(r.participant_id, r.kind, r.kind_label, r.language, r.text) for r in safe.remarks] == [
        ("y", "comment", "Kommentar", "sv", XSS[0]),
        ("y", "followup", "Svar på följdfrågan", "sv", "mer tid med kompisar"),
        ("g", "comment", "Kommentar", "ar", "أنا قلق"),
    ]
    assert [r.text for r in v.areas[AREAS.index("active")].remarks] == [XSS[1]]
    assert v.areas[AREAS.index("included")].remarks == ()


def test_matters_most_youth_first_and_empty_answers_left_out() -> None:
    v = view(participant("g1", "guardian", matters_most="skolan", language="so"),
             participant("g2", "guardian", matters_most=None),
             participant("y", "youth", matters_most="att jag får bo kvar"))
    assert [(m.participant_id, m.heading, m.language, m.text) for m in v.matters_most] == [
        ("y", "Ungdom", "sv", "att jag får bo kvar"), ("g1", "Vårdnadshavare 1", "so", "skolan")]


def test_concerns_carry_their_time_oldest_first_and_unknown_times_last() -> None:
    y = participant("y", "youth", concerns=[{"area": "safe", "kind": "low_rating"},
                                            {"area": "healthy", "kind": "danger_words"}])
    g = participant("g", "guardian", concerns=[{"area": None, "kind": "danger_words"}])
    t0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    times = {"y": [ConcernTime("safe", "low_rating", t0 + dt.timedelta(minutes=5)),
                   ConcernTime("healthy", "danger_words", t0 + dt.timedelta(minutes=9))],
             "g": [ConcernTime(None, "danger_words", t0)]}
    v = view(y, g, concern_times=times, tz=STOCKHOLM)
    assert [(c.participant_id, c.area_label, c.kind_label, c.at_text) for c in v.concerns] == [
        ("g", None, "Ord om fara", "23 november 2026 kl. 10.00"),
        ("y", "Trygg", "Låg skattning", "23 november 2026 kl. 10.05"),
        ("y", "Må bra", "Ord om fara", "23 november 2026 kl. 10.09"),
    ]
    assert v.concerns[0].at == t0 and v.concerns[0].at.utcoffset() == dt.timedelta(hours=1)
    untimed = view(y, g, concern_times={"y": times["y"][1:]})  # out of step with the document: no guess
    assert [c.at is None for c in untimed.concerns] == [True, True, True]
    assert [c.at_text for c in view(y).concerns] == [None, None]


def test_every_status_and_concern_kind_has_a_staff_label() -> None:
    for status in Status:
        assert STAFF[f"staff.summary.status.{status}"]
    for kind in ("low_rating", "danger_words"):
        assert STAFF[f"staff.summary.concerns.kind.{kind}"]


def test_another_schema_or_a_missing_staff_text_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("hjulsamtal.meeting.v1")):
        summary_view({**document(), "schema": "hjulsamtal.meeting.v2"}, LABELS, STAFF)
    with pytest.raises(KeyError, match=re.escape("staff.summary.role.youth")):
        summary_view(document(participant("y")), LABELS, {k: v for k, v in STAFF.items() if "role.youth" not in k})


# --- the example template and the print stylesheet ------------------------------------------------------

def full_document() -> dict[str, Any]:
    """Three participants with about as much to say as a real meeting gets."""
    words = "Det funkar bra i skolan men jag vill ha mer hjälp med matte och läxor på kvällarna"
    return document(
        participant("y", "youth", [1, 2, 3, 4, 5, None, 3, 4], comments={a: words for a in AREAS[::2]},
                    followups={"safe": XSS[0], "healthy": "jag sover dåligt"}, matters_most=XSS[1],
                    concerns=[{"area": "safe", "kind": "low_rating"}, {"area": "safe", "kind": "danger_words"}]),
        participant("g1", "guardian", [3, 2, 3, 2, 4, 4, 1, 4], language="ar",
                    comments={a: "ابني يحتاج إلى مزيد من الدعم في المدرسة" for a in AREAS[1::2]},
                    matters_most="المدرسة والأصدقاء"),
        participant("g2", "guardian", [4, 4, 4, 4, 4, 4, 4, 4], language="so", status="active",
                    comments={"included": "Wuu fiican yahay"}),
    )


def render(doc: dict[str, Any], **context: Any) -> str:
    env = Environment(loader=FileSystemLoader(ROOT / "bot" / "templates"), autoescape=True,
                      undefined=StrictUndefined)
    summary = summary_view(doc, LABELS, STAFF, areas=AREAS, concern_times={}, tz=STOCKHOLM)
    return env.get_template("summary/_wheel_page.html").render(summary=summary, t=staff_texts(), **context)


def test_template_escapes_participants_words_and_marks_their_language() -> None:
    html = render(full_document(), json_url="/meetings/m-1/export.json", csv_url="/meetings/m-1/export.csv")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=" in html
    assert '<bdi lang="ar" dir="auto">المدرسة والأصدقاء</bdi>' in html
    assert '<bdi lang="sv" dir="auto">&lt;script&gt;' in html
    assert "style=" not in html and " on" not in re.sub(r">[^<]*<", "><", html)  # no inline style or handlers
    order = [html.index(s) for s in ('class="summary-concerns', 'class="summary-matters"', 'class="summary-wheels"',
                                     'class="summary-table"', 'class="summary-comments"')]
    assert order == sorted(order)
    assert html.count('class="wheel-sector') == 24 and html.count('class="wheel"') == 3
    assert 'href="/meetings/m-1/export.csv"' in html and STAFF["staff.summary.export.json"] in html
    assert html.count('<tr data-area="') == 8
    assert re.findall(r'<tr data-area="(\w+)" class="is-talk">', html) == ["safe", "healthy", "nurtured", "responsible"]


def test_template_without_concerns_or_export_links() -> None:
    html = render(document(participant("y", "youth", [4] * 8)))
    assert "summary-concerns is-empty" in html and STAFF["staff.summary.concerns.none"] in html
    assert "summary-actions" not in html


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_print_stylesheet_fits_the_summary_on_one_a4_page(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium (apt-get install chromium); CI installs it")
    css = (ROOT / "bot" / "static" / "summary-print.css").as_uri()
    page = tmp_path / "summary.html"
    page.write_text(f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="stylesheet" '
                    f'href="{css}"></head><body><header>Hjulsamtal</header><main>{render(full_document())}'
                    f'</main></body></html>', encoding="utf-8")
    pdf = tmp_path / "summary.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=90)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages == 1
    a4 = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf.read_bytes())
    assert a4 and (round(float(a4.group(1))), round(float(a4.group(2)))) == (595, 842)


# --- concern times from a real conversation ------------------------------------------------------------

def test_concern_times_come_from_the_database_in_export_order(rt: Runtime, invited: Callable[..., str],
                                                             send_sms: Callable[..., Any],
                                                             clock: dict[str, dt.datetime]) -> None:
    youth = invited(PHONES[0], "youth")
    guardian = invited(PHONES[1], "guardian", "en")
    meeting_id = invited.state["meeting"]  # type: ignore[attr-defined]
    with rt.db.begin() as s:  # another meeting's concerns must not show up
        other = create_meeting(s, "flen", MEETING_DATE, dt.time(9, 0), NOW.date(), NOW).id
        s.flush()
        invite(s, rt, other, "youth", PHONES[2], "sv", NOW)
    for phone in (PHONES[0], PHONES[1], PHONES[2]):
        send_sms(phone, "hej")
        send_sms(phone, "ja" if phone != PHONES[1] else "yes")
    send_sms(PHONES[1], "4")
    send_sms(PHONES[2], "1")
    clock["now"] = NOW + dt.timedelta(minutes=3)
    send_sms(PHONES[0], "1")  # a concern: the questions pause until JA
    clock["now"] = NOW + dt.timedelta(minutes=7)
    send_sms(PHONES[0], "ja")
    send_sms(PHONES[0], "Pappa slår mig när han är arg")
    clock["now"] = NOW + dt.timedelta(minutes=12)
    send_sms(PHONES[0], "ja")
    send_sms(PHONES[0], "2 jag vill dö ibland")

    with rt.db() as s:
        times = concern_times(s, meeting_id)
        exported = export_meeting(s, meeting_id, AREAS)
        summary = meeting_summary(s, rt, meeting_id, STAFF)
        assert meeting_summary(s, rt, "no-such-meeting", STAFF) is None
    assert list(times) == [youth]
    assert [(c.area, c.kind, c.at) for c in times[youth]] == [
        ("safe", "low_rating", NOW + dt.timedelta(minutes=3)),
        ("safe", "danger_words", NOW + dt.timedelta(minutes=7)),
        ("healthy", "danger_words", NOW + dt.timedelta(minutes=12)),
    ]
    assert exported is not None
    assert [(c["area"], c["kind"]) for c in exported["participants"][0]["concerns"]] == [
        (c.area, c.kind) for c in times[youth]]
    assert summary is not None
    assert [(c.participant_id, c.area, c.kind, c.at_text) for c in summary.concerns] == [
        (youth, "safe", "low_rating", "23 november 2026 kl. 10.03"),
        (youth, "safe", "danger_words", "23 november 2026 kl. 10.07"),
        (youth, "healthy", "danger_words", "23 november 2026 kl. 10.12"),
    ]
    assert [p.id for p in summary.participants] == [youth, guardian]
    assert [(a.area, [c.rating for c in a.cells]) for a in summary.areas[:2]] == [("safe", [1, 4]),
                                                                                    ("healthy", [2, None])]
    assert summary.talk_about == ("safe",)
