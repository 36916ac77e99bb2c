"""`hjulsamtal keys`: make keys, and re-encrypt everything under the newest data key.
Rule: new keys are printed, never stored; rotation can be stopped and run again at any time."""

from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from bot.cli.common import runtime
from bot.store.crypto import keyring, new_data_key
from bot.store.rotation import RotationError, rotate_all


@click.group("keys", cls=AppGroup)
def keys_group() -> None:
    """Encryption keys (HJULSAMTAL_DATA_KEYS, HJULSAMTAL_INDEX_KEY)."""


@keys_group.command("generate", with_appcontext=False)
def keys_generate() -> None:
    """Print a new data key and a new index key (put them in the environment; keep them secret)."""
    click.echo(f"HJULSAMTAL_DATA_KEYS={new_data_key()}")
    click.echo(f"HJULSAMTAL_INDEX_KEY={secrets.token_urlsafe(32)}")


@keys_group.command("rotate")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per transaction.")
def keys_rotate(batch: int) -> None:
    """Re-encrypt every encrypted column under the newest data key (the first of HJULSAMTAL_DATA_KEYS)."""
    try:
        counts = rotate_all(runtime().db, keyring(), batch)
    except RotationError as exc:
        raise click.ClickException(str(exc)) from None
    for name, count in counts.items():
        click.echo(f"{name}: {count} re-encrypted")
    click.echo(f"done: {sum(counts.values())} values re-encrypted; the older keys can now be removed")
