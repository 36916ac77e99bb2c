"""Stale translations: a changed Swedish text makes every translation of it stale in `flows check` and on the
review page, until `flows stamp` records the new Swedish for that language."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from bot.cli.flows import flows
from bot.reports.sheets import render_review, review_rows
from bot.services.runtime import LOCALES_DIR, load_texts_and_engine
from bot.texts.check import check
from bot.texts.sources import read_sources, source_hash


def _copy(tmp_path: Path) -> Path:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    return locales


def _change_swedish(locales: Path, section: str, key: str, text: str) -> None:
    path = locales / "sv.yml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    tree[section][key] = text
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")


def test_every_translation_records_its_swedish_source() -> None:
    texts, _ = load_texts_and_engine()
    for lang in texts.languages[1:]:
        recorded = read_sources(LOCALES_DIR, lang)
        assert recorded["youth.q.safe"] == source_hash(texts.catalogs["sv"]["youth.q.safe"]), lang
        assert texts.stale(lang) == [], lang


def test_a_changed_swedish_text_is_stale_until_stamped(tmp_path: Path) -> None:
    locales = _copy(tmp_path)
    _change_swedish(locales, "common", "not_here", "Det kan du inte göra just nu.")
    texts, engine = load_texts_and_engine(locales_dir=locales)
    problems = check(texts, engine)
    assert len(problems) == 7 and all("common.not_here: stale" in p for p in problems), problems
    assert "`hjulsamtal flows stamp --lang ar common.not_here`" in " ".join(problems)
    rows = {r.key: r for r in review_rows(texts, engine, "ar")}
    assert rows["common.not_here"].stale and not rows["common.reask_text"].stale
    page = render_review(texts, engine, "ar")
    assert 'data-key="common.not_here" class="stale"' in page and "1 texter är inaktuella" in page

    runner = CliRunner()
    result = runner.invoke(flows, ["stamp", "--lang", "ar", "common.not_here", "--locales", str(locales)])
    assert result.exit_code == 0 and result.stdout == "ar: 1 keys stamped\n", result.output
    texts, engine = load_texts_and_engine(locales_dir=locales)
    assert texts.stale("ar") == [] and texts.stale("uk") == ["common.not_here"]
    assert "class=\"stale\"" not in render_review(texts, engine, "ar")
    result = runner.invoke(flows, ["check", "--locales", str(locales)])
    assert result.exit_code == 1 and "ar common.not_here" not in result.stderr and "uk common.not_here" in result.stderr


def test_stamp_refuses_unknown_keys_and_languages_and_changes_nothing(tmp_path: Path) -> None:
    locales = _copy(tmp_path)
    before = (locales / "sources" / "ar.yml").read_text(encoding="utf-8")
    runner = CliRunner()
    for args, message in ((["--lang", "ar", "youth.q.nope"], "ar has no translated key 'youth.q.nope'"),
                          (["--lang", "xx"], "unknown language 'xx'"),
                          (["--lang", "sv"], "Swedish is the source")):
        result = runner.invoke(flows, ["stamp", *args, "--locales", str(locales)])
        assert result.exit_code == 1 and message in result.stderr, result.output
    assert (locales / "sources" / "ar.yml").read_text(encoding="utf-8") == before
