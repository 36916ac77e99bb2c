"""The wheel SVG: eight sectors in wheel order with the right numbers, fills in proportion, escaping, CSP."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from markupsafe import Markup

from bot.reports.wheel_svg import RADIUS, wheel_svg
from bot.services.runtime import load_texts_and_engine

NS = "{http://www.w3.org/2000/svg}"
TEXTS, ENGINE = load_texts_and_engine()
AREAS = ENGINE.wheel.areas
LABELS = {a: TEXTS.catalogs["sv"][f"area.{a}"] for a in AREAS}
RATINGS: dict[str, int | None] = dict(zip(AREAS, [4, 1, 5, None, 2, 3, 3, 5], strict=True))
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '<img src=x onerror="alert(2)">'


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def sectors(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if "wheel-sector" in g.get("class", "").split()]


def text_of(sector: ET.Element, cls: str) -> str:
    [node] = [t for t in sector.iter(f"{NS}text") if t.get("class") == cls]
    return node.text or ""


def arc_radius(path: ET.Element) -> float:
    match = re.search(r"A([\d.]+) ", path.get("d", ""))
    assert match, path.get("d")
    return float(match.group(1))


def test_eight_sectors_in_wheel_order_with_their_numbers_and_labels() -> None:
    root = parse(wheel_svg(RATINGS, LABELS, "Ungdom"))
    found = sectors(root)
    assert [g.get("data-area") for g in found] == list(AREAS) == [
        "safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included"]
    assert [g.get("data-rating") for g in found] == ["4", "1", "5", "", "2", "3", "3", "5"]
    assert [text_of(g, "wheel-number") for g in found] == ["4", "1", "5", "–", "2", "3", "3", "5"]
    assert [text_of(g, "wheel-label") for g in found] == [LABELS[a] for a in AREAS]
    assert text_of(found[0], "wheel-label") == "Trygg"


def test_areas_argument_sets_the_order_whatever_the_dict_order() -> None:
    shuffled = dict(reversed(list(RATINGS.items())))
    root = parse(wheel_svg(shuffled, LABELS, "Ungdom", areas=AREAS))
    assert [g.get("data-area") for g in sectors(root)] == list(AREAS)
    assert [g.get("data-area") for g in sectors(parse(wheel_svg(shuffled, LABELS, "x")))] == list(reversed(AREAS))


def test_fill_is_in_proportion_to_the_rating_and_an_unanswered_area_is_empty_and_hatched() -> None:
    root = parse(wheel_svg(RATINGS, LABELS, "Ungdom", svg_id="w1"))
    for g in sectors(root):
        fills = [p for p in g.iter(f"{NS}path") if p.get("class") == "wheel-fill"]
        [track] = [p for p in g.iter(f"{NS}path") if p.get("class") == "wheel-track"]
        rating = RATINGS[g.get("data-area", "")]
        if rating is None:
            assert fills == []
            assert track.get("fill") == "url(#w1-hatch)"
        else:
            [fill] = fills
            assert arc_radius(fill) == pytest.approx(RADIUS * rating / 5, abs=0.01)
            assert track.get("fill") != "url(#w1-hatch)"
    assert root.find(f".//{NS}pattern[@id='w1-hatch']") is not None


def test_sectors_are_evenly_spread_clockwise_from_twelve_o_clock() -> None:
    root = parse(wheel_svg(dict.fromkeys(AREAS, 5), LABELS, "x"))
    ends = []
    for g in sectors(root):
        [fill] = [p for p in g.iter(f"{NS}path") if p.get("class") == "wheel-fill"]
        x, y = map(float, re.findall(r"[-\d.]+", fill.get("d", "").split("L")[1])[:2])
        ends.append((round(x), round(y)))
    assert ends[0] == (0, -round(RADIUS))  # the first sector starts at the top
    assert ends[2] == (round(RADIUS), 0)  # the third starts at three o'clock: clockwise


def test_accessible_name_title_and_role() -> None:
    root = parse(wheel_svg(RATINGS, LABELS, "Vårdnadshavare 1", missing_label="inget svar"))
    assert root.get("role") == "img"
    assert root.findtext(f"{NS}title") == "Vårdnadshavare 1"
    label = root.get("aria-label", "")
    assert label.startswith("Vårdnadshavare 1: Trygg 4, Må bra 1, ")
    assert "Omvårdad inget svar" in label
    assert [g.findtext(f"{NS}title") for g in sectors(root)][2:4] == ["Utvecklas: 5", "Omvårdad: inget svar"]
    assert text_of(sectors(root)[3], "wheel-number") == "–"  # the picture shows the dash, words are spoken


@pytest.mark.parametrize("evil", [XSS_SCRIPT, XSS_IMG, '" onload="alert(3)', "a & b ]]> <!--"])
def test_labels_and_title_are_escaped_text_never_markup(evil: str) -> None:
    labels = {**LABELS, "safe": evil}
    svg = wheel_svg(RATINGS, labels, evil)
    assert isinstance(svg, Markup)
    assert "<script" not in svg and "<img" not in svg and "<!--" not in svg
    root = parse(svg)
    tags = {el.tag for el in root.iter()}
    assert tags <= {f"{NS}{t}" for t in ("svg", "title", "defs", "pattern", "rect", "line", "g", "path", "text")}
    assert root.findtext(f"{NS}title") == evil
    assert text_of(sectors(root)[0], "wheel-label") == evil
    assert root.get("aria-label", "").startswith(evil + ": " + evil + " 4")


def test_nothing_a_strict_csp_blocks_and_no_event_handlers() -> None:
    root = parse(wheel_svg(RATINGS, {**LABELS, "safe": XSS_IMG}, XSS_SCRIPT, highlight={"safe"}))
    for el in root.iter():
        assert "style" not in el.attrib
        assert not [name for name in el.attrib if name.lower().startswith("on")]
        assert not any("javascript:" in v.lower() for v in el.attrib.values())
    assert root.find(f".//{NS}script") is None and root.find(f".//{NS}style") is None


def test_control_characters_are_dropped_so_the_svg_stays_well_formed() -> None:
    root = parse(wheel_svg(RATINGS, {**LABELS, "safe": "Tr\x00ygg\x1b"}, "Ung\x07dom"))
    assert root.findtext(f"{NS}title") == "Ungdom"
    assert text_of(sectors(root)[0], "wheel-label") == "Trygg"


def test_highlighted_areas_are_marked_and_outlined() -> None:
    root = parse(wheel_svg(RATINGS, LABELS, "Ungdom", highlight={"healthy", "active"}))
    marked = [g.get("data-area") for g in sectors(root) if g.get("data-highlight") == "true"]
    assert marked == ["healthy", "active"]
    widths = {g.get("data-area"): next(p.get("stroke-width") for p in g.iter(f"{NS}path")
                                         if p.get("class") == "wheel-outline") for g in sectors(root)}
    assert float(widths["healthy"] or 0) > float(widths["safe"] or 0)


def test_two_wheels_on_one_page_have_distinct_ids() -> None:
    a, b = parse(wheel_svg(RATINGS, LABELS, "a", svg_id="wheel-0")), parse(wheel_svg(RATINGS, LABELS, "b",
                                                                                     svg_id="wheel-1"))
    ids_a = {el.get("id") for el in a.iter() if el.get("id")}
    ids_b = {el.get("id") for el in b.iter() if el.get("id")}
    assert ids_a == {"wheel-0", "wheel-0-hatch"} and not ids_a & ids_b


@pytest.mark.parametrize("bad", [0, 6, -1, True, "3", 2.5])
def test_a_rating_outside_the_scale_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match="rating of 'healthy'"):
        wheel_svg({**RATINGS, "healthy": bad}, LABELS, "x")


@pytest.mark.parametrize("svg_id", ["", "1abc", 'x" onload="y', "a b"])
def test_a_bad_id_is_refused(svg_id: str) -> None:
    with pytest.raises(ValueError, match="svg_id"):
        wheel_svg(RATINGS, LABELS, "x", svg_id=svg_id)


def test_a_missing_label_is_refused() -> None:
    with pytest.raises(ValueError, match="no label for area 'included'"):
        wheel_svg(RATINGS, {a: v for a, v in LABELS.items() if a != "included"}, "x")
