"""Exact turns and routing: seen MessageSids (replay after purge), an organisation's own sender number, queued
invitations (conversation.waiting_for)

Revision ID: 0011_exact_turns
Revises: 0010_dont_know
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_exact_turns'
down_revision: str | None = '0010_dont_know'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('seen_sid',
                    sa.Column('sid_hash', sa.String(length=64), nullable=False),
                    sa.Column('seen_on', sa.Date(), nullable=False),
                    sa.PrimaryKeyConstraint('sid_hash'))
    with op.batch_alter_table('seen_sid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_sid_seen_on'), ['seen_on'], unique=False)
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_organisation_sender'), ['sender'])
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_for', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_conversation_waiting_for'), ['waiting_for'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_waiting_for'))
        batch_op.drop_column('waiting_for')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisation_sender'), type_='unique')
        batch_op.drop_column('sender')
    with op.batch_alter_table('seen_sid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_sid_seen_on'))
    op.drop_table('seen_sid')
