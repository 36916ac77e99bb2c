"""The wheel's geometry, for the summary's SVG wheels (wheel_svg.py) and the paper sheet's empty wheel.

Rule: one sector per area, in wheel order clockwise from twelve o'clock (0 degrees at the top, angles grow
clockwise; SVG's y axis points down); coordinates are written with two decimals at most.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The paper sheet's empty wheel, in the sheet's own coordinates (templates/sheets/sheet.html).
SHEET_CENTRE = 160.0
SHEET_RADIUS = 120.0
SHEET_LABEL_RADIUS = 140.0


def point(radius: float, degrees: float, centre: float = 0.0) -> tuple[float, float]:
    """Polar to SVG coordinates around (centre, centre): 0 degrees is twelve o'clock, angles grow clockwise."""
    a = math.radians(degrees)
    return centre + radius * math.sin(a), centre - radius * math.cos(a)


def spans(count: int) -> list[tuple[float, float]]:
    """(start, end) angles of `count` equal sectors, the first starting at twelve o'clock."""
    step = 360.0 / count
    return [(i * step, (i + 1) * step) for i in range(count)]


def fmt(value: float) -> str:
    """A short coordinate: two decimals at most, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _arc(radius: float, a0: float, a1: float, centre: float) -> str:
    """From the arc's start, "x0 y0", along the circle to its end (an SVG arc command)."""
    (x0, y0), (x1, y1) = point(radius, a0, centre), point(radius, a1, centre)
    large = 1 if a1 - a0 > 180 else 0
    return f"{fmt(x0)} {fmt(y0)}A{fmt(radius)} {fmt(radius)} 0 {large} 1 {fmt(x1)} {fmt(y1)}"


def wedge(radius: float, a0: float, a1: float, centre: float = 0.0) -> str:
    """The path of a pie slice from the centre with `radius` between two angles."""
    return f"M{fmt(centre)} {fmt(centre)}L{_arc(radius, a0, a1, centre)}Z"


def arcs(radii: Sequence[float], a0: float, a1: float, centre: float = 0.0) -> str:
    """The path of one arc per radius between two angles (a sector's grid lines)."""
    return "".join(f"M{_arc(r, a0, a1, centre)}" for r in radii)


@dataclass(frozen=True)
class Sector:
    """One area's sector of the paper wheel: its outline path and where its label goes."""

    n: int
    area: str
    path: str
    label_x: float
    label_y: float
    anchor: str  # start | middle | end


def sectors(areas: tuple[str, ...]) -> list[Sector]:
    """The paper wheel's sectors: the outline of each and its label position."""
    out = []
    for i, (area, (a0, a1)) in enumerate(zip(areas, spans(len(areas)), strict=True)):
        lx, ly = point(SHEET_LABEL_RADIUS, (a0 + a1) / 2, SHEET_CENTRE)
        anchor = "middle" if abs(lx - SHEET_CENTRE) < 20 else ("start" if lx > SHEET_CENTRE else "end")
        out.append(Sector(i + 1, area, wedge(SHEET_RADIUS, a0, a1, SHEET_CENTRE), round(lx, 1), round(ly, 1), anchor))
    return out


def rings(scale_max: int) -> list[tuple[int, float]]:
    """(value, radius) of each ring of the paper wheel: coloured from the middle out to the value."""
    return [(value, round(SHEET_RADIUS * value / scale_max, 1)) for value in range(1, scale_max + 1)]
