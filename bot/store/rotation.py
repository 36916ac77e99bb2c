"""Key rotation: re-encrypt every encrypted column under the newest data key (`hjulsamtal keys rotate`).

Rule: rotation finds the encrypted columns by their types (every table of the models), reads the raw
tokens in primary-key order, a batch per transaction, and rewrites only tokens not yet under the newest
key, so it can be stopped and run again at any time.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from sqlalchemy import Column, MetaData, Table, Text, literal, select, type_coerce, update
from sqlalchemy.orm import Session, sessionmaker

from bot.store.crypto import ENCRYPTED_TYPES, Keyring
from bot.store.models import Base


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
