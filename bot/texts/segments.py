"""SMS encoding and segment count, as a phone network bills it.

Rule: GSM-7 if every character is in the GSM 03.38 basic or extension table (extension characters cost
two septets and are never split across parts), else UCS-2 counted in UTF-16 units (surrogate pairs are
never split). One part holds 160 septets / 70 units; a multipart message 153 / 67 per part.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"
_BASIC = frozenset(GSM7_BASIC) - {"\x1b"}
_EXTENSION = frozenset(GSM7_EXTENSION)


@dataclass(frozen=True)
class SmsCost:
    """How a text travels: its encoding, its length in units of that encoding, and its parts."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Whether every character fits the GSM-7 alphabet (basic or extension table)."""
    return all(ch in _BASIC or ch in _EXTENSION for ch in text)


def _split(widths: list[int], single: int, per_part: int) -> int:
    total = sum(widths)
    if total <= single:
        return 1 if total else 0
    parts, used = 1, 0
    for width in widths:
        if used + width > per_part:
            parts, used = parts + 1, 0
        used += width
    return parts


def sms_cost(text: str) -> SmsCost:
    """Encoding, units and number of segments of one SMS body."""
    if is_gsm7(text):
        widths = [2 if ch in _EXTENSION else 1 for ch in text]
        return SmsCost("GSM-7", sum(widths), _split(widths, 160, 153))
    widths = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return SmsCost("UCS-2", sum(widths), _split(widths, 70, 67))
