"""The wheel as a server-rendered SVG: one sector per area in wheel order, filled by the rating.

Rule: everything written into the SVG is escaped by ElementTree (labels and titles are data, never
markup); no script, no `style` attribute (a strict CSP allows it), only presentation attributes and
classes; colours and a hatch for "no answer" that stay readable when printed in greyscale.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Mapping, Sequence

from markupsafe import Markup

from bot.reports.wheel import arcs, fmt, point, spans, wedge

SVG_NS = "http://www.w3.org/2000/svg"
MISSING = "–"  # shown in a sector without a rating (an en dash: no words, no language)

RADIUS = 120.0  # the wheel itself; ratings fill from the centre outwards
LABEL_RADIUS = 150.0  # area labels sit in a band just outside the wheel, inside their sector,
LABEL_SIDE_EXTRA = 22.0  # and further out at the sides, where a wide label would touch the wheel
NUMBER_RADIUS = 74.0
HALF_BOX = 215.0
LABEL_SIZE = 15
NUMBER_SIZE = 30
LABEL_MAX_WIDTH = 104.0  # longer labels are squeezed (textLength) rather than overflowing the picture
LABEL_CHAR_WIDTH = 8.2  # a generous average advance of LABEL_SIZE sans-serif

FILL = "#8db8dc"  # light blue: about 70 % grey when printed, the black numbers stay readable on it
TRACK = "#ffffff"
LINE = "#4d4d4d"
GRID = "#b3b3b3"
HATCH = "#9a9a9a"
INK = "#111111"
# Text may be in any script: a free font for each (docs/fonts.md); the printed pages name the same stack
# (bot/reports/sheets.py gives it to templates/sheets/_print.html).
FONT_FAMILY = ("'Noto Sans', 'Noto Sans Ethiopic', 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', "
               "system-ui, Arial, sans-serif")
HIGHLIGHT = "#000000"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def wheel_svg(ratings: Mapping[str, int | None], labels: Mapping[str, str], title: str, *,
              areas: Sequence[str] | None = None, highlight: Collection[str] = (),
              svg_id: str = "wheel", size: int = 320, scale_max: int = 5,
              missing: str = MISSING, missing_label: str | None = None) -> Markup:
    """An accessible SVG wheel of one participant's ratings, safe to put into a Jinja template as is.

    ratings: area id -> rating 1..scale_max, or None when unanswered.
    labels: area id -> the name to write in the sector (e.g. locales/sv.yml `area.*`); escaped here.
    title: the wheel's accessible name (<title> and aria-label), e.g. "Ungdom"; escaped here.
    areas: the sectors in wheel order (default: the order of `ratings`, which the v1 export keeps).
    highlight: areas to outline strongly ("talk about this"); they get data-highlight="true".
    svg_id: a page-unique id (letters, digits, - and _) used for the element and its hatch pattern.
    size: width and height attributes in CSS pixels (a print stylesheet may override them).
    missing: what an unanswered sector shows (default "–").
    missing_label: what the aria-label and tooltips say for it, e.g. "inget svar" (default: `missing`).

    Each sector is `<g class="wheel-sector" data-area="safe" data-rating="4">` (data-rating="" when
    unanswered) holding its paths, the label text (class "wheel-label") and the number (class
    "wheel-number"). Raises ValueError for a bad id, a rating outside 1..scale_max or a missing label.
    """
    order = tuple(ratings) if areas is None else tuple(areas)
    if not order:
        raise ValueError("a wheel needs at least one area")
    if not _ID.match(svg_id):
        raise ValueError(f"bad svg_id {svg_id!r}")
    for area in order:
        _check_rating(area, ratings.get(area), scale_max)
        if area not in labels:
            raise ValueError(f"no label for area {area!r}")
    title = _text(title)
    said = _text(missing if missing_label is None else missing_label)
    spoken = ", ".join(f"{_text(labels[a])} {_shown(ratings.get(a), said)}" for a in order)
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "id": svg_id, "class": "wheel", "role": "img", "aria-label": f"{title}: {spoken}",
        "viewBox": f"{-HALF_BOX:g} {-HALF_BOX:g} {2 * HALF_BOX:g} {2 * HALF_BOX:g}",
        "width": str(size), "height": str(size), "font-family": FONT_FAMILY,
    })
    ET.SubElement(svg, "title").text = title
    _hatch_pattern(svg, f"{svg_id}-hatch")
    for area, (a0, a1) in zip(order, spans(len(order)), strict=True):
        _sector(svg, area, ratings.get(area), _text(labels[area]), a0, a1,
                hatch=f"url(#{svg_id}-hatch)", highlighted=area in highlight, scale_max=scale_max,
                missing=_text(missing), said=said)
    return Markup(ET.tostring(svg, encoding="unicode"))


def _check_rating(area: str, rating: object, scale_max: int) -> None:
    if rating is None:
        return
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= scale_max:
        raise ValueError(f"rating of {area!r} must be 1..{scale_max} or None, not {rating!r}")


def _text(value: str) -> str:
    """Text as XML can carry it (control characters would make the document unparseable)."""
    return _XML_ILLEGAL.sub("", str(value))


def _shown(rating: int | None, missing: str) -> str:
    return missing if rating is None else str(rating)


def _hatch_pattern(svg: ET.Element, pattern_id: str) -> None:
    defs = ET.SubElement(svg, "defs")
    pattern = ET.SubElement(defs, "pattern", {"id": pattern_id, "width": "8", "height": "8",
                                              "patternUnits": "userSpaceOnUse",
                                              "patternTransform": "rotate(45)"})
    ET.SubElement(pattern, "rect", {"width": "8", "height": "8", "fill": TRACK})
    ET.SubElement(pattern, "line", {"x1": "0", "y1": "0", "x2": "0", "y2": "8", "stroke": HATCH,
                                    "stroke-width": "2"})


def _sector(svg: ET.Element, area: str, rating: int | None, label: str, a0: float, a1: float, *,
            hatch: str, highlighted: bool, scale_max: int, missing: str, said: str) -> None:
    attrs = {"class": "wheel-sector" + (" wheel-highlight" if highlighted else ""),
             "data-area": area, "data-rating": "" if rating is None else str(rating)}
    if highlighted:
        attrs["data-highlight"] = "true"
    g = ET.SubElement(svg, "g", attrs)
    ET.SubElement(g, "title").text = f"{label}: {_shown(rating, said)}"
    ET.SubElement(g, "path", {"class": "wheel-track", "d": wedge(RADIUS, a0, a1),
                              "fill": hatch if rating is None else TRACK})
    if rating is not None:
        ET.SubElement(g, "path", {"class": "wheel-fill", "d": wedge(RADIUS * rating / scale_max, a0, a1),
                                  "fill": FILL})
    grid = [RADIUS * level / scale_max for level in range(1, scale_max)]
    if grid:
        ET.SubElement(g, "path", {"class": "wheel-grid", "d": arcs(grid, a0, a1), "fill": "none",
                                  "stroke": GRID, "stroke-width": "1"})
    ET.SubElement(g, "path", {"class": "wheel-outline", "d": wedge(RADIUS, a0, a1), "fill": "none",
                              "stroke": HIGHLIGHT if highlighted else LINE,
                              "stroke-width": "4" if highlighted else "1.5",
                              "stroke-linejoin": "round"})
    mid = (a0 + a1) / 2
    lx, ly = point(LABEL_RADIUS + LABEL_SIDE_EXTRA * abs(math.sin(math.radians(mid))), mid)
    label_attrs = {"class": "wheel-label", "x": fmt(lx), "y": fmt(ly), "text-anchor": "middle",
                   "dominant-baseline": "middle", "font-size": str(LABEL_SIZE), "fill": INK,
                   "font-weight": "bold" if highlighted else "normal"}
    if len(label) * LABEL_CHAR_WIDTH > LABEL_MAX_WIDTH:
        label_attrs |= {"textLength": fmt(LABEL_MAX_WIDTH), "lengthAdjust": "spacingAndGlyphs"}
    ET.SubElement(g, "text", label_attrs).text = label
    nx, ny = point(NUMBER_RADIUS, mid)
    ET.SubElement(g, "text", {"class": "wheel-number", "x": fmt(nx), "y": fmt(ny), "text-anchor": "middle",
                              "dominant-baseline": "middle", "font-size": str(NUMBER_SIZE), "font-weight": "bold",
                              "fill": INK}).text = _shown(rating, missing)
