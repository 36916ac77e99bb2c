"""`hjulsamtal flows po-export LANG [-o FILE]` and `flows po-import LANG FILE`: a language as a PO file for
translators (Poedit, Weblate) and back into locales/<lang>.yml.

Rule: as every command, a problem is a one-line error with a non-zero exit, and then nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.languages import LOCALES_OPTION, translated_language
from bot.services.runtime import load_texts_and_engine
from bot.texts.po import PoError, po_bytes
from bot.texts.po_import import import_po

WHY = "it has no translation to export or import"


@click.command("po-export")
@click.argument("lang")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the PO file here (default: stdout).")
@LOCALES_OPTION
def po_export_command(lang: str, output: Path | None, locales_dir: Path) -> None:
    """Write LANG as a PO file: msgctxt the key, msgid the Swedish, msgstr the translation (stale: fuzzy)."""
    texts, engine = load_texts_and_engine(locales_dir=locales_dir)
    body = po_bytes(texts, engine, translated_language(texts, lang, WHY))
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        output.write_bytes(body)


@click.command("po-import")
@click.argument("lang")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LOCALES_OPTION
def po_import_command(lang: str, file: Path, locales_dir: Path) -> None:
    """Write a PO file's translations into locales/LANG.yml (placeholders checked; the language becomes draft)."""
    texts, _ = load_texts_and_engine(locales_dir=locales_dir)
    code = translated_language(texts, lang, WHY)
    try:
        with file.open("rb") as fh:
            done = import_po(texts, code, fh)
    except PoError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{code}: {len(done.changed)} texts changed, {len(done.stamped)} sources recorded"
               + ("; marked draft" if done.drafted else ""))
