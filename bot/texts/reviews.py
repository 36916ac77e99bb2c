"""Changed since the last review: each language keeps, per key, a hash of its translation as last reviewed.

Rule: the baseline is locales/reviewed/<lang>.yml (written by `hjulsamtal flows baseline`), and a review
recorded in the database (bot/services/reviews.py) supersedes it key by key, the latest review winning. A key
whose translation text hashes differently from its baseline (or has none) has **changed** since the last
review. A language counts as reviewed only when recorded reviews cover every key and no key has changed or
is stale (its Swedish changed since it was translated, bot/texts/sources.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.conversation.datafiles import read_yaml
from bot.texts.sources import source_hash

REVIEWED_DIR = "reviewed"
HEADER = ("# Each translation as last reviewed (a hash of its text), per key: written by `hjulsamtal flows\n"
          "# baseline`; a review recorded in the database supersedes it. A key whose text hashes differently\n"
          "# has changed since the last review (bot/texts/reviews.py).\n")


@dataclass(frozen=True)
class Review:
    """A recorded review of one language: who, when, and each reviewed key's translation hash."""

    reviewer: str
    date: dt.date
    hashes: Mapping[str, str]


def baseline_path(locales_dir: Path, lang: str) -> Path:
    """Where a language's review baseline lives."""
    return locales_dir / REVIEWED_DIR / f"{lang}.yml"


def read_baseline(locales_dir: Path, lang: str) -> dict[str, str]:
    """Key -> the hash of its translation as last reviewed ({} when there is no baseline file)."""
    path = baseline_path(locales_dir, lang)
    return {str(k): str(v) for k, v in (read_yaml(path) or {}).items()} if path.exists() else {}


def text_hashes(catalog: Mapping[str, str], keys: Iterable[str] | None = None) -> dict[str, str]:
    """Key -> the hash of its translation, for `keys` (default: every key), in key order."""
    chosen = set(catalog if keys is None else keys)
    return {key: source_hash(text) for key, text in sorted(catalog.items()) if key in chosen}


def write_baseline(locales_dir: Path, lang: str, catalog: Mapping[str, str]) -> int:
    """Record every key of `catalog` as reviewed in its current wording; return how many keys."""
    path = baseline_path(locales_dir, lang)
    path.parent.mkdir(exist_ok=True)
    hashes = text_hashes(catalog)
    path.write_text(HEADER + yaml.safe_dump(hashes, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(hashes)


def merged_baseline(file_baseline: Mapping[str, str], reviews: Sequence[Review]) -> dict[str, str]:
    """The baseline with each recorded review (oldest first) laid over it, key by key."""
    merged = dict(file_baseline)
    for review in reviews:
        merged.update(review.hashes)
    return merged


def changed_keys(catalog: Mapping[str, str], baseline: Mapping[str, str]) -> list[str]:
    """The keys whose translation differs from the baseline (keys without a baseline too), sorted."""
    return [key for key, text in sorted(catalog.items()) if baseline.get(key) != source_hash(text)]


def covered(catalog: Mapping[str, str], reviews: Sequence[Review]) -> bool:
    """Whether recorded reviews together name every key of the catalog."""
    seen = {key for review in reviews for key in review.hashes}
    return bool(reviews) and set(catalog) <= seen
