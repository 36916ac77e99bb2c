"""Shared texts by role (issue 17): in uk and prs a guardian is addressed formally, a young person
informally; the engine marks each reply with its reader's role and rendering picks `guardian.shared.X` for
`common.X` (`guardian.shared.questions.X` for `questions.X`, the answers about the service) where the language
has it. `flows check` requires the variants where a language's address differs by
role and refuses them elsewhere; they are stamped, reviewed and exported like every translation, and go out over SMS."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from bot.conversation import AreaAnswer, Conversation, Reply, Text
from bot.conversation.normal import normalise
from bot.conversation.turn import UNDERSTOOD
from bot.reports.sheets import render_review, review_rows
from bot.services.runtime import Runtime, load_texts_and_engine
from bot.texts.bilingual import render_bodies
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.check import check, report, role_problems
from bot.texts.po import PoError, po_bytes
from bot.texts.po_import import import_po
from bot.texts.roles import is_variant, key_for, shared_key, variant_key
from tests.support.common import PHONES
from tests.support.humans import messages

TODAY = dt.date(2026, 11, 23)
FORMAL = ("uk", "prs")


def at(state: str, lang: str, flow: str) -> Conversation:
    return Conversation(flow=flow, state=state, lang=lang)


def test_keys_map_between_shared_texts_and_guardian_variants() -> None:
    assert variant_key("common.reask_rating") == "guardian.shared.reask_rating"
    assert variant_key("youth.q.safe") is None
    assert shared_key("guardian.shared.reask_rating") == "common.reask_rating"
    assert shared_key("guardian.q.safe") == "guardian.q.safe" and not is_variant("guardian.q.safe")
    catalog = {"common.closed": "x", "guardian.shared.closed": "y"}
    assert key_for(catalog, "common.closed", "guardian") == "guardian.shared.closed"
    assert key_for(catalog, "common.closed", "youth") == "common.closed"
    assert key_for(catalog, "common.closed", None) == "common.closed"
    assert key_for(catalog, "common.stopped", "guardian") == "common.stopped"  # no variant: the shared text
    assert variant_key("questions.who_reads") == "guardian.shared.questions.who_reads"
    assert shared_key("guardian.shared.questions.who_reads") == "questions.who_reads"
    catalog = {"questions.why": "x", "guardian.shared.questions.why": "y"}
    assert key_for(catalog, "questions.why", "guardian") == "guardian.shared.questions.why"
    assert key_for(catalog, "questions.why", "youth") == "questions.why"


def test_every_reply_carries_its_conversations_role(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    for flow in ("youth", "guardian"):
        step = engine.begin(flow, "uk", org="Flens kommun", date=dt.date(2026, 12, 10))
        assert step.replies and {r.role for r in step.replies} == {flow}
        for body in ("hej", "ja", "typ 4", "hjälp"):
            step = engine.step(step.conversation, Text(body, TODAY))
            assert {r.role for r in step.replies} == {flow}, body


@pytest.mark.parametrize("lang", FORMAL)
def test_a_guardian_gets_the_formal_re_ask_and_a_young_person_the_informal(texts_and_engine: Any,
                                                                           lang: str) -> None:
    texts, engine = texts_and_engine
    catalog = texts.catalogs[lang]
    sent = {}
    for flow in ("youth", "guardian"):
        step = engine.step(at("q_safe", lang, flow), Text("hmm", TODAY))
        assert [r.key for r in step.replies] == ["common.reask_rating"]
        sent[flow] = texts.render(step.replies[0], lang)
    assert sent["youth"] == catalog["common.reask_rating"]
    assert sent["guardian"] == catalog["guardian.shared.reask_rating"]
    if lang == "uk":
        assert sent["youth"].startswith("Відповідай ") and sent["guardian"].startswith("Відповідайте ")


@pytest.mark.parametrize("lang", FORMAL)
def test_a_guardian_asking_who_reads_gets_the_formal_answer_and_a_young_person_the_informal(
        texts_and_engine: Any, lang: str) -> None:
    texts, engine = texts_and_engine
    catalog = texts.catalogs[lang]
    asked = {"uk": "Хто це читатиме?", "prs": "کی اینرا میخواند؟"}[lang]
    sent = {}
    for flow in ("youth", "guardian"):
        step = engine.step(at("q_safe", lang, flow), Text(asked, TODAY))
        assert [r.key for r in step.replies][:1] == ["questions.who_reads"], flow
        sent[flow] = texts.render(step.replies[0], lang)
    assert sent["youth"] == catalog["questions.who_reads"]
    assert sent["guardian"] == catalog["guardian.shared.questions.who_reads"] != sent["youth"]
    if lang == "uk":
        assert " ти обираєш" in sent["youth"] and " Ви обираєте" in sent["guardian"]
    else:
        assert "خودت انتخاب میکنی" in sent["youth"] and "خودتان انتخاب میکنید" in sent["guardian"]


def test_what_was_understood_leads_in_the_readers_form(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    reply = Reply("guardian.q.healthy", {"n": 2, "total": 8, "area": Reply("area.healthy")},
                  lead=Reply(UNDERSTOOD, {"rating": 4}), role="guardian")
    assert texts.render(reply, "prs").startswith("جواب شما: 4.\n")
    assert texts.render(Reply(reply.key, reply.params, lead=reply.lead, role="youth"), "prs").startswith("جواب تو: 4.")


def test_a_language_without_variants_and_swedish_say_the_shared_text(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for lang in ("sv", "ar", "fi"):
        step = engine.step(at("q_safe", lang, "guardian"), Text("hmm", TODAY))
        assert texts.render(step.replies[0], lang) == texts.catalogs[lang]["common.reask_rating"]


@pytest.mark.parametrize("lang", FORMAL)
def test_bilingual_guardian_gets_the_formal_text_then_swedish(texts_and_engine: Any, lang: str) -> None:
    texts, _ = texts_and_engine
    bodies = render_bodies(texts, Reply("common.reask_yes_no", role="guardian"), lang, True)
    assert bodies == [texts.catalogs[lang]["guardian.shared.reask_yes_no"], texts.catalogs["sv"]["common.reask_yes_no"]]


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


# --- flows check -----------------------------------------------------------------------------------------

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


# --- measured, stale, reviewed, exported -----------------------------------------------------------------

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


def test_a_youth_read_back_in_ukrainian_is_unchanged_by_roles(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    conv = Conversation(flow="youth", state="readback", lang="uk", matters_most="Школа",
                        answers={a: AreaAnswer(rating=4) for a in engine.wheel.areas})
    step = engine.step(conv, Text("ні", TODAY))
    assert [r.key for r in step.replies] == ["common.reask_readback"]
    assert texts.render(step.replies[0], "uk") == texts.catalogs["uk"]["common.reask_readback"]


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


@pytest.mark.parametrize("role", ["youth", "guardian"])
def test_over_sms_a_ukrainian_guardian_is_re_asked_formally(rt: Runtime, invited: Callable[..., str],
                                                            send_sms: Callable[..., Any], role: str) -> None:
    invited(PHONES[0], role, "uk")
    catalog = rt.texts.catalogs["uk"]
    for body in ("Привіт", "так"):
        assert send_sms(PHONES[0], body).status_code == 200
    answer = messages(send_sms(PHONES[0], "хм").get_data(as_text=True))
    key = "guardian.shared.reask_rating" if role == "guardian" else "common.reask_rating"
    assert answer == [catalog[key]]
