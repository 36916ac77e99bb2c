"""The meeting view's document: each participant exactly as far as they allowed (all: numbers and words;
ratings: numbers only; none or unanswered: nothing), less whoever staff hide, never concerns or paper
helpers; and who a youth named in words that raised a concern."""

from __future__ import annotations

from typing import Any

from bot.reports.document import SCHEMA
from bot.reports.meeting_view import named_people, shared_document
from bot.reports.summary import talk_about_areas

AREAS = ("safe", "healthy")


def person(pid: str, role: str, safe: int | None, comment: str | None = None, followup: str | None = None,
           concerns: list[dict[str, Any]] | None = None, matters: str | None = None) -> dict[str, Any]:
    return {"id": pid, "role": role, "language": "sv", "status": "completed", "bilingual": False,
            "paper": {"helper": "Fatima, modersmålslärare", "recorded_at": "2026-11-23T10:00:00+00:00"},
            "answer_languages": {"safe": "sv"}, "matters_most": matters, "completed_at": "2026-11-23T10:00:00",
            "areas": {"safe": {"rating": safe, "comment": comment, "followup": followup},
                      "healthy": {"rating": 4, "comment": None, "followup": None}},
            "concerns": concerns or []}


DOCUMENT = {"schema": SCHEMA, "meeting": {"id": "m", "org": "flen", "date": "2026-12-10"}, "participants": [
    person("y", "youth", 1, "hemma är det jobbigt", "Pappa slår mig", [{"area": "safe", "kind": "low_rating"},
                                                                      {"area": "safe", "kind": "danger_words"}],
           matters="att bli lyssnad på"),
    person("g1", "guardian", 4, "hon är glad", matters="skolan"),
    person("g2", "guardian", 5),
]}


def test_each_participant_as_far_as_allowed() -> None:
    shown, withheld = shared_document(DOCUMENT, {"y": "ratings", "g1": "all", "g2": None})
    assert withheld  # g2 never chose: nothing of theirs, and one neutral line says something is left out
    youth, guardian = shown["participants"]
    assert youth["areas"]["safe"] == {"rating": 1, "comment": None, "followup": None}
    assert youth["matters_most"] is None and youth["answer_languages"] == {}
    assert guardian["areas"]["safe"] == {"rating": 4, "comment": "hon är glad", "followup": None}
    assert guardian["matters_most"] == "skolan"
    for p in shown["participants"]:
        assert p["concerns"] == [] and p["paper"] is None and p["completed_at"] is None
    text = repr(shown)
    for secret in ("Pappa", "jobbigt", "lyssnad", "Fatima", "danger_words", "low_rating", "g2"):
        assert secret not in text


def test_staff_can_show_less_never_more() -> None:
    shown, withheld = shared_document(DOCUMENT, {"y": "all", "g1": "all", "g2": "all"}, hidden={"g1"})
    assert [p["id"] for p in shown["participants"]] == ["y", "g2"] and withheld
    shown, withheld = shared_document(DOCUMENT, {"y": "none", "g1": "something", "g2": "ratings"})
    assert [p["id"] for p in shown["participants"]] == ["g2"] and withheld
    assert shared_document(DOCUMENT, {"y": "all", "g1": "all", "g2": "all"})[1] is False


def test_talk_about_marks_use_only_shared_numbers() -> None:
    assert talk_about_areas(DOCUMENT["participants"], AREAS) == ("safe",)  # youth 1, guardians 4 and 5
    shown, _ = shared_document(DOCUMENT, {"y": "none", "g1": "all", "g2": "all"})
    assert talk_about_areas(shown["participants"], AREAS) == ()


def test_who_a_youth_named_in_words_of_danger() -> None:
    assert named_people(DOCUMENT, ["pappa", "mamma", "far"]) == {"y": ("pappa",)}
    quiet = {**DOCUMENT, "participants": [person("y", "youth", 1, "farligt hemma", "mammas kille är dum",
                                                 [{"area": "safe", "kind": "low_rating"}])]}
    assert named_people(quiet, ["pappa", "mamma", "far"]) == {}  # no danger words: nobody is reported
    loud = {**DOCUMENT, "participants": [person("y", "youth", 3, None, None, [{"area": None, "kind": "danger_words"}],
                                                matters="Mammas kille och farsan slår mig")]}
    assert named_people(loud, ["mamma", "farsan", "far"]) == {"y": ("mamma", "farsan")}  # not "far" in "farsan"
