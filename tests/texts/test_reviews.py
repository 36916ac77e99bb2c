"""Changed since the last review: the committed baseline (locales/reviewed/), recorded reviews laid over it
key by key, and the effective status: reviewed only when reviews cover every key and nothing changed or is
stale since; status.yml's `reviewed` lapses the same way. Draft languages are offered only when accepted."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.services.runtime import LOCALES_DIR, load_texts_and_engine
from bot.texts.languages import LanguageError, check_offered, draft_languages, language_statuses, offered_languages
from bot.texts.reviews import Review, changed_keys, merged_baseline, read_baseline, text_hashes, write_baseline
from bot.texts.sources import source_hash

DAY = dt.date(2026, 11, 20)


@dataclass
class Org:
    slug: str = "flen"
    languages: list[str] | None = None
    accept_drafts: bool = False


def test_every_translation_has_a_committed_baseline() -> None:
    texts, _ = load_texts_and_engine()
    for lang in texts.languages[1:]:
        baseline = read_baseline(LOCALES_DIR, lang)
        assert len(baseline) > 80 and "youth.q.safe" in baseline, lang
    assert read_baseline(LOCALES_DIR, "sv") == {}


def test_changed_keys_follow_the_latest_review_of_each_key() -> None:
    catalog = {"a": "one", "b": "two", "c": "three"}
    file = {"a": source_hash("one"), "b": source_hash("old two")}  # c was never reviewed
    assert changed_keys(catalog, file) == ["b", "c"]
    first = Review("X", DAY, {"b": source_hash("two")})
    later = Review("Y", DAY, {"a": source_hash("older one")})
    assert changed_keys(catalog, merged_baseline(file, [first, later])) == ["a", "c"]
    assert text_hashes(catalog, ["c"]) == {"c": source_hash("three")}


def test_status_counts_reviews_changes_and_stale_keys(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    texts, _ = load_texts_and_engine(locales_dir=locales)
    fi = texts.catalogs["fi"]
    whole = Review("Modersmålslärare", DAY, text_hashes(fi))
    assert language_statuses(texts)["fi"].status == "draft"
    reviewed = language_statuses(texts, {"fi": [whole]})["fi"]
    assert (reviewed.status, reviewed.reviewer, reviewed.date) == ("reviewed", "Modersmålslärare", DAY)
    part = Review("Lärare", DAY, text_hashes(fi, ["youth.q.safe"]))
    assert language_statuses(texts, {"fi": [part]})["fi"].status == "draft"  # not every key covered
    texts.catalogs["fi"] = {**fi, "common.not_here": "Ei täällä."}  # a text changed after the review
    assert texts.changed("fi", [whole]) == ["common.not_here"]
    assert language_statuses(texts, {"fi": [whole]})["fi"].status == "draft"
    again = Review("Lärare", DAY, text_hashes(texts.catalogs["fi"], ["common.not_here"]))
    assert language_statuses(texts, {"fi": [whole, again]})["fi"].reviewer == "Lärare"
    texts.catalogs["fi"] = fi
    sv = locales / "sv.yml"  # a stale key (the Swedish changed) keeps it a draft however reviewed
    sv.write_text(sv.read_text(encoding="utf-8").replace('not_here: "', 'not_here: "Nu: ', 1), encoding="utf-8")
    texts, _ = load_texts_and_engine(locales_dir=locales)
    assert language_statuses(texts, {"fi": [whole]})["fi"].status == "draft"


def test_status_file_reviewed_lapses_when_a_text_changes(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    status = locales / "status.yml"
    status.write_text(status.read_text(encoding="utf-8").replace(
        "en: {status: draft, reviewer: null, date: null", "en: {status: reviewed, reviewer: Team, date: 2026-11-02"),
        encoding="utf-8")
    texts, _ = load_texts_and_engine(locales_dir=locales)
    write_baseline(locales, "en", texts.catalogs["en"])  # the review is recorded in the file baseline too
    assert language_statuses(texts)["en"].status == "reviewed"
    texts.catalogs["en"] = {**texts.catalogs["en"], "common.not_here": "Not here."}
    assert language_statuses(texts)["en"].status == "draft"


def test_draft_languages_are_offered_only_when_accepted() -> None:
    texts, _ = load_texts_and_engine()
    assert offered_languages(Org(), texts) == ("sv",)  # every translation is a draft today
    assert draft_languages(Org(languages=["sv", "ar"]), texts) == ("ar",)
    assert offered_languages(Org(accept_drafts=True), texts) == texts.languages
    statuses = language_statuses(texts, {"ar": [Review("X", DAY, text_hashes(texts.catalogs["ar"]))]})
    assert offered_languages(Org(), texts, statuses) == ("sv", "ar")
    with pytest.raises(LanguageError, match="'ti' is a draft"):
        check_offered(Org(), texts, "ti")
    with pytest.raises(LanguageError, match="does not offer language 'ti'"):
        check_offered(Org(languages=["sv", "ar"], accept_drafts=True), texts, "ti")
    assert check_offered(Org(), texts, "SV") == "sv"
