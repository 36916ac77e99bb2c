"""Shared texts by role on the review page and in the PO file (bot/reports/sheets.py, bot/texts/po.py): each
guardian variant stands beside the Swedish it is translated from, with the language's address convention, and
round-trips through the PO file with its placeholders checked."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po

from bot.reports.sheets import render_review, review_rows
from bot.services.runtime import load_texts_and_engine
from bot.texts.po import PoError, po_bytes
from bot.texts.po_import import import_po


def test_the_review_page_shows_variants_beside_their_swedish_and_the_convention(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    rows = review_rows(texts, engine, "uk")
    keys = [r.key for r in rows]
    at_ = keys.index("common.closed")
    assert keys[at_ + 1] == "guardian.shared.closed"
    assert rows[at_ + 1].swedish == texts.catalogs["sv"]["common.closed"]
    assert rows[at_ + 1].text == texts.catalogs["uk"]["guardian.shared.closed"] and rows[at_ + 1].segments
    page = render_review(texts, engine, "uk")
    assert 'data-key="guardian.shared.closed"' in page and texts.convention("uk") in page
    assert texts.convention("ar") in render_review(texts, engine, "ar")
    assert "guardian.shared" not in "".join(r.key for r in review_rows(texts, engine, "ar"))


def test_the_po_file_carries_each_variant_with_its_swedish(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    catalog = read_po(io.BytesIO(po_bytes(texts, engine, "prs")))
    entry = catalog.get(texts.catalogs["sv"]["common.reminder"], context="guardian.shared.reminder")
    assert entry is not None and entry.string == texts.catalogs["prs"]["guardian.shared.reminder"]


def test_a_variant_round_trips_through_the_po_file(locales_copy: Path) -> None:
    texts, engine = load_texts_and_engine(locales_dir=locales_copy)
    catalog = read_po(io.BytesIO(po_bytes(texts, engine, "uk")))
    message = next(m for m in catalog if m.context == "guardian.shared.closed")
    new = "Час для відповідей минув. Дякуємо! Скажіть свою думку працівникам до зустрічі або на ній."
    message.string = new
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    assert import_po(texts, "uk", io.BytesIO(out.getvalue())).changed == ["guardian.shared.closed"]
    again = load_texts_and_engine(locales_dir=locales_copy)[0]
    assert again.catalogs["uk"]["guardian.shared.closed"] == new
    assert again.catalogs["uk"]["common.closed"] == texts.catalogs["uk"]["common.closed"]
    message = next(m for m in catalog if m.context == "guardian.shared.rating_choice")
    message.string = "%{low}? Відповідайте однією цифрою."
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    with pytest.raises(PoError, match=r"guardian\.shared\.rating_choice: placeholders differ"):
        import_po(again, "uk", io.BytesIO(out.getvalue()))
