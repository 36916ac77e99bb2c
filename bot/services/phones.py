"""Phone numbers: parse what staff type, keep E.164 mobile numbers only (phonenumbers, region SE)."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class PhoneError(ValueError):
    """The number cannot receive our SMS."""


def normalise_mobile(raw: str, region: str = "SE") -> str:
    """"070-174 06 05" -> "+46701740605"; PhoneError if invalid or not a mobile number."""
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException as exc:
        raise PhoneError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(f"not a valid phone number: {raw!r}")
    if phonenumbers.number_type(number) not in MOBILE:
        raise PhoneError(f"not a mobile number (SMS needs a mobile): {raw!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
