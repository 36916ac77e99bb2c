"""Area names for the reports, from the participant locale (locales/<lang>.yml `area.*`).

Rule: staff and participants call an area by the same words, so the reports take the area names from the
SMS texts; staff texts come from the staff catalogue (bot.texts.staff), never from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.catalogue import Texts


def area_labels(texts: Texts, areas: Sequence[str], lang: str = "sv") -> dict[str, str]:
    """Area id -> its name in `lang` (locales/<lang>.yml `area.*`), in wheel order."""
    return {area: texts.catalogs[lang][f"area.{area}"] for area in areas}
