"""Stale translations: each locale records, per key, a hash of the Swedish text it was translated from
(locales/sources/<lang>.yml); a translation whose Swedish has changed since is stale.

Rule: `hjulsamtal flows stamp --lang L [KEY ...]` records the current Swedish for L's keys (all, or those
named) after the translation was updated; `flows check` and the review page name every stale key. The
language's own name (`language.name`) is not a translation of the Swedish and has no source; a guardian variant
of a shared text (`guardian.shared.X`, bot/texts/roles.py) is a translation of the shared text's Swedish
(`common.X`; `questions.X` for `guardian.shared.questions.X`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from bot.conversation.datafiles import read_yaml

SOURCES_DIR = "sources"
UNSOURCED = ("language.name",)
HEADER = ("# The Swedish source each translation was made from (a hash of its text), per key: written by\n"
          "# `hjulsamtal flows stamp`; a key whose Swedish has changed since is stale (bot/texts/sources.py).\n")


def source_hash(text: str) -> str:
    """A short, stable hash of a Swedish text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def sources_path(locales_dir: Path, lang: str) -> Path:
    """Where a language's source hashes live."""
    return locales_dir / SOURCES_DIR / f"{lang}.yml"


def read_sources(locales_dir: Path, lang: str) -> dict[str, str]:
    """Key -> the hash of the Swedish it was translated from ({} when nothing was stamped)."""
    path = sources_path(locales_dir, lang)
    return {str(k): str(v) for k, v in (read_yaml(path) or {}).items()} if path.exists() else {}


def stale_keys(source: dict[str, str], catalog: dict[str, str], recorded: dict[str, str],
               resolve: dict[str, str] | None = None) -> list[str]:
    """The translated keys whose Swedish (source[resolve.get(key, key)]) differs from what was recorded."""
    resolve = resolve or {}
    out = []
    for key in sorted(catalog):
        swedish = source.get(resolve.get(key, key))
        if key in UNSOURCED or swedish is None:
            continue
        if recorded.get(key) != source_hash(swedish):
            out.append(key)
    return out


def stamp(locales_dir: Path, lang: str, source: dict[str, str], catalog: dict[str, str],
          keys: list[str] | None = None, resolve: dict[str, str] | None = None) -> list[str]:
    """Record the current Swedish for `keys` (default: every translated key) of `lang`; return the keys
    stamped. KeyError naming a key the language does not have."""
    resolve = resolve or {}
    unknown = [k for k in keys or [] if k not in catalog or resolve.get(k, k) not in source]
    if unknown:
        raise KeyError(f"{lang} has no translated key {unknown[0]!r}")
    chosen = keys or [k for k in catalog if k not in UNSOURCED and resolve.get(k, k) in source]
    record_sources(locales_dir, lang, {key: source_hash(source[resolve.get(key, key)]) for key in chosen}, catalog)
    return sorted(chosen)


def sources_text(locales_dir: Path, lang: str, hashes: dict[str, str], catalog: dict[str, str]) -> str:
    """The sources file of `lang` with `hashes` (key -> hash of the Swedish it was translated from) recorded."""
    recorded = read_sources(locales_dir, lang)
    recorded.update(hashes)
    kept = {k: recorded[k] for k in sorted(recorded) if k in catalog}  # keys the locale dropped go too
    return HEADER + yaml.safe_dump(kept, sort_keys=False, allow_unicode=True)


def record_sources(locales_dir: Path, lang: str, hashes: dict[str, str], catalog: dict[str, str]) -> None:
    """Record, per key, the hash of the Swedish its translation was made from."""
    path = sources_path(locales_dir, lang)
    text = sources_text(locales_dir, lang, hashes, catalog)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
