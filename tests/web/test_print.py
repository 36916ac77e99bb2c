"""Printed pages and PDFs: every printed page of the staff summary and the meeting view carries a header and a
footer (organisation, label, date and time, who answered when on the summary, printed on and by, the secrecy
line), repeated by Chromium on each page; "Ladda ner PDF" prints the same page on the server, audited; without
Chromium the page says so in one line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.services.pdf import PdfUnavailable, html_to_pdf, standalone
from bot.store.models import AuditEntry
from tests.support.common import rt_of
from tests.support.languages import paper_data
from tests.support.staff import post_form

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")


def _answered(staff: FlaskClient, m: dict[str, str]) -> None:
    url = f"/meetings/{m['id']}/participants/{m['youth']}/paper"
    assert post_form(staff, url, url, paper_data(helper="kurator", sharing="all")).status_code == 302


def _text(html: str) -> str:
    return re.sub(r"\\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_summary_has_the_print_header_and_footer(staff: FlaskClient, meeting: dict[str, str]) -> None:
    _answered(staff, meeting)
    html = staff.get(f"/meetings/{meeting['id']}/summary").get_data(as_text=True)
    head = html.split('<div class="print-head">')[1].split("</div>")[0]
    assert "Flens kommun · SIP vecka 50 · 10 december 2026 kl. 13.00" in head
    assert re.search(r"Ungdom \(nr …\d\d\) svarade \d+ \w+ 2026 kl\. \d\d\.\d\d", head), head
    assert "Vårdnadshavare (nr …" in head and ": inbjuden" in head
    foot = html.split('<div class="print-foot">')[1].split("</div>")[0]
    assert "Sekretess enligt offentlighets- och sekretesslagen (OSL)" in foot
    assert re.search(r"Utskriven \d+ \w+ 2026 kl\. \d\d\.\d\d \w+ av user1\.flen@example\.org", foot), foot
    assert f'href="/meetings/{meeting["id"]}/summary.pdf"' in html


def test_meeting_view_frame_has_no_answer_times(staff: FlaskClient, meeting: dict[str, str]) -> None:
    _answered(staff, meeting)
    html = staff.get(f"/meetings/{meeting['id']}/meeting").get_data(as_text=True)
    head = html.split('<div class="print-head">')[1].split("</div>")[0]
    assert "Flens kommun · SIP vecka 50 · 10 december 2026 kl. 13.00" in head and "svarade" not in head
    assert "Sekretess enligt" in html.split('<div class="print-foot">')[1]
    assert f'href="/meetings/{meeting["id"]}/meeting.pdf"' in html


def test_standalone_page_inlines_its_stylesheets_and_drops_scripts(app: Flask) -> None:
    html = ('<link rel="stylesheet" href="/static/summary-print.css"><link rel="stylesheet" href="/static/../x.css">'
            '<script src="/static/print.js" defer></script><p>x</p>')
    page = standalone(html, str(app.static_folder))
    assert "<style>/* The meeting summary" in page and "<script" not in page and "x.css" not in page


def test_without_chromium_the_pdf_link_answers_one_line(app: Flask, staff: FlaskClient,
                                                        meeting: dict[str, str]) -> None:
    app.config["CHROMIUM"] = "/nonexistent/chromium"
    with pytest.raises(PdfUnavailable):
        html_to_pdf("<p>x</p>", str(app.static_folder), "/nonexistent/chromium")
    response = staff.get(f"/meetings/{meeting['id']}/summary.pdf")
    assert response.status_code == 503
    assert "PDF kan inte skapas här: Chromium saknas på servern" in response.get_data(as_text=True)


@needs_chromium
def test_summary_pdf_carries_the_header_on_every_page_and_is_audited(
        app: Flask, staff: FlaskClient, meeting: dict[str, str]) -> None:
    from pypdf import PdfReader

    _answered(staff, meeting)
    response = staff.get(f"/meetings/{meeting['id']}/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    assert pages and all("SIP vecka 50" in p and "kl. 13.00" in p and "Sekretess enligt" in p for p in pages)
    assert "Sammanfattning inför mötet" in pages[0]
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == "summary_pdf"


@needs_chromium
def test_meeting_view_pdf_is_audited(app: Flask, staff: FlaskClient, meeting: dict[str, str]) -> None:
    from pypdf import PdfReader

    _answered(staff, meeting)
    response = staff.get(f"/meetings/{meeting['id']}/meeting.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Inför mötet" in text and "SIP vecka 50" in text and "Endast för personalen" not in text
    with rt_of(app).db() as s:
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == "meeting_pdf"
