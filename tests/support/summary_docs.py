"""Builders of v1 export documents for the summary tests (not a test module; imported by them)."""

from __future__ import annotations

from typing import Any

from bot.reports.labels import area_labels
from bot.services.export import SCHEMA
from bot.services.runtime import load_texts_and_engine
from bot.texts.staff import staff_texts

TEXTS, ENGINE = load_texts_and_engine()
AREAS = ENGINE.wheel.areas
LABELS = area_labels(TEXTS, AREAS)
STAFF = staff_texts().catalog


def participant(pid: str, role: str = "youth", ratings: list[int | None] | None = None, *,
                language: str = "sv", status: str = "completed", comments: dict[str, str] | None = None,
                followups: dict[str, str] | None = None, matters_most: str | None = None,
                concerns: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One participant as export v1 writes it."""
    ratings = ratings if ratings is not None else [None] * len(AREAS)
    return {
        "id": pid, "role": role, "language": language, "status": status,
        "areas": {area: {"rating": rating, "comment": (comments or {}).get(area),
                         "followup": (followups or {}).get(area)}
                  for area, rating in zip(AREAS, ratings, strict=True)},
        "matters_most": matters_most,
        "concerns": concerns or [],
        "completed_at": "2026-11-23T09:30:00+00:00" if status == "completed" else None,
    }


def document(*participants: dict[str, Any], meeting_id: str = "m-1", date: str = "2026-12-10") -> dict[str, Any]:
    """A whole v1 document."""
    return {"schema": SCHEMA, "meeting": {"id": meeting_id, "org": "flen", "date": date},
            "participants": list(participants)}
