"""The paper sheet's texts (`sheet.*`) are printed, never sent: every locale has each one the sheet prints,
`flows check` measures none of them as an SMS (no segment budget, no LIX), and the PO export says so."""

from __future__ import annotations

from typing import Any

from bot.texts.check import report
from bot.texts.sheet_keys import is_sheet_key, sheet_keys


def test_every_locale_has_every_sheet_key(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    keys = sheet_keys(engine)
    assert "sheet.youth.q.safe" in keys and "sheet.guardian.circle" in keys and "sheet.choice.ratings" in keys
    for lang in texts.languages:
        assert [k for k in keys if k not in texts.catalogs[lang]] == [], lang
        assert [k for k in texts.catalogs[lang] if is_sheet_key(k) and k not in keys] == [], lang


def test_sheet_texts_are_never_measured_as_sms(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    assert not [row.key for row in report(texts, engine) if is_sheet_key(row.key)]
    long_sheet_text = max((texts.catalogs[lang][k] for lang in texts.languages for k in sheet_keys(engine)), key=len)
    assert len(long_sheet_text) > 140  # longer than one UCS-2 or GSM-7 SMS would allow, and that is fine


def test_paper_wording_has_no_sms_instructions(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for key in sheet_keys(engine):
        swedish = texts.catalogs["sv"][key]
        for sms in ("Svara", "HOPPA", "Fråga ", "sms", "efter siffran"):
            assert sms not in swedish, (key, sms)
