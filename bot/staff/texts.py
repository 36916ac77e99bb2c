"""Staff UI texts (Swedish) from locales/staff/sv.yml and its parts (PARTS, e.g. auth.sv.yml beside it).
Rule: no UI text in Python or templates; a missing key or placeholder raises, and so does a key defined twice
(a test checks every key the code and templates use)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..texts import PLACEHOLDER, flatten

STAFF_LOCALE = "sv"
PARTS = ("auth",)  # locales/staff/<part>.sv.yml, loaded with sv.yml into one catalogue


class StaffTexts:
    """The staff catalogue, loaded once at start-up."""

    def __init__(self, path: Path):
        self.catalog: dict[str, str] = {}
        for part in (path, *(path.with_name(f"{name}.{path.name}") for name in PARTS)):
            with part.open(encoding="utf-8") as fh:
                entries = flatten(yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})
            if twice := sorted(entries.keys() & self.catalog.keys()):
                raise ValueError(f"{part.name}: keys defined twice: {', '.join(twice)}")
            self.catalog.update(entries)

    def __call__(self, key: str, **params: Any) -> str:
        """The text for `key` with its %{placeholders} filled; KeyError on a missing key or placeholder."""
        text = self.catalog[key]

        def fill(match: Any) -> str:
            return str(params[match.group(1)])

        return PLACEHOLDER.sub(fill, text)

    def has(self, key: str) -> bool:
        """Whether the catalogue has `key`."""
        return key in self.catalog
