"""Every locale first-class: complete, reviewed-or-draft status as data, its own budgets, its own dates,
commands documented in its own help texts, and `flows check` strict about keys and placeholders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from bot.cli.flows import flows
from bot.conversation import Reply
from bot.conversation.datafiles import FLOWS_DIR
from bot.conversation.lexicon import normalise
from bot.texts.bilingual import SWEDISH_ONLY_KEYS
from bot.texts.catalogue import Texts
from bot.texts.check import check, report
from bot.texts.languages import language_statuses, read_status
from bot.texts.reviews import write_baseline
from bot.texts.segments import sms_cost

LOCALES = ("sv", "en", "ar", "so", "ti", "prs", "fi", "uk")
GSM7 = ("sv", "en", "fi", "so")
UCS2 = ("ar", "prs", "ti", "uk")
OWN_NAMES = {"sv": "Svenska", "en": "English", "ar": "العربية", "so": "Soomaali", "ti": "ትግርኛ", "prs": "دری",
             "fi": "Suomi", "uk": "Українська"}
INVISIBLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u202f\u00a0\u2009]")
# What each language's own script looks like, to tell that a text is really in it.
SCRIPT = {"ar": "[\u0600-\u06ff]", "prs": "[\u0600-\u06ff]", "ti": "[\u1200-\u137f]", "uk": "[\u0400-\u04ff]"}


def test_every_locale_is_there_in_menu_order(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    assert texts.languages == LOCALES
    assert engine.languages == LOCALES  # the SPRÅK menu numbers them in this order
    assert "status" not in texts.catalogs  # status.yml sits beside the locales but is not one


def test_review_status_and_own_names(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    statuses = language_statuses(texts)
    assert {code: s.name for code, s in statuses.items()} == OWN_NAMES
    assert statuses["sv"].status == "source"
    assert all(statuses[code].status == "draft" and statuses[code].reviewer is None for code in LOCALES[1:])
    assert {code for code, s in statuses.items() if s.direction == "rtl"} == {"ar", "prs"}
    assert {code for code, s in statuses.items() if s.sms == "UCS-2"} == set(UCS2)
    assert statuses["ar"].as_dict()["status"] == "draft"


def test_status_file_refuses_an_unknown_status(tmp_path: Path) -> None:
    (tmp_path / "status.yml").write_text("languages:\n  ar: {status: checked, dir: rtl, sms: UCS-2}\n")
    with pytest.raises(ValueError, match=r"ar\.status must be one of source, reviewed, draft"):
        read_status(tmp_path)


def test_reviewed_status_is_read_with_reviewer_and_date(locales_copy: Path) -> None:
    status = yaml.safe_load((locales_copy / "status.yml").read_text(encoding="utf-8"))
    status["languages"]["fi"].update(status="reviewed", reviewer="Modersmålsenheten Eskilstuna", date="2026-11-01")
    (locales_copy / "status.yml").write_text(yaml.safe_dump(status, allow_unicode=True), encoding="utf-8")
    texts = Texts(locales_copy)
    write_baseline(locales_copy, "fi", texts.catalogs["fi"])  # the texts as reviewed (`flows baseline`)
    fi = language_statuses(texts)["fi"]
    assert (fi.status, fi.reviewer, fi.date) == ("reviewed", "Modersmålsenheten Eskilstuna", dt.date(2026, 11, 1))


def test_flows_check_passes_for_every_locale(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    assert check(texts, engine) == []
    result = CliRunner().invoke(flows, ["check"])
    assert result.exit_code == 0 and result.stdout.strip() == "ok: 2 flows, 8 languages", result.output


def _edit(locales: Path, lang: str, change: Any) -> None:
    path = locales / f"{lang}.yml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(tree)
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")


def test_flows_check_requires_a_status_for_every_locale(locales_copy: Path) -> None:
    (locales_copy / "pl.yml").write_text((locales_copy / "en.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(flows, ["check", "--locales", str(locales_copy)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["pl: not in status.yml (review status, direction and SMS alphabet)",
                                          "pl: no record of the Swedish it was translated from (once it is, run "
                                          "`hjulsamtal flows stamp --lang pl`)"]


@pytest.mark.parametrize(("lang", "change", "problem"), [
    ("ar", lambda t: t["youth"]["q"].pop("active"), "ar: missing key youth.q.active"),
    ("ti", lambda t: t["sheet"]["youth"].pop("how"), "ti: missing key sheet.youth.how"),
    ("prs", lambda t: t["common"].update(extra="x"), "prs: extra key common.extra"),
    ("uk", lambda t: t["guardian"].update(invitation="Привіт! %{org}. СТОП"), "uk guardian.invitation: placeholders"),
    ("fi", lambda t: t["common"].update(menu_line="%{n} %{nimi}"), "fi common.menu_line: placeholders"),
    ("so", lambda t: t["youth"]["q"].update(safe="Su'aal %{n}/%{total}. " + "a" * 160 + " %{area}"),
     "so youth.q.safe: 2 GSM-7 segments (budget 1 GSM-7)"),
    ("ar", lambda t: t["common"].update(reask_rating="أجب برقم من 1 إلى 5. " * 7), "ar common.reask_rating: 3 UCS-2"),
    ("fi", lambda t: t["common"].update(stopped="Selvä – et saa viestejä."), "fi common.stopped: 1 UCS-2 segments"),
])
def test_flows_check_command_fails_on_a_broken_locale(locales_copy: Path, lang: str, change: Any,
                                                       problem: str) -> None:
    _edit(locales_copy, lang, change)
    result = CliRunner().invoke(flows, ["check", "--locales", str(locales_copy)])
    assert result.exit_code == 1
    assert any(line.startswith(problem) for line in result.stderr.splitlines()), result.stderr
    assert result.stdout == ""


LONG = (".consent", ".disclosure")  # may take 2 GSM-7 or 3 UCS-2 segments


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("key", ["youth.consent", "guardian.consent", "youth.disclosure", "guardian.disclosure"])
def test_consent_and_disclosure_take_at_most_two_gsm7_or_three_ucs2_segments(texts_and_engine: Any, lang: str,
                                                                               key: str) -> None:
    texts, _ = texts_and_engine
    cost = sms_cost(texts.render(Reply(key), lang))
    if lang in GSM7:
        assert (cost.encoding, cost.segments) in (("GSM-7", 1), ("GSM-7", 2)), (lang, key, cost)
    else:
        assert cost.segments <= 3, (lang, key, cost)


def test_every_message_within_its_languages_budget(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    rows = report(texts, engine)
    assert {r.lang for r in rows} == set(LOCALES)
    for row in rows:
        cost = sms_cost(row.text)
        if row.key == "common.language_menu":
            assert cost.segments <= 2, row.lang
        elif row.lang in GSM7:
            most = 2 if row.readback or row.key.endswith(LONG) else 1
            assert (cost.encoding, cost.segments) <= ("GSM-7", most), (row.lang, row.key)
            assert cost.encoding == "GSM-7", (row.lang, row.key)
        else:
            assert cost.segments <= (4 if row.readback else 3 if row.key.endswith(LONG) else 2), (row.lang, row.key)
        assert row.problems() == []


def test_flows_report_shows_every_language_ok_and_the_bilingual_cost() -> None:
    result = CliRunner().invoke(flows, ["report"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    verdicts = {(p[0], p[1]): p[-1] for p in map(str.split, lines[1:]) if p[0] in LOCALES and p[2] != "|"}
    assert {lang for lang, _ in verdicts} == set(LOCALES)
    assert set(verdicts.values()) == {"ok"}
    # per language: one language | before -> after (all messages), then the guardian happy path likewise
    summary = {p[0]: [int(p[i]) for i in (1, 3, 5, 6, 8, 10)] for p in map(str.split, lines)
               if len(p) > 10 and p[2] == "|"}
    assert set(summary) == set(LOCALES[1:])
    for lang, (mono, before, after, path_mono, path_before, path_after) in summary.items():
        assert before > mono and after > mono and path_after > path_mono, lang
        if lang in ("ar", "ti", "prs", "uk"):  # two SMS keep the Swedish in GSM-7: cheaper than one UCS-2 SMS
            assert after < before and path_after < path_before, lang
    assert lines[-1] == "0 over budget"


@pytest.mark.parametrize("lang", LOCALES)
def test_long_dates_in_each_locale_without_invisible_marks(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    for month in range(1, 13):
        text = texts.format_date(dt.date(2026, month, 28), lang)
        assert not INVISIBLE.search(text), (lang, text)
        assert "2026" in text and "28" in text
    expected = {"sv": "12 maj 2026", "ar": "12 مايو 2026", "so": "Maayo 12, 2026", "ti": "ጉንበት 12, 2026",
                "fi": "12. toukokuuta 2026", "uk": "12 травня 2026 р.", "prs": "12 می 2026", "en": "May 12, 2026"}
    assert texts.format_date(dt.date(2026, 5, 12), lang) == expected[lang]


@pytest.mark.parametrize("lang", LOCALES)
def test_no_direction_marks_in_any_sms_body(texts_and_engine: Any, lang: str) -> None:
    texts, engine = texts_and_engine
    for row in report(texts, engine):
        if row.lang == lang:
            assert not INVISIBLE.search(row.text), (lang, row.key)
    for raw in texts.catalogs[lang].values():
        assert not INVISIBLE.search(raw)


@pytest.mark.parametrize("lang", LOCALES)
def test_texts_are_in_their_own_script(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    if lang in SCRIPT:
        for key, text in texts.catalogs[lang].items():
            if key not in ("common.menu_line", "common.readback_line", "common.no_answer", "common.signed"):
                assert re.search(SCRIPT[lang], text), (lang, key)
    else:
        assert texts.catalogs[lang]["youth.consent"] != texts.catalogs["sv"]["youth.consent"] or lang == "sv"


@pytest.mark.parametrize("lang", LOCALES)
def test_help_texts_document_the_languages_own_command_words(texts_and_engine: Any, lang: str) -> None:
    """Each help text set names the first word the lexicon lists for each command, yes and no."""
    texts, engine = texts_and_engine
    words = yaml.safe_load((FLOWS_DIR / "lexicon" / f"{lang}.yaml").read_text(encoding="utf-8"))
    helps = " ".join(texts.catalogs[lang][k] for k in texts.catalogs[lang] if k.startswith("common.help_"))
    said = f" {normalise(helps)} "
    for name in ("skip", "back", "change", "language", "stop", "yes", "no"):
        first = normalise(str(words[name][0]))
        assert f" {first} " in said, (lang, name, first)
        assert engine.lexicon.command(first, lang) or engine.lexicon.yes_no(first, lang) is not None


@pytest.mark.parametrize("lang", LOCALES)
def test_rendering_never_returns_a_key(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    for key in texts.catalogs["sv"]:
        text = texts.render(Reply(key, {}), lang) if "%{" not in texts.catalogs["sv"][key] else None
        assert text is None or (text and text != key)


@pytest.mark.parametrize("lang", LOCALES[1:])
def test_help_numbers_and_command_examples_survive_translation(texts_and_engine: Any, lang: str) -> None:
    """Where Swedish gives 112, Bris 116 111 (or its line for adults), a scale 1-5 or an example like ÄNDRA 3, so
    does the translation."""
    texts, _ = texts_and_engine
    for key, swedish in texts.catalogs["sv"].items():
        if key in SWEDISH_ONLY_KEYS:
            continue
        ours = texts.catalogs[lang][key]
        for must in ("112", "116 111", "077-150 50 50", "1-5", ":( :/ :| :) :D"):
            if must in swedish:
                assert must in ours, (lang, key, must)
        if "ÄNDRA 3" in swedish:
            assert re.search(r"\b3\b", ours), (lang, key)


@pytest.mark.parametrize("lang", ["ar", "prs"])
def test_right_to_left_messages_start_right_to_left(texts_and_engine: Any, lang: str) -> None:
    """A phone picks a message's direction from its first strong letter: it must be Arabic script, or the
    whole SMS (with an organisation name or a Swedish excerpt in it) is laid out left to right."""
    import unicodedata

    texts, engine = texts_and_engine
    for row in report(texts, engine):
        if row.lang == lang:
            first = next(unicodedata.bidirectional(ch) for ch in row.text
                         if unicodedata.bidirectional(ch) in ("L", "R", "AL"))
            assert first in ("R", "AL"), (lang, row.key, row.text[:30])
