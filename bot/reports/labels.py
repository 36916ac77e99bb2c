"""Where the summary's words come from: area names from locales/<lang>.yml, staff texts from the staff catalogue.

Rule: no staff-facing text in Python; the summary functions take these mappings as arguments, so the
staff web may load them its own way (flat keys such as "staff.summary.role.youth").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.texts.catalogue import Texts
from bot.texts.staff import staff_texts

_PLACEHOLDER = re.compile(r"%\{(\w+)\}")


def area_labels(texts: Texts, areas: Sequence[str], lang: str = "sv") -> dict[str, str]:
    """Area id -> its name in `lang` (locales/<lang>.yml `area.*`), in wheel order."""
    return {area: texts.catalogs[lang][f"area.{area}"] for area in areas}


def staff_labels() -> Mapping[str, str]:
    """Every staff text (Swedish), as flat keys: the staff web's own catalogue (bot/staff/texts.py)."""
    return staff_texts().catalog


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
