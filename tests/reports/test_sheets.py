"""The paper question sheet and the translation review page: printable HTML with lang and dir set, the
wheel's eight empty sectors with labels fitted to their boxes, the questions in paper wording (sheet.*, never
the SMS's "Svara 1-5") in the sheet's language (Swedish too when bilingual), nothing for staff on the family's
copy, and the review page key by key with segment counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.app import main
from bot.cli.flows import flows
from bot.conversation import Reply
from bot.reports.sheets import SheetError, render_review, render_sheet
from bot.texts.bilingual import SWEDISH_ONLY_KEYS
from bot.texts.roles import variant_key


class Page(HTMLParser):
    """The parts of a page the tests look at: elements with their attributes, and the text of each."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.replace("_", "-")) == v
                                                                 for k, v in attrs.items())]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def sheet_cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["sheet", *args])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("prs", "rtl"), ("fa", "rtl"), ("ti", "ltr"),
                                                 ("uk", "ltr"), ("so", "ltr"), ("fi", "ltr"), ("sv", "ltr")])
def test_sheet_has_the_empty_wheel_and_the_questions_in_the_language(texts_and_engine: Any, lang: str,
                                                                     direction: str) -> None:
    texts, engine = texts_and_engine
    page = Page(sheet_cli("--lang", lang))
    code = "prs" if lang == "fa" else lang
    html_tag = page.having("html")[0]
    assert (html_tag["lang"], html_tag["dir"]) == (code, direction)
    sectors = page.having("path", **{"class": "sector"})
    assert [s["data-area"] for s in sectors] == list(engine.wheel.areas)
    assert all(s.get("fill") is None for s in sectors)  # empty: white by the style, to colour by hand
    assert len(page.having("circle", **{"class": "ring"})) == 5
    text = page.all_text
    for n, area in enumerate(engine.wheel.areas, start=1):
        assert " ".join(texts.render(Reply(f"sheet.youth.q.{area}"), code).split()) in text
        assert f"{n} {texts.render(Reply(f'area.{area}'), code)}" in text  # the sector's label
    assert texts.render(Reply("sheet.youth.how"), code) in text
    assert texts.render(Reply("sheet.matters_most"), code) in text
    sms_question = texts.render(Reply("youth.q.healthy", {"n": 2, "total": 8, "area": Reply("area.healthy")}), code)
    assert sms_question not in text and texts.render(Reply("youth.matters_most"), code) not in text
    if code != "sv":
        assert "Hur mår du" not in text  # one language only unless bilingual


def test_paper_wording_not_sms_wording(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for role in ("youth", "guardian"):
        text = Page(render_sheet(texts, engine, "sv", role)).all_text
        for sms in ("Svara 1-5", "Fråga 1 av 8", "HOPPA", "efter siffran", "Svara 1, 2 eller 3", "Sista frågan"):
            assert sms not in text, (role, sms)
        assert "Ringa in en siffra vid varje fråga." in text and "Skriv gärna några ord:" in text
        assert "Tänk på var det är sämst: hemma, i skolan eller på fritiden." in text  # the safety question
        assert "Bara siffrorna, inte mina ord" in text


def test_wheel_labels_fit_their_boxes_in_every_language(texts_and_engine: Any) -> None:
    """Every language's area labels get a box beside or above/below the wheel and a font size at which a
    generous width estimate fits (the browser test measures the real text); ring numbers are >= 10 pt."""
    from bot.reports.wheel import RING_NUMBER_SIZE, SHEET_HEIGHT, SHEET_WIDTH, sectors, text_width

    texts, engine = texts_and_engine
    assert RING_NUMBER_SIZE / 25.4 * 72 >= 10  # mm to points
    for lang in texts.languages:
        names = {a: texts.render(Reply(f"area.{a}"), lang) for a in engine.wheel.areas}
        for sector in sectors(engine.wheel.areas, names):
            label, box = sector.label, sector.label.box
            assert box.x >= 0 and box.x + box.width <= SHEET_WIDTH and 0 <= box.y <= SHEET_HEIGHT - box.height
            assert 1 <= len(label.lines) <= 2 and label.size >= 3.2, (lang, label)
            assert " ".join(line for line, _, _ in label.lines) == f"{sector.n} {names[sector.area]}"
            assert all(text_width(line, label.size) <= box.width for line, _, _ in label.lines), (lang, label)
            assert len(label.lines) * label.size * 1.2 <= box.height + 0.01
    boxes = [s.label.box for s in sectors(engine.wheel.areas, {a: "x" for a in engine.wheel.areas})]
    for i, a in enumerate(boxes):  # no two boxes overlap
        for b in boxes[i + 1:]:
            assert (a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y)


def test_a_long_label_wraps_or_shrinks_but_never_leaves_its_box() -> None:
    from bot.reports.wheel import LABEL_SIZE, fit_label, label_box, text_width

    box = label_box(270, 315)
    wrapped = fit_label("7 Ka qayb qaadasho mid aad u dheer", box)
    assert len(wrapped.lines) == 2 and wrapped.lines[0][0].startswith("7 Ka")
    long_word = fit_label("7 Ansvarstagandeochdelaktighetsfrågor", box)
    assert len(long_word.lines) == 1 and long_word.size < LABEL_SIZE
    assert text_width(long_word.lines[0][0], long_word.size) <= box.width
    assert fit_label("7 Відповідальність", box).lines[0][0] == "7 Відповідальність"  # the number stays


def test_guardian_bilingual_sheet_has_swedish_under_each_text() -> None:
    page = Page(sheet_cli("--lang", "ar", "--role", "guardian", "--bilingual"))
    swedish = page.having("p", **{"class": "sv", "lang": "sv", "dir": "ltr"})
    assert len(swedish) >= 10  # how-to, eight questions, matters most
    text = page.all_text
    assert "Hur trygg är barnet där?" in text
    assert "ما مدى شعور الطفل بالأمان هناك؟" in text


@pytest.mark.parametrize(("lang", "role", "bilingual"), [("ti", "guardian", False), ("ar", "youth", True),
                                                      ("sv", "youth", False)])
def test_the_familys_copy_has_no_staff_notes(texts_and_engine: Any, lang: str, role: str, bilingual: bool) -> None:
    texts, engine = texts_and_engine
    html = render_sheet(texts, engine, lang, role, bilingual)
    page = Page(html)
    for note in ("utkast", "granskad", "draft", "Frågeblad", "ungdom", "vårdnadshavare", "sheet.", "(ti)", "(ar)",
                 "personnummer", "Med svensk text"):
        assert note not in page.all_text, note
    assert page.having("html")[0]["lang"] == lang and not page.having("p", **{"class": "staff"})
    assert "<title>" + texts.render(Reply("sheet.title"), lang) + "</title>" in html


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "xx"], "Error: unknown language 'xx'"),
    (["--lang", "ar", "--role", "teacher"], "Error: Invalid value for '--role'"),
])
def test_sheet_refuses_bad_arguments(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["sheet", *args])
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith(message)


