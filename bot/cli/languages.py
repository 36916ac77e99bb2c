"""Language commands: `languages`, `orgs languages`, `sheet` and `flows review`.

Rule: as every command, bad arguments give a one-line error and a non-zero exit and change nothing; the
pages are printed to stdout as HTML (`hjulsamtal sheet --lang so > sheet.html`).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from bot.cli.common import runtime
from bot.reports.sheets import SheetError, render_review, render_sheet
from bot.services import audit as audit_log
from bot.services.meetings import ROLES, set_accept_drafts, set_offered_languages
from bot.services.reviews import effective_statuses
from bot.services.runtime import LOCALES_DIR, load_texts_and_engine
from bot.store.models import Organisation
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.languages import LanguageError, LanguageStatus, draft_languages, offered_languages, resolve_language

LOCALES_OPTION = click.option("--locales", "locales_dir", type=click.Path(file_okay=False, path_type=Path),
                              default=LOCALES_DIR, help="The locales directory (default: the app's).")


def translated_language(texts: Texts, code: str, why: str) -> str:
    """The language a code means, if it is a translation; a one-line ClickException otherwise (Swedish:
    "Swedish is the source: `why`")."""
    try:
        lang = resolve_language(texts, code)
    except LanguageError as exc:
        raise click.ClickException(str(exc)) from None
    if lang == SOURCE_LANGUAGE:
        raise click.ClickException(f"Swedish is the source: {why}")
    return lang


def _echo_status(status: LanguageStatus) -> None:
    reviewed = f" {status.reviewer} {status.date}" if status.status == "reviewed" else ""
    click.echo(f"{status.code:4} {status.status:8} {status.name}{reviewed}")


@click.command("languages")
@with_appcontext
def languages_command() -> None:
    """Every language: code, review status (source, reviewed or draft, recorded reviews counted), own name."""
    rt = runtime()
    with rt.db() as s:
        statuses = effective_statuses(s, rt.texts)
    for status in statuses.values():
        _echo_status(status)


@click.command("languages")
@with_appcontext
@click.argument("slug")
@click.option("--only", help="Offer only these, e.g. sv,ar,so,fi (Swedish is always offered).")
@click.option("--all", "offer_all", is_flag=True, help="Offer every language again.")
@click.option("--accept-drafts/--no-accept-drafts", default=None,
              help="Offer draft (unreviewed) languages too, or only reviewed ones and Swedish.")
def orgs_languages_command(slug: str, only: str | None, offer_all: bool, accept_drafts: bool | None) -> None:
    """Show (or limit) the languages an organisation offers now, with their review status."""
    if only is not None and offer_all:
        raise click.ClickException("give --only or --all, not both")
    rt = runtime()
    try:
        with rt.db.begin() as s:
            org = s.scalar(select(Organisation).where(Organisation.slug == slug))
            if org is None:
                raise LanguageError(f"unknown organisation {slug!r}")
            if only is not None or offer_all:
                org = set_offered_languages(s, rt.texts, slug, None if offer_all else only)
            if accept_drafts is not None and accept_drafts != org.accept_drafts:
                set_accept_drafts(s, slug, accept_drafts)
                audit_log.record(s, None, org.id, "accept_drafts", rt.clock(), detail="on" if accept_drafts else "off")
            statuses = effective_statuses(s, rt.texts)
            offered = offered_languages(org, rt.texts, statuses)
            left_out = draft_languages(org, rt.texts, statuses)
    except LanguageError as exc:
        raise click.ClickException(str(exc)) from None
    for code in offered:
        _echo_status(statuses[code])
    if left_out:
        click.echo(f"not offered, drafts (--accept-drafts to offer): {', '.join(left_out)}")


@click.command("review")
@click.option("--lang", required=True, help="The language to review, e.g. ar.")
@LOCALES_OPTION
def review_command(lang: str, locales_dir: Path) -> None:
    """Print the translation review page (Swedish | language, key by key, with SMS segments) as HTML."""
    texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    try:
        click.echo(render_review(texts, engine, lang), nl=False)
    except SheetError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("sheet")
@click.option("--lang", required=True, help="The sheet's language, e.g. so.")
@click.option("--role", type=click.Choice(ROLES), default="youth", show_default=True)
@click.option("--bilingual", is_flag=True, help="Swedish under every text.")
def sheet_command(lang: str, role: str, bilingual: bool) -> None:
    """Print the paper question sheet (printable A4 HTML): the wheel to colour and the questions."""
    texts, engine = load_texts_and_engine()
    try:
        click.echo(render_sheet(texts, engine, lang, role, bilingual), nl=False)
    except SheetError as exc:
        raise click.ClickException(str(exc)) from None
