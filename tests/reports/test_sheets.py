"""The paper question sheet and the translation review page: printable HTML with lang and dir set, the
wheel's eight empty sectors, the same questions as the SMS in the sheet's language (Swedish too when
bilingual), and the review page key by key with segment counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from click.testing import CliRunner

from bot.app import main
from bot.cli.flows import flows
from bot.conversation import Reply
from bot.reports.sheets import SheetError, render_review, render_sheet
from bot.texts.bilingual import SWEDISH_ONLY_KEYS


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
        question = texts.render(Reply(f"youth.q.{area}", {"n": n, "total": 8, "area": Reply(f"area.{area}")}),
                                code)
        assert " ".join(question.split()) in text
        assert f"{n} {texts.render(Reply(f'area.{area}'), code)}" in text  # the sector's label
    assert texts.render(Reply("sheet.how"), code) in text
    assert texts.render(Reply("youth.matters_most"), code) in text
    if code != "sv":
        assert "Fråga 1 av 8" not in text  # one language only unless bilingual


def test_guardian_bilingual_sheet_has_swedish_under_each_text() -> None:
    page = Page(sheet_cli("--lang", "ar", "--role", "guardian", "--bilingual"))
    swedish = page.having("p", **{"class": "sv", "lang": "sv", "dir": "ltr"})
    assert len(swedish) >= 10  # how-to, eight questions, matters most
    text = page.all_text
    assert "Hur trygg är barnet där?" in text
    assert "ما مدى أمان طفلك هناك؟" in text
    assert "Med svensk text under varje text." in text


def test_sheet_footer_tells_staff_the_review_status(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    page = Page(render_sheet(texts, engine, "ti", "guardian"))
    footer = page.having("p", **{"class": "staff", "lang": "sv", "dir": "ltr"})
    assert footer
    assert "utkast, inte granskad" in page.all_text and "vårdnadshavare på ትግርኛ" in page.all_text


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
    path.write_text(path.read_text(encoding="utf-8").replace('words: "Erayadaada:"', 'words: "<b>Erayo</b>"'),
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
    assert [r["data-key"] for r in rows] == [k for k in texts.catalogs["sv"] if k not in SWEDISH_ONLY_KEYS]
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
    area = re.search(r'<tr data-key="area.safe">(.*?)</tr>', html, re.S)
    sheet = re.search(r'<tr data-key="sheet.how">(.*?)</tr>', html, re.S)
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
    assert "Översättningen är granskad." in render_sheet(texts, engine, "so")
