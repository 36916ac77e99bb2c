"""The empty wheel of the paper sheet as SVG geometry: one sector per area, five rings to colour.

Rule: sectors in wheel order clockwise from twelve o'clock, as on the staff summary's wheels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CENTRE = 160.0
RADIUS = 120.0
LABEL_RADIUS = 140.0


@dataclass(frozen=True)
class Sector:
    """One area's sector: its outline path and where its label goes."""

    n: int
    area: str
    path: str
    label_x: float
    label_y: float
    anchor: str  # start | middle | end


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle - 90)
    return CENTRE + radius * math.cos(rad), CENTRE + radius * math.sin(rad)


def sectors(areas: tuple[str, ...]) -> list[Sector]:
    """The outline of every sector and its label position."""
    step = 360 / len(areas)
    out = []
    for i, area in enumerate(areas):
        (x1, y1), (x2, y2) = _point(i * step, RADIUS), _point((i + 1) * step, RADIUS)
        path = (f"M {CENTRE:.1f} {CENTRE:.1f} L {x1:.1f} {y1:.1f} "
                f"A {RADIUS:.0f} {RADIUS:.0f} 0 0 1 {x2:.1f} {y2:.1f} Z")
        mid = (i + 0.5) * step
        lx, ly = _point(mid, LABEL_RADIUS)
        anchor = "middle" if abs(lx - CENTRE) < 20 else ("start" if lx > CENTRE else "end")
        out.append(Sector(i + 1, area, path, round(lx, 1), round(ly, 1), anchor))
    return out


def rings(scale_max: int) -> list[tuple[int, float]]:
    """(value, radius) of each ring: coloured from the middle out to the value."""
    return [(value, round(RADIUS * value / scale_max, 1)) for value in range(1, scale_max + 1)]
