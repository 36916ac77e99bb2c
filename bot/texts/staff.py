"""Staff UI texts (Swedish) from locales/staff/sv.yml and locales/staff/*.sv.yml. Rule: no UI text in Python
or templates; a missing key or placeholder raises, and so does a key defined in two files (a test checks
every key the code and templates use)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.conversation.datafiles import LOCALES_DIR, read_yaml
from bot.texts.catalogue import PLACEHOLDER, flatten

STAFF_DIR = LOCALES_DIR / "staff"
STAFF_TEXT_FILES = (STAFF_DIR / "sv.yml", *sorted(STAFF_DIR.glob("*.sv.yml")))  # sv.yml and each part's own


class StaffTexts:
    """The staff catalogue, loaded once at start-up."""

    def __init__(self, *paths: Path):
        self.catalog: dict[str, str] = {}
        for path in paths:
            flat = flatten(read_yaml(path) or {})
            twice = sorted(set(flat) & set(self.catalog))
            if twice:
                raise ValueError(f"{path}: staff text {twice[0]!r} is already defined in another file")
            self.catalog.update(flat)

    def __call__(self, key: str, **params: Any) -> str:
        """The text for `key` with its %{placeholders} filled; KeyError on a missing key or placeholder."""
        text = self.catalog[key]

        def fill(match: Any) -> str:
            return str(params[match.group(1)])

        return PLACEHOLDER.sub(fill, text)

    def has(self, key: str) -> bool:
        """Whether the catalogue has `key`."""
        return key in self.catalog


@lru_cache(maxsize=1)
def staff_texts() -> StaffTexts:
    """The staff catalogue of every file in STAFF_TEXT_FILES, read once per process."""
    return StaffTexts(*STAFF_TEXT_FILES)
