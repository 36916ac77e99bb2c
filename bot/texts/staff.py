"""Staff UI texts (Swedish) from locales/staff/sv.yml and locales/staff/*.sv.yml. Rule: no UI text in Python
or templates; one way to get a text, `staff_texts()(key, **params)` (templates: `t(key, ...)`); a missing
key or placeholder raises, and so does a key defined in two files (a test checks every key the templates use)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.conversation.datafiles import LOCALES_DIR, read_yaml
from bot.texts.catalogue import fill, flatten

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

    def __call__(self, key: str, **params: object) -> str:
        """The text for `key` with its %{placeholders} filled; KeyError on a missing key or placeholder."""
        return fill(self.catalog[key], params)

    def has(self, key: str) -> bool:
        """Whether the catalogue has `key`."""
        return key in self.catalog


@lru_cache(maxsize=1)
def staff_texts() -> StaffTexts:
    """The staff catalogue of every file in STAFF_TEXT_FILES, read once per process."""
    return StaffTexts(*STAFF_TEXT_FILES)
