"""Helpers of the mother-tongue tests: the meeting the `lang_meeting` fixture makes, the participants of the
staff web's language meeting (`lw_meeting`: a Swedish youth and an Arabic guardian invited in bilingual
mode), the add-participant form and paper answer payloads. Fixtures: tests/conftest.py (`locales_copy`,
`lang_meeting`, `invite_lang`) and tests/web/conftest.py (`lw_meeting`, `paper_state`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.support.common import PHONES

LANG_NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LANG_MEETING_DATE = dt.date(2026, 12, 10)
LW_YOUTH_PHONE, LW_GUARDIAN_PHONE = PHONES[40], PHONES[41]
PAPER_RATINGS = {"safe": 4, "healthy": 3, "achieving": 5, "nurtured": 4, "active": 2, "respected": 5,
                 "responsible": 4, "included": 3}
ARABIC_COMMENT = "أحب المدرسة"  # "I like school"
HELPER = "modersmålslärare i arabiska"


def invite_form(role: str, phone: str, lang: str, bilingual: bool = False) -> dict[str, str]:
    """The add-participant form's fields (an unticked checkbox is not sent, as in a browser)."""
    data = {"role": role, "phone": phone, "language": lang, "helper_note": ""}
    return data | ({"bilingual": "y"} if bilingual else {})


def paper_data(ratings: dict[str, Any] | None = None, helper: str = HELPER, **extra: str) -> dict[str, str]:
    """The paper answers form's fields: a rating per area, one Arabic comment, what matters most, who helped."""
    data = {f"rating_{area}": str(value) for area, value in (ratings or PAPER_RATINGS).items()}
    data |= {f"comment_{area}": "" for area in PAPER_RATINGS}
    return data | {"comment_achieving": ARABIC_COMMENT, "matters_most": "مزيد من الوقت", "helper": helper} | extra
