"""Render engine replies into text through python-i18n, with every locale file preloaded at start-up.

Rule: always pass `locale=` to i18n.t (the global locale is a race between requests), keep load_path
empty so no lookup ever reads a file, and make a missing key or placeholder an error, never an SMS.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import i18n
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from bot.conversation import Reply
from bot.conversation.datafiles import read_yaml
from bot.conversation.types import Param
from bot.texts.languages import STATUS_FILE, read_status
from bot.texts.reviews import Review, baseline_path, changed_keys, merged_baseline, read_baseline
from bot.texts.roles import key_for, shared_key
from bot.texts.sources import read_sources, sources_path, stale_keys

SOURCE_LANGUAGE = "sv"
# Texts the SMS edge sends without the engine: to an unknown number (in Swedish), and "try again".
UNKNOWN_NUMBER_KEY = "common.unknown_number"
UNKNOWN_NUMBER_LANGUAGE = SOURCE_LANGUAGE
TRY_AGAIN_KEY = "common.try_again"
PLACEHOLDER = re.compile(r"%\{(\w+)\}")
# Direction marks and narrow/no-break spaces force an SMS into UCS-2 (and are invisible): never send them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_SPACES = {0x202F: " ", 0x00A0: " ", 0x2009: " "}


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested locale YAML -> {"youth.q.safe": "..."}."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


def fill(template: str, params: Mapping[str, object]) -> str:
    """`template` with each %{name} replaced by str(params[name]); KeyError naming a placeholder without a value."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise KeyError(f"no value for %{{{name}}} in {template!r}")
        return str(params[name])
    return PLACEHOLDER.sub(value, template)


def clean(text: str) -> str:
    """Remove direction marks and turn special spaces into plain ones."""
    return text.translate(_INVISIBLE).translate(_SPACES)


@lru_cache(maxsize=64)
def _babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


class Texts:
    """All locale files, loaded once; renders replies in any of them."""

    def __init__(self, locales_dir: Path):
        self.locales_dir = locales_dir
        self.catalogs: dict[str, dict[str, str]] = {}
        status = read_status(locales_dir)
        self.status: dict[str, dict[str, Any]] = dict(status.get("languages") or {})
        self.aliases: dict[str, str] = dict(status.get("aliases") or {})
        # The shared keys that speak to the reader: a language formal to guardians has a variant of each.
        self.addresses_reader: tuple[str, ...] = tuple(status.get("addresses_reader") or ())
        self.conventions: dict[str, str] = {str(k): str(v) for k, v in (status.get("conventions") or {}).items()}
        for path in sorted(locales_dir.glob("*.yml")):
            if path.name == STATUS_FILE:
                continue
            tree = read_yaml(path) or {}
            self.catalogs[path.stem] = flatten(tree)
        self._hash_files: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}
        if SOURCE_LANGUAGE not in self.catalogs:
            raise FileNotFoundError(f"{locales_dir}/{SOURCE_LANGUAGE}.yml is missing")
        # Menu order: status.yml's order, then any other locale alphabetically; Swedish first always.
        listed = [k for k in self.status if k in self.catalogs and k != SOURCE_LANGUAGE]
        rest = sorted(k for k in self.catalogs if k != SOURCE_LANGUAGE and k not in listed)
        self.languages = (SOURCE_LANGUAGE, *listed, *rest)
        i18n.set("load_path", [])
        i18n.set("error_on_missing_translation", True)
        i18n.set("error_on_missing_placeholder", True)
        i18n.set("fallback", SOURCE_LANGUAGE)
        i18n.set("available_locales", list(self.languages))
        for lang, catalog in self.catalogs.items():
            for key, value in catalog.items():
                i18n.add_translation(key, value, locale=lang)

    def source_key(self, key: str) -> str:
        """The Swedish key a translated key was made from (a role's variant `guardian.shared.X`: `common.X`;
        `guardian.shared.questions.X`: `questions.X`)."""
        return key if key in self.catalogs[SOURCE_LANGUAGE] else shared_key(key)

    def formal_guardians(self, lang: str) -> bool:
        """Whether `lang` addresses guardians differently (formally) from young people (locales/status.yml)."""
        return bool(self.status.get(lang, {}).get("formal_guardians"))

    def convention(self, lang: str) -> str | None:
        """How `lang` addresses young people and guardians, one line for reviewers (locales/status.yml)."""
        return self.conventions.get(lang)

    def stale(self, lang: str) -> list[str]:
        """The keys of `lang` whose Swedish changed since they were translated (locales/sources/<lang>.yml)."""
        if lang == SOURCE_LANGUAGE:
            return []
        catalog = self.catalogs[lang]
        recorded = self._read_hashes(sources_path(self.locales_dir, lang), read_sources)
        return stale_keys(self.catalogs[SOURCE_LANGUAGE], catalog, recorded, {k: self.source_key(k) for k in catalog})

    def changed(self, lang: str, reviews: Sequence[Review] = ()) -> list[str]:
        """The keys of `lang` whose translation changed since the last review (locales/reviewed/<lang>.yml,
        superseded key by key by `reviews`, the recorded ones, oldest first)."""
        if lang == SOURCE_LANGUAGE:
            return []
        baseline = self._read_hashes(baseline_path(self.locales_dir, lang), read_baseline)
        return changed_keys(self.catalogs[lang], merged_baseline(baseline, reviews))

    def _read_hashes(self, path: Path, read: Callable[[Path, str], dict[str, str]]) -> dict[str, str]:
        """A hashes file (sources, reviewed) as `read` reads it, read again only when the file changed."""
        try:
            info = path.stat()
            version = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            version = (-1, -1)
        cached = self._hash_files.get(path)
        if cached is None or cached[0] != version:
            cached = (version, read(self.locales_dir, path.stem))
            self._hash_files[path] = cached
        return cached[1]

    def render(self, reply: Reply, lang: str, role: str | None = None) -> str:
        """The text of one reply in `lang` (or the reply's own locale), after its lead on a line of its own.
        Read by the reply's role (or `role`; its lead and parameters inherit it): a shared text in the form
        the language uses for that role, where it has one (bot/texts/roles.py)."""
        locale, role = reply.locale or lang, reply.role or role
        key = key_for(self.catalogs.get(locale, {}), reply.key, role)
        params = {name: self._param(value, locale, role) for name, value in reply.params.items()}
        text = str(i18n.t(key, locale=locale, **params))
        return f"{self.render(reply.lead, lang, role)}\n{text}" if reply.lead else text

    def _param(self, value: Param, lang: str, role: str | None) -> str:
        if isinstance(value, Reply):
            return self.render(value, lang, role)
        if isinstance(value, tuple):
            return "\n".join(self.render(r, lang, role) for r in value)
        if isinstance(value, dt.date):
            return self.format_date(value, lang)
        return "" if value is None else str(value)

    def format_date(self, value: dt.date, lang: str) -> str:
        """A date in the language's long format, without invisible marks ("12 maj 2026")."""
        babel = self.status.get(lang, {}).get("babel") or lang
        return clean(format_date(value, format="long", locale=_babel_locale(babel)))

    def placeholders(self, lang: str, key: str) -> set[str]:
        """The %{names} a text uses."""
        return set(PLACEHOLDER.findall(self.catalogs[lang].get(key, "")))
