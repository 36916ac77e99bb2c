"""A language as a gettext PO file, for translators in Poedit or Weblate, and back (Babel's pofile).

Rule: one entry per key of the language: msgctxt = the key, msgid = the Swedish source, msgstr = the
translation, translator comments with each text's SMS segments (as sent, when it is sent) and its
placeholders; a stale key (the Swedish changed since it was translated) is marked fuzzy. Reading back
checks every entry before anything is written (bot/texts/po_import.py writes): an unknown key or a
translation whose placeholders differ from the Swedish is a one-line PoError.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.conversation import Engine
from bot.texts.catalogue import PLACEHOLDER, SOURCE_LANGUAGE, Texts
from bot.texts.check import report
from bot.texts.segments import sms_cost
from bot.texts.sheet_keys import is_sheet_key
from bot.texts.sources import UNSOURCED

HEADER_COMMENT = ("# Hjulsamtal: a translation of the Swedish texts (msgctxt: the key).\n"
                  "# Keep every %{placeholder} of the Swedish. Import: hjulsamtal flows po-import LANG FILE.")


class PoError(ValueError):
    """A PO file cannot be imported; the message is one line."""


@dataclass(frozen=True)
class PoEntry:
    """One translated key as read from a PO file."""

    key: str
    swedish: str  # the msgid: the Swedish the translator saw
    text: str
    fuzzy: bool


def _size(text: str) -> str:
    cost = sms_cost(text)
    return f"{cost.segments} {cost.encoding}"


def _comments(texts: Texts, lang: str, key: str, sent: dict[tuple[str, str], str]) -> list[str]:
    source_key = texts.source_key(key)
    swedish, own = texts.catalogs[SOURCE_LANGUAGE][source_key], texts.catalogs[lang][key]
    if is_sheet_key(key):
        size = "printed on paper, never sent"
    elif (lang, key) in sent and (SOURCE_LANGUAGE, source_key) in sent:
        size = f"SMS segments as sent: sv {sent[SOURCE_LANGUAGE, source_key]}, {lang} {sent[lang, key]}"
    else:
        size = f"part of a message; alone: sv {_size(swedish)}, {lang} {_size(own)}"
    names = sorted(set(PLACEHOLDER.findall(swedish)))
    return [size, "placeholders: " + (", ".join(f"%{{{n}}}" for n in names) if names else "none")]


def po_catalog(texts: Texts, engine: Engine, lang: str) -> Catalog:
    """The language as a Babel catalog: every key of it with a Swedish source."""
    status = texts.status.get(lang, {})
    catalog = Catalog(locale=status.get("babel") or lang, project="Hjulsamtal", fuzzy=False,
                      header_comment=HEADER_COMMENT)
    sent = {(row.lang, row.key): f"{row.segments} {row.encoding}" for row in report(texts, engine)
            if row.lang in (lang, SOURCE_LANGUAGE)}
    stale = set(texts.stale(lang))
    source = texts.catalogs[SOURCE_LANGUAGE]
    for key, text in texts.catalogs[lang].items():
        swedish = source.get(texts.source_key(key))
        if swedish is None or key in UNSOURCED:  # the language's own name is not translated from Swedish
            continue
        catalog.add(swedish, string=text, context=key, auto_comments=_comments(texts, lang, key, sent),
                    flags=["fuzzy"] if key in stale else [])
    return catalog


def po_bytes(texts: Texts, engine: Engine, lang: str) -> bytes:
    """The language's PO file (UTF-8)."""
    out = io.BytesIO()
    write_po(out, po_catalog(texts, engine, lang), width=0)
    return out.getvalue()


def read_entries(texts: Texts, lang: str, fileobj: BinaryIO) -> list[PoEntry]:
    """The translated entries of a PO file for `lang` (empty translations left out), checked: a known key,
    the same placeholders as its Swedish; PoError (one line) otherwise."""
    try:
        catalog = read_po(fileobj, locale=None)
    except Exception as exc:
        raise PoError(f"not a PO file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    own = texts.catalogs[lang]
    entries = []
    for message in catalog:
        if not message.id or not isinstance(message.string, str):
            continue  # the header; plural entries are not ours
        key = message.context
        if key is None or key not in own:
            raise PoError(f"{lang}: unknown key {key!r} (msgctxt must be a key of locales/{lang}.yml)")
        if not message.string:
            continue
        wanted = set(PLACEHOLDER.findall(texts.catalogs[SOURCE_LANGUAGE][texts.source_key(key)]))
        found = set(PLACEHOLDER.findall(message.string))
        if found != wanted:
            missing, extra = sorted(wanted - found), sorted(found - wanted)
            what = "; ".join(part for part in (
                "missing " + ", ".join(f"%{{{n}}}" for n in missing) if missing else "",
                "extra " + ", ".join(f"%{{{n}}}" for n in extra) if extra else "") if part)
            raise PoError(f"{lang} {key}: placeholders differ from the Swedish ({what}); nothing imported")
        entries.append(PoEntry(key, str(message.id), message.string, message.fuzzy))
    return entries
