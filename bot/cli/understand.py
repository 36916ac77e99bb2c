"""`hjulsamtal flows understand`: how well the conversation reads the corpus of real-looking replies.

Rule: prints the understood share per language and context, the opt-outs, and danger precision, recall and
false alarms; with --misses, every reply read otherwise than expected. It measures, never changes anything.
"""

from __future__ import annotations

from pathlib import Path

import click

from bot.conversation.corpus import CONTEXTS, CORPUS_DIR, load_corpus, score
from bot.services.runtime import load_texts_and_engine


@click.command("understand")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=CORPUS_DIR, show_default=True, help="Folder of <lang>.yaml corpus files.")
@click.option("--misses", is_flag=True, help="Also list every reply read otherwise than expected.")
def understand_command(corpus_dir: Path, misses: bool) -> None:
    """Understood share per language and context; danger precision and recall."""
    _, engine = load_texts_and_engine()
    cases, danger = load_corpus(corpus_dir)
    result = score(engine.lexicon, cases, danger)
    langs = sorted({c.lang for c in cases} | {lang for lang, _, _ in danger})
    click.echo(f"{'lang':5}" + "".join(f"{c:>10}" for c in CONTEXTS) + f"{'all':>10}")
    for lang in langs:
        cells = []
        for context in CONTEXTS:
            total = result.totals[(lang, context)]
            cells.append(f"{result.understood[(lang, context)]}/{total}" if total else "-")
        total = sum(result.totals[(lang, c)] for c in CONTEXTS)
        done = sum(result.understood[(lang, c)] for c in CONTEXTS)
        click.echo(f"{lang:5}" + "".join(f"{c:>10}" for c in cells) + f"{_pct(done, total):>10}")
    total = sum(result.totals.values())
    click.echo(f"understood: {sum(result.understood.values())}/{total} = {result.share:.1%}")
    click.echo(f"opt-outs: {result.opt_outs[0]}/{result.opt_outs[1]}")
    d = result.danger
    click.echo(f"danger: recall {result.recall:.1%} ({d['tp']}/{d['tp'] + d['fn']}), precision "
               f"{result.precision:.1%}, false alarms {result.false_alarms:.1%} ({d['fp']}/{d['fp'] + d['tn']})")
    if misses:
        for case, got in result.missed:
            click.echo(f"miss {case.lang} {case.context} {case.text!r}: expected {case.expected}, got {got}")
        for lang, text, is_danger in result.danger_missed:
            click.echo(f"{'missed danger' if is_danger else 'false alarm'} {lang} {text!r}")


def _pct(done: int, total: int) -> str:
    return f"{done / total:.1%}" if total else "-"
