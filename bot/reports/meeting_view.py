"""The meeting view's document: a v1 export cut down to what each participant let the others at the meeting
see, and who a youth named in words that raised a concern (for the staff view only).

Rules (pure: no database, no Flask): "all" keeps the ratings and the words (comments, follow-ups, what
matters most); "ratings" keeps the ratings only; "none", unanswered (None) or anything else keeps nothing,
and neither does a participant staff chose to hide (staff can show less, never more). Concerns, paper
helpers, statuses and times never pass. What is left is rendered like the summary (bot/reports/summary.py),
so the "talk about this" marks use only shared numbers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

SHARE_ALL, SHARE_RATINGS = "all", "ratings"


def shared_document(document: Mapping[str, Any], sharing: Mapping[str, str | None],
                    hidden: Collection[str] = ()) -> tuple[dict[str, Any], bool]:
    """The document with only what may be shown at the meeting, and whether anything was left out (a
    participant who shares nothing or was hidden: the page then says so in one neutral line)."""
    kept = []
    for p in document["participants"]:
        choice = sharing.get(p["id"])
        if p["id"] in hidden or choice not in (SHARE_ALL, SHARE_RATINGS):
            continue
        words = choice == SHARE_ALL
        kept.append({
            "id": p["id"], "role": p["role"], "language": p["language"], "status": "shared",
            "answer_languages": dict(p.get("answer_languages") or {}) if words else {},
            "areas": {area: {"rating": a["rating"], "comment": a["comment"] if words else None,
                             "followup": a["followup"] if words else None} for area, a in p["areas"].items()},
            "matters_most": p.get("matters_most") if words else None,
            "concerns": [], "paper": None, "completed_at": None,
        })
    withheld = len(kept) < len(document["participants"])
    return {"schema": document["schema"], "meeting": dict(document["meeting"]), "participants": kept}, withheld


def named_people(document: Mapping[str, Any], words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Youth id -> the people (from `words`: pappa, mamma, ...) named in the answers that raised a
    `danger_words` concern: the area's comment and follow-up, or (no area) what matters most."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
                         + r")(?:n|en|s|ns)?\b", re.IGNORECASE)
    found: dict[str, tuple[str, ...]] = {}
    for p in document["participants"]:
        if p["role"] != "youth":
            continue
        texts = []
        for concern in p["concerns"]:
            if concern["kind"] != "danger_words":
                continue
            area = p["areas"].get(concern["area"]) if concern["area"] else None
            texts += [area["comment"], area["followup"]] if area else [p.get("matters_most")]
        names = dict.fromkeys(m.group(1).lower() for text in texts if text for m in pattern.finditer(text))
        if names:
            found[p["id"]] = tuple(names)
    return found
