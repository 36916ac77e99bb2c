"""Every staff text the code and the templates ask for exists in locales/staff/sv.yml, and no key is unused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.conversation import Status
from bot.conversation.datafiles import ROOT
from bot.services.overview import NOT_DELIVERED
from bot.services.reviews import SCOPES
from bot.texts.languages import STATUSES
from bot.texts.staff import STAFF_TEXT_FILES, StaffTexts

LITERAL = re.compile(r"""\bt\(\s*['"]([a-z_.]+)['"]""")
FSTRING = re.compile(r"""\bt\(\s*f['"]([a-z_.]+)\{""")
DYNAMIC = {"role.": ("youth", "guardian"), "user_role.": ("staff", "admin"), "simulator.": ("in", "out"),
           "chip.": (*(s.value for s in Status if s != Status.UNDELIVERABLE), NOT_DELIVERED),
           "lang.short.": STATUSES, "audit.action.": (),
           "confirm.": tuple(f"{kind}.{part}" for kind in ("cancel_meeting", "end_conversation", "delete_data")
                             for part in ("title", "what", "after", "button")),
           "audit.details.": ("bilingual", "scheduled", "ended", "restored", "participants", "answers", "answered",
                              "user", "role", "lang", "keys", "on", "off"),
           "translations.scopes.": SCOPES,
           "messages.kind.": ("invitation", "reply", "reminder", "answer", "question", "late", "after_stop"),
           "messages.status.": ("queued", "failed", "canceled"), "paper.sharing_": ("all", "ratings", "none"),
           "simulator.sharing_choice.": ("all", "ratings", "none"),
           "staff.summary.concerns.kind.": ("low_rating", "danger_words")}


def test_every_review_error_names_a_staff_text() -> None:
    source = (ROOT / "bot" / "services" / "reviews.py").read_text(encoding="utf-8")
    keys = re.findall(r'ReviewError\("([\w.]+)"\)', source)
    assert len(keys) == 5 and [k for k in keys if not StaffTexts(*STAFF_TEXT_FILES).has(k)] == []


def sources() -> list[Path]:
    templates = ROOT / "bot" / "templates" / "staff"
    return [*sorted((ROOT / "bot" / "web").glob("*.py")), *sorted(templates.glob("*.html"))]


def test_every_key_used_exists() -> None:
    texts = StaffTexts(*STAFF_TEXT_FILES)
    found = {key for path in sources() for key in LITERAL.findall(path.read_text(encoding="utf-8"))}
    used = {k for k in found if not k.endswith(".")}
    assert len(used) > 50, "no keys found: the pattern is broken"
    assert sorted(k for k in used if not texts.has(k)) == []
    prefixes = {k for k in found if k.endswith(".")}
    prefixes |= {key for path in sources() for key in FSTRING.findall(path.read_text(encoding="utf-8"))}
    assert prefixes == set(DYNAMIC)  # each key built at run time is checked below


@pytest.mark.parametrize(("prefix", "names"), DYNAMIC.items())
def test_every_dynamic_key_exists(prefix: str, names: tuple[str, ...]) -> None:
    texts = StaffTexts(*STAFF_TEXT_FILES)
    if prefix == "audit.action.":
        from bot.services.audit import ACTIONS
        names = ACTIONS
    assert [n for n in names if not texts.has(prefix + n)] == []


def test_missing_key_or_placeholder_raises() -> None:
    texts = StaffTexts(*STAFF_TEXT_FILES)
    with pytest.raises(KeyError):
        texts("no.such.key")
    with pytest.raises(KeyError):
        texts("nav.logout")  # needs %{email}
    assert texts("nav.logout", email="a@b.se") == "Logga ut (a@b.se)"
