"""A language as a PO file and back: export -> a translator edits one msgstr -> import changes exactly that
key's line in locales/<lang>.yml; a broken placeholder is refused with one line and nothing written; stale
keys travel as fuzzy and an unfuzzied entry records its Swedish."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from bot.cli.flows import flows
from bot.services.runtime import load_texts_and_engine
from bot.texts.po import PoError, po_bytes
from bot.texts.po_import import import_po, mark_draft, replace_values
from bot.texts.sources import read_sources, source_hash


@pytest.fixture
def locales(locales_copy: Path) -> Path:
    """A copy of locales/ to edit (python-i18n's global store gets the real catalogs back afterwards)."""
    return locales_copy


def _edit(po: bytes, key: str, text: str, fuzzy: bool | None = None) -> bytes:
    """The PO file with one msgstr changed, as Poedit would save it (Babel writes it again)."""
    catalog = read_po(io.BytesIO(po))
    message = next(m for m in catalog if m.context == key)
    message.string = text
    if fuzzy is not None:
        message.flags = {"fuzzy"} if fuzzy else set()
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def _files(locales: Path) -> dict[str, str]:
    return {str(p.relative_to(locales)): p.read_text(encoding="utf-8") for p in sorted(locales.rglob("*.yml"))}


def test_the_export_carries_key_swedish_translation_segments_and_placeholders() -> None:
    texts, engine = load_texts_and_engine()
    catalog = read_po(io.BytesIO(po_bytes(texts, engine, "ar")))
    messages = {m.context: m for m in catalog if m.id}
    assert set(messages) == set(texts.catalogs["ar"]) - {"language.name"}
    invitation = messages["youth.invitation"]
    assert invitation.id == texts.catalogs["sv"]["youth.invitation"]
    assert invitation.string == texts.catalogs["ar"]["youth.invitation"]
    comments = " | ".join(invitation.auto_comments)
    assert "SMS segments as sent: sv 1 GSM-7, ar " in comments and "UCS-2" in comments
    names = sorted(texts.placeholders("sv", "youth.invitation"))
    assert "date" in names and "placeholders: " + ", ".join(f"%{{{n}}}" for n in names) in comments
    assert messages["sheet.title"].auto_comments[0] == "printed on paper, never sent"
    assert messages["area.safe"].auto_comments[0].startswith("part of a message; alone: sv 1 GSM-7, ar 1 UCS-2")
    assert not any(m.fuzzy for m in messages.values())  # nothing is stale today


def test_export_edit_import_round_trips_one_key(locales: Path) -> None:
    texts, engine = load_texts_and_engine(locales_dir=locales)
    before = _files(locales)
    po = po_bytes(texts, engine, "ar")
    assert import_po(texts, "ar", io.BytesIO(po)).changed == []  # unedited: nothing moves
    assert _files(locales) == before

    new = "لا يمكن فعل هذا هنا. \"جرّب\" مرة أخرى."
    done = import_po(texts, "ar", io.BytesIO(_edit(po, "common.not_here", new)))
    assert done.changed == ["common.not_here"] and done.stamped == []
    after = _files(locales)
    changed_files = sorted(name for name in after if after[name] != before[name])
    assert changed_files == ["ar.yml"]  # the source was current and status.yml already says draft
    old_lines, new_lines = before["ar.yml"].split("\n"), after["ar.yml"].split("\n")
    differ = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(differ) == 1 and new_lines[differ[0]].startswith("  not_here: ")
    assert yaml.safe_load(after["ar.yml"])["common"]["not_here"] == new
    assert load_texts_and_engine(locales_dir=locales)[0].catalogs["ar"]["common.not_here"] == new


@pytest.mark.parametrize(("text", "message"), [
    ("%{n} فقط", "ar common.menu_line: placeholders differ from the Swedish (missing %{name}); nothing imported"),
    ("%{n} %{name} %{org}",
     "ar common.menu_line: placeholders differ from the Swedish (extra %{org}); nothing imported"),
])
def test_a_broken_placeholder_is_refused_and_nothing_changes(locales: Path, text: str, message: str) -> None:
    texts, engine = load_texts_and_engine(locales_dir=locales)
    before = _files(locales)
    po = _edit(_edit(po_bytes(texts, engine, "ar"), "common.not_here", "نص جديد"), "common.menu_line", text)
    with pytest.raises(PoError) as error:
        import_po(texts, "ar", io.BytesIO(po))
    assert str(error.value) == message
    assert _files(locales) == before  # not even the good entry was written


def test_stale_keys_are_fuzzy_and_an_unfuzzied_import_records_its_swedish(locales: Path) -> None:
    sv = locales / "sv.yml"
    sv.write_text(sv.read_text(encoding="utf-8").replace(
        'not_here: "', 'not_here: "Nu: ', 1), encoding="utf-8")
    texts, engine = load_texts_and_engine(locales_dir=locales)
    assert "common.not_here" in texts.stale("ar")
    po = po_bytes(texts, engine, "ar")
    message = next(m for m in read_po(io.BytesIO(po)) if m.context == "common.not_here")
    assert message.fuzzy and message.id.startswith("Nu: ")
    import_po(texts, "ar", io.BytesIO(_edit(po, "common.not_here", "الآن: لا يمكن ذلك هنا.", fuzzy=True)))
    assert "common.not_here" in load_texts_and_engine(locales_dir=locales)[0].stale("ar")  # still fuzzy: still stale
    texts, engine = load_texts_and_engine(locales_dir=locales)
    done = import_po(texts, "ar", io.BytesIO(_edit(po_bytes(texts, engine, "ar"), "common.not_here",
                                                   "الآن: لا يمكن ذلك هنا.", fuzzy=False)))
    assert done.stamped == ["common.not_here"]
    assert read_sources(locales, "ar")["common.not_here"] == source_hash(texts.catalogs["sv"]["common.not_here"])
    assert load_texts_and_engine(locales_dir=locales)[0].stale("ar") == []


def test_an_imported_change_marks_a_reviewed_language_draft(locales: Path) -> None:
    status = locales / "status.yml"
    status.write_text(status.read_text(encoding="utf-8").replace(
        "fi: {status: draft, reviewer: null, date: null",
        "fi: {status: reviewed, reviewer: Modersmål Flen, date: 2026-11-02"),
        encoding="utf-8")
    texts, engine = load_texts_and_engine(locales_dir=locales)
    assert texts.status["fi"]["status"] == "reviewed"
    done = import_po(texts, "fi", io.BytesIO(_edit(po_bytes(texts, engine, "fi"), "common.not_here", "Ei onnistu.")))
    assert done.drafted
    line = next(x for x in status.read_text(encoding="utf-8").splitlines() if x.startswith("  fi:"))
    assert line == "  fi: {status: draft, reviewer: null, date: null, dir: ltr, sms: GSM-7}"


def test_the_line_rewriter_keeps_everything_else() -> None:
    source = 'a:  # c\n  b: "x"  # keep\n  "yes": "y"\nc: "z"\n'
    assert replace_values(source, {"a.b": 'n"\\\n', "a.yes": "j"}) == \
        'a:  # c\n  b: "n\\"\\\\\\n"  # keep\n  "yes": "j"\nc: "z"\n'
    with pytest.raises(KeyError):
        replace_values(source, {"a.nope": "q"})
    assert mark_draft("  ar: {status: reviewed, reviewer: X Y, date: 2026-01-02, dir: rtl}", "ar") == \
        "  ar: {status: draft, reviewer: null, date: null, dir: rtl}"


def test_the_cli_exports_and_imports_with_one_line_errors(locales: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "so.po"
    result = runner.invoke(flows, ["po-export", "so", "-o", str(out), "--locales", str(locales)])
    assert result.exit_code == 0, result.output
    po = out.read_bytes()
    assert b'msgctxt "youth.q.safe"' in po
    out.write_bytes(_edit(po, "common.not_here", "Halkan lagama samayn karo."))
    result = runner.invoke(flows, ["po-import", "so", str(out), "--locales", str(locales)])
    assert result.exit_code == 0 and result.stdout == "so: 1 texts changed, 0 sources recorded\n", result.output
    before = _files(locales)
    out.write_bytes(_edit(po, "youth.invitation", "Maalin wanaagsan %{org}"))
    result = runner.invoke(flows, ["po-import", "so", str(out), "--locales", str(locales)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "so youth.invitation: placeholders differ from the Swedish (missing %{date})" in result.stderr
    assert _files(locales) == before
    for args, message in ((["po-export", "sv"], "Swedish is the source"), (["po-export", "xx"], "unknown language")):
        result = runner.invoke(flows, [*args, "--locales", str(locales)])
        assert result.exit_code == 1 and message in result.stderr, result.output
    out.write_text("msgid \"unterminated\nmsgstr", encoding="utf-8")
    result = runner.invoke(flows, ["po-import", "so", str(out), "--locales", str(locales)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and _files(locales) == before, result.output
