"""The bilingual budget: an Arabic guardian's happy path at most 37 reply segments (issue 17's 36 was counted
before the sharing question, which costs 3), Tigrinya 32, and no single SMS over 4 UCS-2 segments; `flows
report --bilingual` shows the cost before (one SMS) and after (two)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from bot.cli.flows import flows
from bot.services.runtime import load_texts_and_engine
from bot.texts.cost import (
    HAPPY_PATH_BUDGET,
    MAX_SMS_SEGMENTS,
    bilingual_costs,
    bilingual_rows,
    budget_problems,
    path_segments,
)


def test_happy_paths_stay_within_budget(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    assert HAPPY_PATH_BUDGET == {"ar": 37, "ti": 32}
    assert path_segments(texts, engine, "ar", "after") <= 37
    assert path_segments(texts, engine, "ti", "after") <= 32
    assert budget_problems(texts, engine) == []


def test_two_sms_cost_less_than_one_for_every_ucs2_language(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    costs = {c.lang: c for c in bilingual_costs(texts, engine)}
    assert set(costs) == {"en", "ar", "so", "ti", "prs", "fi", "uk"}
    for lang in ("ar", "ti", "prs", "uk"):
        assert costs[lang].after < costs[lang].before, lang
        assert costs[lang].path_after < costs[lang].path_before, lang
    # the Swedish SMS of a UCS-2 language stays GSM-7, and the read-back's is a legend: less than both paths
    sv = path_segments(texts, engine, "sv", "mono")
    assert costs["ar"].path_mono < costs["ar"].path_after < costs["ar"].path_mono + sv


def test_no_single_sms_over_four_segments(texts_and_engine: Any) -> None:
    texts, engine = texts_and_engine
    rows = bilingual_rows(texts, engine)
    assert rows and max(r.most for r in rows) <= MAX_SMS_SEGMENTS
    assert all(r.encodings.endswith("GSM-7") for r in rows if r.swedish)


def test_a_longer_arabic_question_breaks_the_budget(locales_copy: Path) -> None:
    locales = locales_copy  # python-i18n's global store gets the real catalogs back afterwards
    path = locales / "ar.yml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    # 12 times: 7 UCS-2 segments where it took 1, more than the path is under its budget
    tree["guardian"]["q"]["healthy"] += " " + "كيف حال طفلك في جسمه ونفسه؟ " * 12
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    problems = budget_problems(*load_texts_and_engine(locales_dir=locales))
    assert any(p.startswith("ar guardian.q.healthy: one bilingual SMS") for p in problems), problems
    assert any(p.startswith("ar: a bilingual guardian's happy path costs") for p in problems), problems
    result = CliRunner().invoke(flows, ["check", "--locales", str(locales)])
    assert result.exit_code == 1 and "ar guardian.q.healthy" in result.stderr


def test_flows_report_bilingual_shows_before_and_after() -> None:
    result = CliRunner().invoke(flows, ["report", "--bilingual", "--lang", "uk"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines()[1:] if line.startswith("uk ")}
    assert rows["youth.q.safe"][-3] == "2+1" and rows["youth.q.safe"][-2] == "UCS-2+GSM-7"
    assert int(rows["youth.q.safe"][2]) > int(rows["youth.q.safe"][3])  # before > after
    assert rows["common.language_menu"][-3] == "2+0"
    summary = [line for line in result.stdout.splitlines() if line.startswith("  uk ")]
    assert len(summary) == 1 and "->" in summary[0]
    assert result.stdout.splitlines()[-1] == "0 over budget"
