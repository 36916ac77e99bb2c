"""`flows check` on shared texts by role (bot/texts/role_check.py): it requires the guardian variants where a
language's address differs by role (uk, prs) and refuses them elsewhere; a variant keeps the shared text's
command words and placeholders, is measured as a guardian gets it on the shared text's budget, and goes stale
with its Swedish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.conversation.normal import normalise
from bot.services.runtime import load_texts_and_engine
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.check import check, report
from bot.texts.role_check import role_problems
from bot.texts.roles import is_variant, variant_key

FORMAL = ("uk", "prs")


def test_the_locales_have_every_variant_they_need_and_no_other(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    assert role_problems(texts) == []
    assert {lang for lang in texts.languages if texts.formal_guardians(lang)} == set(FORMAL)
    for lang in texts.languages:
        variants = {k for k in texts.catalogs[lang] if is_variant(k)}
        wanted = {variant_key(k) for k in texts.addresses_reader} if lang in FORMAL else set()
        assert variants == wanted, lang
    # labels and fragments address nobody; texts sent without a conversation do not know the role
    for key in ("common.menu_line", "common.readback_line", "common.no_answer", "common.sharing.label",
                "common.try_again", "common.unknown_number"):
        assert key not in texts.addresses_reader


@pytest.mark.parametrize("lang", FORMAL)
def test_variants_keep_the_command_words_of_the_shared_text(texts_and_engine: Any, lang: str) -> None:
    texts, engine = texts_and_engine

    def named(code: str, key: str) -> set[str]:
        """The commands (stop, skip, yes, ...) whose words the text names."""
        said = f" {normalise(texts.catalogs[code][key])} "
        return {name for word, name in engine.lexicon.vocabulary(code).commands.items() if f" {word} " in said}

    for key in texts.addresses_reader:
        wanted = named(SOURCE_LANGUAGE, key) & named(lang, key)
        if "language" in wanted:  # "SPRÅK: byt språk" names a word for change too, not as a command
            wanted.discard("change")
        assert wanted <= named(lang, str(variant_key(key))), (lang, key)


@pytest.fixture
def edited(locales_copy: Path) -> Callable[..., Texts]:
    """A copy of the locales with `change(tree)` applied to one language's file, loaded (python-i18n's global
    store gets the real catalogs back afterwards)."""
    locales = locales_copy

    def edit(lang: str, change: Callable[[dict[str, Any]], None]) -> Texts:
        path = locales / f"{lang}.yml"
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(tree)
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return load_texts_and_engine(locales_dir=locales)[0]
    return edit


def test_check_fails_on_a_missing_variant(edited: Callable[..., Texts]) -> None:
    texts = edited("uk", lambda tree: tree["guardian"]["shared"].pop("reask_rating"))
    assert role_problems(texts) == ["uk: missing key guardian.shared.reask_rating (addresses guardians formally: "
                                    "a guardian variant of common.reask_rating)"]


def test_check_fails_on_a_missing_questions_variant(edited: Callable[..., Texts]) -> None:
    texts = edited("prs", lambda tree: tree["guardian"]["shared"]["questions"].pop("why"))
    assert role_problems(texts) == ["prs: missing key guardian.shared.questions.why (addresses guardians formally: "
                                    "a guardian variant of questions.why)"]


def test_check_fails_on_a_shared_key_whose_variant_would_stand_for_another(edited: Callable[..., Texts]) -> None:
    texts = edited(SOURCE_LANGUAGE, lambda tree: tree["common"].update(questions={"why": "Varför?"}))
    assert "sv: common.questions.why's guardian variant would stand for questions.why (bot/texts/roles.py)" \
        in role_problems(texts)


def test_check_fails_on_a_variant_with_other_placeholders(edited: Callable[..., Texts]) -> None:
    texts = edited("prs", lambda tree: tree["guardian"]["shared"].update(rating_choice="%{low} یا %{top}؟"))
    assert role_problems(texts) == ["prs guardian.shared.rating_choice: placeholders ['low', 'top'] but sv "
                                    "common.rating_choice has ['high', 'low']"]


def test_check_fails_on_a_variant_where_the_address_does_not_differ(edited: Callable[..., Texts]) -> None:
    texts = edited("ar", lambda tree: tree["guardian"].update(shared={"closed": "انتهى الوقت."}))
    assert role_problems(texts) == ["ar: extra key guardian.shared.closed (a guardian variant, but ar addresses "
                                    "everyone alike: no formal_guardians in status.yml)"]
    _, engine = load_texts_and_engine(locales_dir=texts.locales_dir)
    assert any(p.startswith("ar: extra key guardian.shared.closed") for p in check(texts, engine))


def test_check_fails_on_a_variant_of_no_shared_text(edited: Callable[..., Texts]) -> None:
    texts = edited("prs", lambda tree: tree["guardian"]["shared"].update(goodbye="خدا حافظ."))
    assert role_problems(texts) == ["prs: extra key guardian.shared.goodbye (a guardian variant of common.goodbye, "
                                    "which is no shared text)"]


def test_report_measures_each_variant_as_a_guardian_gets_it_on_the_shared_budget(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    rows = {(r.lang, r.key): r for r in report(texts, engine)}
    for lang in FORMAL:
        for key in (k for k in texts.addresses_reader if (lang, k) in rows):  # not the lead, understood
            row = rows[(lang, str(variant_key(key)))]
            assert row.text.endswith(texts.catalogs[lang][variant_key(key)].split("%{")[-1].split("}")[-1])
            assert row.budget == rows[(lang, key)].budget and not row.problems(), (lang, key)
    assert rows[("uk", "guardian.shared.language_menu")].budget == (None, 2)
    assert not any(is_variant(key) for lang, key in rows if lang not in FORMAL)


def test_a_changed_swedish_shared_text_makes_its_variants_stale(edited: Callable[..., Texts]) -> None:
    texts = edited(SOURCE_LANGUAGE, lambda tree: tree["common"].update(reask_yes_no="Svara JA eller NEJ, tack."))
    for lang in FORMAL:
        stale = texts.stale(lang)
        assert "guardian.shared.reask_yes_no" in stale and "common.reask_yes_no" in stale, lang
