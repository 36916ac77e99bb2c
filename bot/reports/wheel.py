"""The wheel's geometry, for the summary's SVG wheels (wheel_svg.py) and the paper sheet's empty wheel.

Rule: one sector per area, in wheel order clockwise from twelve o'clock (0 degrees at the top, angles grow
clockwise; SVG's y axis points down); coordinates are written with two decimals at most. On the paper wheel
every label has a box outside the wheel (label_box) and is fitted into it by a generous width estimate
(fit_label: wrapped onto two lines or made smaller, never clipped); tests/e2e/test_browser_sheets.py measures
the printed text against the box.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The paper sheet's empty wheel (templates/sheets/sheet.html), in millimetres as printed: the SVG is as wide
# as the A4 page's text (SHEET_WIDTH) and its labels sit outside the wheel, each in a box it never leaves.
SHEET_WIDTH = 180.0
SHEET_RADIUS = 42.0
SHEET_GAP = 2.5  # between the wheel and a label's box
SHEET_BAND = 12.0  # the height of the label boxes above and below the wheel: two lines of labels
SHEET_HEIGHT = 2 * (SHEET_RADIUS + SHEET_GAP + SHEET_BAND)
SHEET_CX, SHEET_CY = SHEET_WIDTH / 2, SHEET_HEIGHT / 2
LABEL_SIZE = 4.2  # mm: 12 pt; a label that does not fit its box on two lines gets smaller, never clipped
LABEL_LINE = 1.2  # line height, in font sizes
RING_NUMBER_SIZE = 3.9  # mm: 11 pt, the numbers 1-5 on the rings


def point(radius: float, degrees: float, centre: float = 0.0, centre_y: float | None = None) -> tuple[float, float]:
    """Polar to SVG coordinates around (centre, centre_y or centre): 0 degrees is twelve o'clock, angles grow
    clockwise."""
    a = math.radians(degrees)
    return centre + radius * math.sin(a), (centre if centre_y is None else centre_y) - radius * math.cos(a)


def spans(count: int) -> list[tuple[float, float]]:
    """(start, end) angles of `count` equal sectors, the first starting at twelve o'clock."""
    step = 360.0 / count
    return [(i * step, (i + 1) * step) for i in range(count)]


def fmt(value: float) -> str:
    """A short coordinate: two decimals at most, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _arc(radius: float, a0: float, a1: float, centre: float, centre_y: float | None = None) -> str:
    """From the arc's start, "x0 y0", along the circle to its end (an SVG arc command)."""
    (x0, y0), (x1, y1) = point(radius, a0, centre, centre_y), point(radius, a1, centre, centre_y)
    large = 1 if a1 - a0 > 180 else 0
    return f"{fmt(x0)} {fmt(y0)}A{fmt(radius)} {fmt(radius)} 0 {large} 1 {fmt(x1)} {fmt(y1)}"


def wedge(radius: float, a0: float, a1: float, centre: float = 0.0, centre_y: float | None = None) -> str:
    """The path of a pie slice from the centre (centre, centre_y or centre) with `radius` between two angles."""
    cy = centre if centre_y is None else centre_y
    return f"M{fmt(centre)} {fmt(cy)}L{_arc(radius, a0, a1, centre, cy)}Z"


def arcs(radii: Sequence[float], a0: float, a1: float, centre: float = 0.0) -> str:
    """The path of one arc per radius between two angles (a sector's grid lines)."""
    return "".join(f"M{_arc(r, a0, a1, centre)}" for r in radii)


@dataclass(frozen=True)
class Box:
    """A label's room on the paper wheel: the rectangle its text must stay inside (mm)."""

    x: float
    y: float
    width: float
    height: float
    near: float | None = None  # beside the wheel: the x of the box's edge next to it (labels keep close to it)

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


@dataclass(frozen=True)
class Label:
    """A sector's label fitted to its box: one or two lines, each (x, y) centred, in one font size (mm)."""

    box: Box
    lines: tuple[tuple[str, float, float], ...]
    size: float


@dataclass(frozen=True)
class Sector:
    """One area's sector of the paper wheel: its outline path and its label, fitted to the label's box."""

    n: int
    area: str
    path: str
    label: Label


# Generous advance widths in ems (Noto Sans, or the wider DejaVu Sans where Noto is missing), so a label
# estimated to fit does fit: the browser test measures the real text against its box.
_NARROW = set("iljtfrI.,:;'!|()- ")
_WIDE = set("mwMWЖШЩЮжшщюФф")