def test_render_sheet_refuses_unknown_role(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    with pytest.raises(SheetError, match="role must be one of youth, guardian"):
        render_sheet(texts, engine, "ar", "teacher")


def test_sheet_escapes_text(texts_and_engine: Any, locales_copy: Any) -> None:
    from bot.texts.catalogue import Texts

    path = locales_copy / "so.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('title: "Su\'aalo ku saabsan giraangiraha"',
                                                             'title: "<b>Erayo</b>"'),
                    encoding="utf-8")
    _, engine = texts_and_engine
    html = render_sheet(Texts(locales_copy), engine, "so")
    assert "&lt;b&gt;Erayo&lt;/b&gt;" in html and "<b>" not in html


def test_review_page_side_by_side_with_segments(texts_and_engine: Any) -> None:
    texts, _ = texts_and_engine
    result = CliRunner().invoke(flows, ["review", "--lang", "prs"])
    assert result.exit_code == 0, result.output
    page = Page(result.stdout)
    assert page.having("html")[0]["lang"] == "sv"
    rows = page.having("tr")[1:]
    # each key, and a guardian variant of a shared text (Dari addresses guardians formally) after its key
    assert [r["data-key"] for r in rows] == [key for k in texts.catalogs["sv"] if k not in SWEDISH_ONLY_KEYS
                                             for key in (k, variant_key(k))
                                             if key in texts.catalogs["prs"]]
    assert len(page.having("td", lang="prs", dir="rtl")) == len(rows)
    assert len(page.having("td", lang="sv", dir="ltr")) == len(rows)
    html = result.stdout
    row = re.search(r'<tr data-key="youth.q.safe"[^>]*>(.*?)</tr>', html, re.S)
    assert row and "1 / 2" in row.group(1)  # Swedish one GSM-7 segment, Dari two UCS-2
    assert texts.catalogs["prs"]["youth.q.safe"] in row.group(1)
    assert "utkast, inte granskad" in html and "2 sms-delar (UCS-2)" in html


def test_review_marks_fragments_and_printed_texts(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    html = render_review(texts, engine, "fi")
    area = re.search(r'<tr data-key="area.safe"[^>]*>(.*?)</tr>', html, re.S)
    sheet = re.search(r'<tr data-key="sheet.youth.how"[^>]*>(.*?)</tr>', html, re.S)
    assert area and "del av annan text" in area.group(1)
    assert sheet and "Skrivs ut, inte skickas" in sheet.group(1)
    assert CliRunner().invoke(flows, ["review", "--lang", "xx"]).exit_code == 1


def test_review_page_names_the_reviewer_once_reviewed(texts_and_engine: Any, locales_copy: Any) -> None:
    import yaml

    from bot.texts.catalogue import Texts
    from bot.texts.reviews import write_baseline

    path = locales_copy / "status.yml"
    status = yaml.safe_load(path.read_text(encoding="utf-8"))
    status["languages"]["so"].update(status="reviewed", reviewer="Modersmålsenheten Katrineholm", date="2026-10-30")
    path.write_text(yaml.safe_dump(status, allow_unicode=True), encoding="utf-8")
    _, engine = texts_and_engine
    texts = Texts(locales_copy)
    write_baseline(locales_copy, "so", texts.catalogs["so"])  # the texts as reviewed (`flows baseline`)
    html = render_review(texts, engine, "so")
    assert "Status: granskad Granskad av Modersmålsenheten Katrineholm, 2026-10-30." in html
    assert "granskad" not in render_sheet(texts, engine, "so")  # the family's copy says nothing about it


def test_sheet_review_page_and_staff_css_name_a_free_ethiopic_font(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    for html in (render_sheet(texts, engine, "ti"), render_review(texts, engine, "ti")):
        stack = re.search(r"html \{ font-family: ([^;]+);", html)
        assert stack and "'Noto Sans Ethiopic'" in stack.group(1) and "&#39;" not in stack.group(1)
    css = (Path(__file__).resolve().parents[2] / "bot" / "static" / "staff.css").read_text(encoding="utf-8")
    assert '"Noto Sans Ethiopic"' in css
