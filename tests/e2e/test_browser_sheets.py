"""The paper question sheet as Chromium prints it (issue 17): two A4 pages with page 1 filled, every wheel
label inside its box (measured in the page: getBBox and getComputedTextLength against the box the SVG
declares, rect.label-box and data-box), ring numbers at 10 pt or more, and no staff note in the printed text.

Chromium and the fonts are Debian's (chromium, fonts-noto-core: docs/fonts.md). The Tigrinya sheet needs an
Ethiopic font: without one it skips with that message (and fails in CI, as every browser test). The browser
fixture is shared (tests/e2e/conftest.py); the sheet is loaded as the CLI writes it, no server needed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from bot.reports.sheets import render_sheet
from tests.e2e.conftest import unavailable

A4_HEIGHT_PT = 841.89
STAFF_NOTES = ("utkast", "granskad", "draft", "Frågeblad", "vårdnadshavare", "ungdom", "sheet.", "(sv)", "(ar)",
               "(ti)", "personnummer")

MEASURE_LABELS = """() => [...document.querySelectorAll('svg.wheel text.area-label')].map(text => {
  const [x, y, width, height] = text.dataset.box.split(' ').map(Number);
  const rect = text.parentNode.querySelector('rect.label-box');
  const b = text.getBBox();
  return {
    text: text.textContent, box: [x, y, width, height],
    rect: ['x', 'y', 'width', 'height'].map(a => Number(rect.getAttribute(a))),
    bbox: [b.x, b.y, b.width, b.height],
    lines: [...text.querySelectorAll('tspan')].map(t => t.getComputedTextLength()),
  };
})"""

MEASURE_SIZES = """() => {
  const svg = document.querySelector('svg.wheel');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;  // CSS px per SVG unit
  const pt = el => Number(el.getAttribute('font-size')) * scale * 0.75;
  return {
    rings: [...svg.querySelectorAll('text.ring-number')].map(pt),
    labels: [...svg.querySelectorAll('text.area-label')].map(pt),
  };
}"""


def ethiopic_font() -> bool:
    """Whether fontconfig knows a font for Tigrinya (Noto Sans Ethiopic from fonts-noto-core)."""
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=ti", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@pytest.fixture
def sheet_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def printed(page: Any, html: str) -> tuple[Any, bytes]:
    from pypdf import PdfReader

    page.set_content(html)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return PdfReader(io.BytesIO(pdf)), pdf


def lowest_text(pdf_page: Any) -> float:
    """The lowest baseline of any text on a PDF page, in points from the page's top."""
    ys: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():  # the text matrix's origin through the current transformation: points from the bottom
            ys.append(float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    pdf_page.extract_text(visitor_text=visit)
    return A4_HEIGHT_PT - min(ys)


@pytest.mark.parametrize(("lang", "role", "bilingual"), [
    ("sv", "youth", False), ("sv", "guardian", False),
    ("ar", "youth", False), ("ar", "guardian", True),
    ("ti", "youth", False), ("ti", "guardian", True),
    ("uk", "guardian", True), ("so", "guardian", True),  # the longest texts
])
def test_sheet_prints_on_two_full_a4_pages_with_every_label_in_its_box(
        sheet_page: Any, texts_and_engine: Any, lang: str, role: str, bilingual: bool) -> None:
    if lang == "ti" and not ethiopic_font():
        unavailable("the Tigrinya sheet needs an Ethiopic font: apt-get install fonts-noto-core (docs/fonts.md)")
    texts, engine = texts_and_engine
    reader, _ = printed(sheet_page, render_sheet(texts, engine, lang, role, bilingual))
    assert len(reader.pages) == 2, f"{lang} {role}: {len(reader.pages)} pages"
    assert lowest_text(reader.pages[0]) > A4_HEIGHT_PT * 0.8  # page 1 is full, not half empty
    assert lowest_text(reader.pages[1]) > A4_HEIGHT_PT * 0.3  # and page 2 has more than a line or two

    labels = sheet_page.evaluate(MEASURE_LABELS)
    assert len(labels) == len(engine.wheel.areas)
    for label in labels:
        x, y, width, height = label["box"]
        assert label["rect"] == label["box"]
        bx, by, bw, bh = label["bbox"]
        slack = 0.3  # mm: rounding of glyph outlines
        assert bx >= x - slack and bx + bw <= x + width + slack, label
        assert by >= y - slack and by + bh <= y + height + slack, label
        assert max(label["lines"]) <= width + slack, label
    sizes = sheet_page.evaluate(MEASURE_SIZES)
    assert min(sizes["rings"]) >= 10, sizes  # the numbers 1-5 on the rings, in printed points
    assert min(sizes["labels"]) >= 9, sizes

    text = " ".join(p.extract_text() for p in reader.pages)
    for note in STAFF_NOTES:
        assert note not in text, note


def test_the_browsers_own_header_and_footer_stay_off_the_sheet(sheet_page: Any, texts_and_engine: Any) -> None:
    """Printed with the browser's "Headers and footers" on, the sheet still shows no address (which names the
    language and the participant), no title line and no date: its empty @page margin boxes replace them."""
    from pypdf import PdfReader

    texts, engine = texts_and_engine
    sheet_page.set_content(render_sheet(texts, engine, "ar", "guardian"))
    pdf = sheet_page.pdf(format="A4", prefer_css_page_size=True, display_header_footer=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "about:blank" not in text and "1/2" not in text


def test_every_languages_labels_fit_in_the_browser(sheet_page: Any, texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for lang in texts.languages:
        if lang == "ti" and not ethiopic_font():
            continue  # measured by the test above, which says why it skips
        sheet_page.set_content(render_sheet(texts, engine, lang, "guardian"))
        for label in sheet_page.evaluate(MEASURE_LABELS):
            x, _, width, _ = label["box"]
            bx, _, bw, _ = label["bbox"]
            assert bx >= x - 0.3 and bx + bw <= x + width + 0.3, (lang, label)
