"""`hjulsamtal keys`: make keys and re-encrypt every encrypted column under the newest data key.

Rule: rotation finds the encrypted columns by their types (every table of the models), reads the raw
tokens in primary-key order, a batch per transaction, and rewrites only tokens not yet under the newest
key, so it can be stopped and run again at any time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import click
from cryptography.fernet import InvalidToken
from flask.cli import AppGroup
from sqlalchemy import Column, MetaData, Table, Text, literal, select, type_coerce, update
from sqlalchemy.orm import Session, sessionmaker

from .crypto import ENCRYPTED_TYPES, Keyring, keyring, new_data_key
from .models import Base


class RotationError(ValueError):
    """A stored token is readable with none of the keys; the message names the row."""


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column and the primary key that addresses its rows."""

    table: Table
    column: Column[object]
    pk: Column[object]

    def __str__(self) -> str:
        return f"{self.table.name}.{self.column.name}"


def encrypted_columns(metadata: MetaData = Base.metadata) -> list[EncryptedColumn]:
    """Every column of an encrypted type, found by introspecting the models' tables."""
    found = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, ENCRYPTED_TYPES):
                pk = list(table.primary_key.columns)
                if len(pk) != 1:
                    raise RuntimeError(f"{table.name}: rotation needs a single-column primary key")
                found.append(EncryptedColumn(table, column, pk[0]))
    return found


def rotate_column(db: sessionmaker[Session], target: EncryptedColumn, ring: Keyring, batch: int = 500) -> int:
    """Re-encrypt one column's tokens that are not under the newest key; return how many."""
    raw = type_coerce(target.column, Text)  # the token as stored, not decrypted
    after: object = None
    changed = 0
    while True:
        with db.begin() as s:
            query = select(target.pk, raw).where(target.column.is_not(None)).order_by(target.pk).limit(batch)
            if after is not None:
                query = query.where(target.pk > after)
            rows = s.execute(query).all()
            for pk, token in rows:
                if not ring.is_current(token):
                    try:
                        rotated = ring.rotate(token)
                    except InvalidToken:
                        raise RotationError(f"{target} of row {pk} is readable with none of HJULSAMTAL_DATA_KEYS "
                                            "(was a key removed before rotating?); nothing in this batch "
                                            "was changed") from None
                    s.execute(update(target.table).where(target.pk == pk)
                              .values({target.column.name: literal(rotated, Text)}))
                    changed += 1
        if len(rows) < batch:
            return changed
        after = rows[-1][0]


def rotate_all(db: sessionmaker[Session], ring: Keyring, batch: int = 500) -> dict[str, int]:
    """Rotate every encrypted column; tokens re-encrypted per column."""
    return {str(target): rotate_column(db, target, ring, batch) for target in encrypted_columns()}


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
    from .runtime import runtime

    try:
        counts = rotate_all(runtime().db, keyring(), batch)
    except RotationError as exc:
        raise click.ClickException(str(exc)) from None
    for name, count in counts.items():
        click.echo(f"{name}: {count} re-encrypted")
    click.echo(f"done: {sum(counts.values())} values re-encrypted; the older keys can now be removed")