def _em(char: str) -> float:
    code = ord(char)
    if char == " ":
        return 0.32
    if char in _NARROW:
        return 0.38
    if char in _WIDE:
        return 1.0
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF:  # Ethiopic syllables: wide, near square
        return 0.92
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:  # Arabic script
        return 0.62
    if char.isdigit():
        return 0.64
    if char.isupper():
        return 0.78
    if code < 0x0250 or 0x0400 <= code <= 0x04FF:  # Latin, Cyrillic lower case
        return 0.66
    return 1.0


def text_width(text: str, size: float) -> float:
    """A generous estimate of how wide `text` is printed in font size `size` (the same unit)."""
    return sum(_em(c) for c in text) * size


def label_box(a0: float, a1: float) -> Box:
    """The room of the label of the sector between two angles: beside the wheel for sectors pointing
    sideways, above or below it for those pointing up or down; boxes of different sectors never overlap."""
    mid = math.radians((a0 + a1) / 2)
    sin, cos = math.sin(mid), math.cos(mid)
    r = SHEET_RADIUS
    if abs(sin) > abs(cos):  # to the side: from the wheel to the edge of the picture
        width = SHEET_CX - r - SHEET_GAP
        height = min(2 * r * abs(cos) - 2, 2 * (SHEET_BAND + 2))
        x = SHEET_CX + r + SHEET_GAP if sin > 0 else 0.0
        y = SHEET_CY - r * cos - height / 2
        near = x if sin > 0 else x + width
        return Box(x, round(y, 2), round(width, 2), round(height, 2), round(near, 2))
    width = r + SHEET_GAP + 8 - 1.5  # above or below, on its own side of the middle
    x = SHEET_CX + 1.5 if sin > 0 else SHEET_CX - 1.5 - width
    y = 0.0 if cos > 0 else SHEET_HEIGHT - SHEET_BAND
    return Box(round(x, 2), y, round(width, 2), SHEET_BAND)


def fit_label(text: str, box: Box) -> Label:
    """`text` on one line or wrapped at a space onto two, in the largest font size up to LABEL_SIZE that
    fits the box (by text_width), the lines centred in it."""
    words = text.split()
    if len(words) > 1 and words[0].isdigit():  # the area's number stays with the first word of its name
        words = [f"{words[0]} {words[1]}", *words[2:]]
    candidates: list[tuple[str, ...]] = [(" ".join(words),)]
    candidates += [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    best: tuple[float, tuple[str, ...]] | None = None
    for lines in candidates:
        widest = max(text_width(line, 1.0) for line in lines) or 1.0
        size = min(LABEL_SIZE, box.width * 0.97 / widest, box.height / (len(lines) * LABEL_LINE))
        if best is None or size > best[0] + 0.01:
            best = (size, lines)
    assert best is not None
    size, lines = math.floor(best[0] * 100) / 100, best[1]
    cx, cy = box.centre
    if box.near is not None:  # beside the wheel: centred on its estimated width from the wheel's side
        half = max(text_width(line, size) for line in lines) / 2
        cx = box.near + half + 1 if box.near <= box.x else box.near - half - 1
        cx = min(max(cx, box.x + half), box.x + box.width - half)
    step = size * LABEL_LINE
    first = cy - step * (len(lines) - 1) / 2
    return Label(box, tuple((line, round(cx, 2), round(first + i * step, 2)) for i, line in enumerate(lines)),
                 size)


def sectors(areas: Sequence[str], labels: Mapping[str, str]) -> list[Sector]:
    """The paper wheel's sectors: the outline of each and its label "n name" fitted to its box."""
    out = []
    for i, (area, (a0, a1)) in enumerate(zip(areas, spans(len(areas)), strict=True)):
        label = fit_label(f"{i + 1} {labels[area]}", label_box(a0, a1))
        out.append(Sector(i + 1, area, wedge(SHEET_RADIUS, a0, a1, SHEET_CX, SHEET_CY), label))
    return out


def ring_numbers(scale_max: int) -> list[tuple[int, float, float]]:
    """(value, x, y) of the numbers on the rings, in the middle of each ring on the line at twelve and at
    six o'clock: the ring of 1 is the innermost."""
    step = SHEET_RADIUS / scale_max
    out = []
    for value in range(1, scale_max + 1):
        r = step * (value - 0.5)
        out += [(value, SHEET_CX, round(SHEET_CY - r, 2)), (value, SHEET_CX, round(SHEET_CY + r, 2))]
    return out


def rings(scale_max: int) -> list[tuple[int, float]]:
    """(value, radius) of each ring of the paper wheel: coloured from the middle out to the value."""
    return [(value, round(SHEET_RADIUS * value / scale_max, 2)) for value in range(1, scale_max + 1)]
