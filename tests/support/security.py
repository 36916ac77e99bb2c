"""Helpers of the security tests: the secrets of a whole conversation, and searches for them in bytes.

The `secret_talk` fixture (tests/conftest.py) invites a youth by CLI-free calls, sends the invitation with
the console transport and answers every question (ANSWERS) through the signed webhook, with words no other
text contains; its result, a Talk, names what must never be found (the number in any format, the
participant's words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support.common import PHONES

SECRET_PHONE = PHONES[7]  # +46701740612
COMMENT = "min styvpappa skriker Zqxjv"
FOLLOWUP = "jag sover hos mormor Wyrtb"
MATTERS_MOST = "att få bo kvar Plokm"
ANSWERS = ["hej", "ja", f"4 {COMMENT}", "1", FOLLOWUP, *["3"] * 6, MATTERS_MOST, "1", "ja"]


def phone_pattern(phone: str) -> re.Pattern[bytes]:
    """The national digits of a Swedish number with any spaces or dashes between them, in bytes:
    finds +46 70 174 06 12, 070-174 06 12, 0046701740612, 46701740612 and so on."""
    national = phone.removeprefix("+46")
    return re.compile(rb"[\s\-]?".join(re.escape(d.encode()) for d in national))


@dataclass(frozen=True)
class Talk:
    """What a finished conversation must never leak."""

    phone: str
    texts: tuple[str, ...]

    def leaks(self, blob: bytes) -> list[str]:
        """Which secrets occur in `blob` (UTF-8 text of participants, the number in any format)."""
        found = [text for text in self.texts if text.encode() in blob]
        if phone_pattern(self.phone).search(blob):
            found.append(self.phone)
        return found
