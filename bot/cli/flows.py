"""`hjulsamtal flows check | report | review | stamp`: validate and measure the flows and their texts.

`stamp` records that translations are made from the current Swedish (locales/sources/); `baseline` that a
language's translations are reviewed as they read now (locales/reviewed/).

Rule: `check` exits 1 on any problem and prints every one of them (keys, placeholders, budgets, the
bilingual budgets); `report` measures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.languages import LOCALES_OPTION, review_command, translated_language
from bot.cli.po import po_export_command, po_import_command
from bot.cli.understand import understand_command
from bot.conversation import Engine, FlowError
from bot.services.runtime import load_texts_and_engine
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.check import check, report
from bot.texts.cost import HAPPY_PATH_BUDGET, MAX_SMS_SEGMENTS, bilingual_costs, bilingual_rows, budget_problems
from bot.texts.reviews import write_baseline
from bot.texts.sources import stamp


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
        problems = problems or budget_problems(texts, engine)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"ok: {len(engine.flows)} flows, {len(texts.languages)} languages")


@flows.command("report")
@click.option("--lang", help="Only this language.")
@click.option("--bilingual", is_flag=True, help="Messages as sent in bilingual mode: before (one SMS) and after (two).")
@LOCALES_OPTION
def flows_report(lang: str | None, bilingual: bool, locales_dir: Path) -> None:
    """Each message per language: characters, encoding, segments, LIX, and budget breaches."""
    texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    if bilingual:
        _bilingual_report(texts, engine, lang)
        return
    click.echo(f"{'lang':4} {'key':32} {'chars':>5} {'enc':6} {'seg':>3} {'LIX':>5}  {'budget':9} verdict")
    breaches = 0
    for row in report(texts, engine):
        if lang and row.lang != lang:
            continue
        problems = row.problems()
        breaches += bool(problems)
        alphabet, limit = row.budget
        click.echo(f"{row.lang:4} {row.key:32} {row.chars:5} {row.encoding:6} {row.segments:3} "
                   f"{row.lix:5.1f}  {f'{limit} {alphabet or chr(32)}':9} {'OVER' if problems else 'ok'}")
    _bilingual_summary(texts, engine, lang)
    click.echo(f"{breaches} over budget")


def _bilingual_report(texts: Texts, engine: Engine, lang: str | None) -> None:
    click.echo(f"{'lang':4} {'key':32} {'before':>6} {'after':>5} {'own+sv':>6} {'enc':11} verdict")
    breaches = 0
    for row in bilingual_rows(texts, engine):
        if lang and row.lang != lang:
            continue
        over = row.most > MAX_SMS_SEGMENTS
        breaches += over
        click.echo(f"{row.lang:4} {row.key:32} {row.before:6} {row.after:5} {f'{row.own}+{row.swedish}':>6} "
                   f"{row.encodings:11} {'OVER' if over else 'ok'}")
    _bilingual_summary(texts, engine, lang)
    click.echo(f"{breaches} over budget")


def _bilingual_summary(texts: Texts, engine: Engine, lang: str | None) -> None:
    click.echo("bilingual segments, before (one SMS, both texts) -> after (two SMS, Swedish in GSM-7):")
    click.echo(f"  {'lang':4} {'all messages':>22} {'guardian happy path':>24}  most in one SMS")
    for cost in bilingual_costs(texts, engine):
        if not lang or cost.lang == lang:
            budget = HAPPY_PATH_BUDGET.get(cost.lang)
            click.echo(f"  {cost.lang:4} {cost.segments:6} | {cost.before:4} -> {cost.after:4}   "
                       f"{cost.path_mono:4} | {cost.path_before:3} -> {cost.path_after:3}"
                       f"{f' (budget {budget})' if budget else '':13}  {cost.most} ({cost.most_key})")


@flows.command("stamp")
@click.option("--lang", "langs", required=True, multiple=True, help="The language whose translation was updated.")
@click.argument("keys", nargs=-1)
@LOCALES_OPTION
def flows_stamp(langs: tuple[str, ...], keys: tuple[str, ...], locales_dir: Path) -> None:
    """Record that a language's KEYS (default: all) are translated from the current Swedish (no longer stale)."""
    texts, _ = load_texts_and_engine(locales_dir=locales_dir)
    for code in langs:
        lang = translated_language(texts, code, "it has nothing to stamp")
        try:
            done = stamp(locales_dir, lang, texts.catalogs[SOURCE_LANGUAGE], texts.catalogs[lang], list(keys) or None,
                         {k: texts.source_key(k) for k in texts.catalogs[lang]})
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0])) from None
        click.echo(f"{lang}: {len(done)} keys stamped")


@flows.command("baseline")
@click.option("--lang", "langs", required=True, multiple=True, help="The language whose review is recorded.")
@LOCALES_OPTION
def flows_baseline(langs: tuple[str, ...], locales_dir: Path) -> None:
    """Record a language's translations as reviewed in their current wording (the review page's baseline)."""
    texts, _ = load_texts_and_engine(locales_dir=locales_dir)
    for code in langs:
        lang = translated_language(texts, code, "it has no review baseline")
        click.echo(f"{lang}: {write_baseline(locales_dir, lang, texts.catalogs[lang])} keys recorded as reviewed")


flows.add_command(review_command)
flows.add_command(po_export_command)
flows.add_command(po_import_command)
flows.add_command(understand_command)
