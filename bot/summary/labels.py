"""Where the summary's words come from: area names from locales/<lang>.yml, staff texts from locales/staff.

Rule: no staff-facing text in Python; the summary functions take these mappings as arguments, so the
staff web may load them its own way (flat keys such as "staff.summary.role.youth").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from ..db import ROOT
from ..texts import Texts, flatten

STAFF_LOCALES_DIR = ROOT / "locales" / "staff"
_PLACEHOLDER = re.compile(r"%\{(\w+)\}")


def area_labels(texts: Texts, areas: Sequence[str], lang: str = "sv") -> dict[str, str]:
    """Area id -> its name in `lang` (locales/<lang>.yml `area.*`), in wheel order."""
    return {area: texts.catalogs[lang][f"area.{area}"] for area in areas}


def staff_labels(lang: str = "sv", directory: Path = STAFF_LOCALES_DIR) -> dict[str, str]:
    """Every staff text of one language from locales/staff/*.<lang>.yml and <lang>.yml, as flat keys."""
    flat: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == f"{lang}.yml" or path.name.endswith(f".{lang}.yml"):
            with path.open(encoding="utf-8") as fh:
                flat.update(flatten(yaml.safe_load(fh) or {}))
    return flat


def fill(template: str, **params: object) -> str:
    """Put %{name} placeholders in; a placeholder without a value is an error, never shown as is."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise KeyError(f"no value for %{{{name}}} in {template!r}")
        return str(params[name])
    return _PLACEHOLDER.sub(value, template)


def label(staff: Mapping[str, str], key: str, **params: object) -> str:
    """The staff text `staff.summary.<key>` with its placeholders filled (KeyError if it is missing)."""
    return fill(staff[f"staff.summary.{key}"], **params)
