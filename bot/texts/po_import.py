"""Write a PO file's translations back into locales/<lang>.yml, keeping the file as it was otherwise.

Rule: every entry is checked first (bot/texts/po.py); then only the lines of keys whose text changed are
rewritten (a double-quoted YAML scalar), so order, comments and layout stay; the new file is parsed again
and must hold exactly the old texts with the changes, or nothing is written. Imported entries that are
not fuzzy record the Swedish they were translated from (their msgid, locales/sources/); a language whose
texts changed is marked draft in locales/status.yml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import yaml

from bot.texts.catalogue import Texts, flatten
from bot.texts.languages import STATUS_FILE
from bot.texts.po import PoError, read_entries
from bot.texts.sources import UNSOURCED, read_sources, source_hash, sources_path, sources_text

_LINE = re.compile(r'^(?P<indent> *)(?P<key>"[^"]+"|[^\s:#"]+):(?P<rest>.*)$')
_STATUS_LINE = re.compile(r"^(?P<head>\s+(?P<code>[\w-]+):\s*\{)(?P<body>.*)(?P<tail>\}.*)$")


@dataclass(frozen=True)
class Imported:
    """What an import changed: the keys whose text changed and the keys whose Swedish source was recorded anew."""

    changed: list[str]
    stamped: list[str]
    drafted: bool  # whether status.yml was set back to draft


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _value_end(rest: str) -> int:
    """The end of the double-quoted scalar that `rest` starts with (after spaces), or -1."""
    start = len(rest) - len(rest.lstrip(" "))
    if not rest[start:].startswith('"'):
        return -1
    i = start + 1
    while i < len(rest):
        if rest[i] == "\\":
            i += 2
            continue
        if rest[i] == '"':
            return i + 1
        i += 1
    return -1


def replace_values(source: str, changes: dict[str, str]) -> str:
    """The locale file `source` with the texts of `changes` (flat key -> text) replaced in place; KeyError
    naming a key that is not a one-line double-quoted text of the file."""
    path: list[tuple[int, str]] = []
    lines = source.split("\n")
    done = set()
    for n, line in enumerate(lines):
        match = _LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent, key, rest = len(match["indent"]), match["key"].strip('"'), match["rest"]
        while path and path[-1][0] >= indent:
            path.pop()
        flat = ".".join([*(name for _, name in path), key])
        end = _value_end(rest)
        if end < 0:
            path.append((indent, key))
            continue
        if flat in changes:
            lines[n] = f"{match['indent']}{match['key']}: {_quoted(changes[flat])}{rest[end:]}"
            done.add(flat)
    missing = sorted(set(changes) - done)
    if missing:
        raise KeyError(missing[0])
    return "\n".join(lines)


def mark_draft(status: str, lang: str) -> str:
    """locales/status.yml with `lang` set to draft, no reviewer and no date (unchanged if it is a draft)."""
    out = []
    for line in status.split("\n"):
        match = _STATUS_LINE.match(line)
        if match and match["code"] == lang:
            body = re.sub(r"status:\s*\w+", "status: draft", match["body"])
            body = re.sub(r"reviewer:\s*[^,}]*", "reviewer: null", body)
            body = re.sub(r"date:\s*[^,}]*", "date: null", body)
            line = match["head"] + body + match["tail"]
        out.append(line)
    return "\n".join(out)


def import_po(texts: Texts, lang: str, fileobj: BinaryIO) -> Imported:
    """Write a PO file's translations of `lang` into its locale file (see the module rule); PoError (one
    line) and nothing written on any problem."""
    entries = read_entries(texts, lang, fileobj)
    own = texts.catalogs[lang]
    changes = {e.key: e.text for e in entries if e.text != own[e.key]}
    locale_path = texts.locales_dir / f"{lang}.yml"
    before = locale_path.read_text(encoding="utf-8")
    try:
        after = replace_values(before, changes)
    except KeyError as exc:
        raise PoError(f"{lang} {exc.args[0]}: not a one-line quoted text in {locale_path.name}; "
                      "nothing imported") from None
    if flatten(yaml.safe_load(after) or {}) != {**own, **changes}:
        raise PoError(f"{lang}: the rewritten {locale_path.name} would not read back as imported; nothing imported")
    recorded = read_sources(texts.locales_dir, lang)
    stamped = {e.key: source_hash(e.swedish) for e in entries
               if not e.fuzzy and e.key not in UNSOURCED and recorded.get(e.key) != source_hash(e.swedish)}
    sources = sources_text(texts.locales_dir, lang, stamped, own)
    status_path = texts.locales_dir / STATUS_FILE
    status_before = status_path.read_text(encoding="utf-8") if status_path.exists() else ""
    status_after = mark_draft(status_before, lang) if changes else status_before
    _write(locale_path, after)
    _write(sources_path(texts.locales_dir, lang), sources)
    _write(status_path, status_after)
    return Imported(sorted(changes), sorted(stamped), status_after != status_before)


def _write(path: Path, after: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == after:
        return
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(after, encoding="utf-8")
    tmp.replace(path)
