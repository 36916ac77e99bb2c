"""The paper question sheet's keys (`sheet.*`, bot/reports/sheets.py): which keys it prints.

Rule: a sheet key is printed, never sent: `flows check` requires it in every locale but measures none as an
SMS (no segment budget, no LIX), and the PO export marks it as printed. The sheet prints shared texts, the
sharing choices, and per role its instructions in that role's address (du, ni, ...), the sharing question and
one question per area of the wheel. Pure functions over keys and the engine: no I/O.
"""

from __future__ import annotations

from bot.conversation import ROLES, Engine

SHEET_PREFIX = "sheet."
SHEET_COMMON = ("title", "helper", "worst", "best", "matters_most")
SHEET_PER_ROLE = ("how", "words", "circle", "give_back", "sharing")  # each role's address (du, ni, ...)


def is_sheet_key(key: str) -> bool:
    """Whether a key is printed on the paper sheet (never sent by SMS)."""
    return key.startswith(SHEET_PREFIX)


def sheet_keys(engine: Engine) -> list[str]:
    """Every key the paper question sheet prints: shared ones, the sharing choices, and per role its
    instructions, the sharing question and one question per area."""
    keys = [f"{SHEET_PREFIX}{k}" for k in SHEET_COMMON]
    keys += [f"{SHEET_PREFIX}choice.{c}" for c in engine.wheel.sharing_choices]
    for role in ROLES:
        keys += [f"{SHEET_PREFIX}{role}.{k}" for k in SHEET_PER_ROLE]
        keys += [f"{SHEET_PREFIX}{role}.q.{area}" for area in engine.wheel.areas]
    return keys
