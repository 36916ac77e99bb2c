"""encryption at rest: encrypted personal data, phone blind index

Revision ID: 0004_security
Revises: 0003_languages
Create Date: 2026-11-22

Existing rows are encrypted in place with the keyring that bot.store.db.upgrade passes in
(config.attributes["keyring"]: encrypt, decrypt, index); a database with rows cannot be migrated without it.
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = '0004_security'
down_revision: str | None = '0003_languages'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHONE_TOKEN = 184  # a Fernet token of 16 characters of up to 4 UTF-8 bytes (bot.store.crypto.token_length(64))
ENCRYPTED = {  # table: (primary key, columns holding personal text)
    'participant': ('id', ('phone',)),
    'conversation': ('id', ('data', 'matters_most')),
    'answer': ('id', ('comment', 'followup')),
    'message': ('id', ('body',)),
    'meeting_info': ('meeting_id', ('label',)),
    'participant_info': ('participant_id', ('helper_note',)),
    'paper_sheet': ('id', ('helper',)),
}
WIDENED = {'meeting_info': ('label', 40), 'participant_info': ('helper_note', 120),
           'paper_sheet': ('helper', 120)}  # short strings that become Fernet tokens (Text)


def _keyring(conn: sa.Connection) -> Any:
    """The keyring, or None when there is nothing to convert; an error when there is but no keyring."""
    ring = context.config.attributes.get('keyring')
    if ring is None and any(conn.execute(sa.text(f'SELECT 1 FROM {name} LIMIT 1')).first() for name in ENCRYPTED):
        raise RuntimeError('0004_security encrypts existing rows: run it with `hjulsamtal db upgrade`, '
                           'which has the keys')
    return ring


def _convert(conn: sa.Connection, name: str, pk: str, columns: Sequence[str], fn: Callable[[str], str]) -> None:
    """Apply fn to every non-NULL value of `columns` in table `name`."""
    table = sa.table(name, sa.column(pk), *(sa.column(c, sa.Text) for c in columns))
    for row in conn.execute(sa.select(table.c[pk], *(table.c[c] for c in columns))).all():
        values = {c: fn(v) for c, v in zip(columns, row[1:], strict=True) if v is not None}
        if values:
            conn.execute(table.update().where(table.c[pk] == row[0]).values(**values))


def upgrade() -> None:
    conn = op.get_bind()
    ring = _keyring(conn)
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_phone'))
        batch_op.alter_column('phone', existing_type=sa.String(length=16), type_=sa.String(length=PHONE_TOKEN),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('phone_index', sa.String(length=64), nullable=True))
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.alter_column('open_phone', existing_type=sa.String(length=16), type_=sa.String(length=64),
                              existing_nullable=True)
        batch_op.alter_column('data', existing_type=sa.JSON(), type_=sa.Text(), existing_nullable=False,
                              postgresql_using='data::text')
    for name, (column, length) in WIDENED.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.String(length=length), type_=sa.Text(),
                                  existing_nullable=False)
    if ring is not None:
        participant = sa.table('participant', sa.column('id'), sa.column('phone'), sa.column('phone_index'))
        for pid, phone in conn.execute(sa.select(participant.c.id, participant.c.phone)).all():
            conn.execute(participant.update().where(participant.c.id == pid).values(phone_index=ring.index(phone)))
        _convert(conn, 'conversation', 'id', ('open_phone',), ring.index)
        for name, (pk, columns) in ENCRYPTED.items():
            _convert(conn, name, pk, columns, ring.encrypt)
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.alter_column('phone_index', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_participant_phone_index'), ['phone_index'], unique=False)


def downgrade() -> None:
    conn = op.get_bind()
    ring = _keyring(conn)
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_phone_index'))
    if ring is not None:
        for name, (pk, columns) in ENCRYPTED.items():
            _convert(conn, name, pk, columns, ring.decrypt)
        conversation = sa.table('conversation', sa.column('id'), sa.column('participant_id'),
                                sa.column('open_phone'))
        participant = sa.table('participant', sa.column('id'), sa.column('phone'))
        open_rows = conn.execute(sa.select(conversation.c.id, participant.c.phone)
                                 .join(participant, participant.c.id == conversation.c.participant_id)
                                 .where(conversation.c.open_phone.is_not(None))).all()
        for cid, phone in open_rows:
            conn.execute(conversation.update().where(conversation.c.id == cid).values(open_phone=phone))
    for name, (column, length) in WIDENED.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.String(length=length),
                                  existing_nullable=False)
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.Text(), type_=sa.JSON(), existing_nullable=False,
                              postgresql_using='data::json')
        batch_op.alter_column('open_phone', existing_type=sa.String(length=64), type_=sa.String(length=16),
                              existing_nullable=True)
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('phone_index')
        batch_op.alter_column('phone', existing_type=sa.String(length=PHONE_TOKEN), type_=sa.String(length=16),
                              existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_participant_phone'), ['phone'], unique=False)
