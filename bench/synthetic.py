"""Synthetic phone numbers and message ids for simulated participants.

Rule: every number the benchmark stores or posts is in the +999 country code, which the ITU keeps
unassigned (reserved for a future global service): no phone can have one, and nothing is ever sent
(the benchmark's servers use the console transport). Named examples elsewhere use the PTS fiction range.
"""

from __future__ import annotations

import uuid

COUNTRY = "+999"
LIVE, SEEDED, FLOOR = "1", "2", "3"  # one block each: live participants, seeded history, floor traffic
OUR_NUMBER = COUNTRY + "00000000"  # the Twilio number the simulated participants write to (To)


def phone(block: str, n: int) -> str:
    """The n-th synthetic number of a block: +999 <block> <7 digits>, 12 characters."""
    if not 0 <= n < 10_000_000:
        raise ValueError("n out of range")
    return f"{COUNTRY}{block}{n:07d}"


def message_sid() -> str:
    """A new Twilio-shaped MessageSid (SM + 32 hex digits)."""
    return "SM" + uuid.uuid4().hex
