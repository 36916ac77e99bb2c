"""`hjulsamtal flows check | report | review`: validate and measure the flows and their texts.

Rule: `check` exits 1 on any problem and prints every one of them; `report` measures, never enforces
bilingual messages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.languages import LOCALES_OPTION, review_command
from bot.conversation import FlowError
from bot.services.runtime import load_texts_and_engine
from bot.texts.check import check, report
from bot.texts.cost import bilingual_costs, bilingual_rows


@click.group()
def flows() -> None:
    """Validate and measure the flows and their texts."""


@flows.command("check")
@LOCALES_OPTION
def flows_check(locales_dir: Path) -> None:
    """Validate flows and locales; exit 1 on any problem."""
    try:
        texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    except FlowError as exc:
        problems = exc.problems
    else:
        problems = check(texts, engine)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"ok: {len(engine.flows)} flows, {len(texts.languages)} languages")


@flows.command("report")
@click.option("--lang", help="Only this language.")
@click.option("--bilingual", is_flag=True, help="Messages as sent in bilingual mode (reported, no budget).")
@LOCALES_OPTION
def flows_report(lang: str | None, bilingual: bool, locales_dir: Path) -> None:
    """Each message per language: characters, encoding, segments, LIX, and budget breaches."""
    texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    click.echo(f"{'lang':4} {'key':32} {'chars':>5} {'enc':6} {'seg':>3} {'LIX':>5}  {'budget':9} verdict")
    rows = bilingual_rows(texts, engine) if bilingual else report(texts, engine)
    breaches = 0
    for row in rows:
        if lang and row.lang != lang:
            continue
        problems = [] if bilingual else row.problems()
        breaches += bool(problems)
        alphabet, limit = row.budget
        budget = "none" if bilingual else f"{limit} {alphabet or 'any'}"
        verdict = "-" if bilingual else ("OVER" if problems else "ok")
        click.echo(f"{row.lang:4} {row.key:32} {row.chars:5} {row.encoding:6} {row.segments:3} "
                   f"{row.lix:5.1f}  {budget:9} {verdict}")
    click.echo("segments of every message once, one language -> bilingual (mother tongue + Swedish):")
    for cost in bilingual_costs(texts, engine):
        if not lang or cost.lang == lang:
            click.echo(f"  {cost.lang:4} {cost.segments:4} -> {cost.bilingual_segments:4}  "
                       f"(most {cost.most}: {cost.most_key})")
    click.echo(f"{breaches} over budget")


flows.add_command(review_command)
