"""i17: language reviews recorded in the database (who, when, which keys' translations as reviewed), and an
organisation's choice to offer draft (unreviewed) languages

Revision ID: 0012_language_reviews
Revises: 0011_exact_turns
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012_language_reviews'
down_revision: str | None = '0011_exact_turns'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('language_review',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('lang', sa.String(length=12), nullable=False),
                    sa.Column('reviewer', sa.String(length=80), nullable=False),
                    sa.Column('reviewed_on', sa.Date(), nullable=False),
                    sa.Column('scope', sa.String(length=8), nullable=False),
                    sa.Column('hashes', sa.JSON(), nullable=False),
                    sa.Column('recorded_by', sa.Integer(), nullable=True),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['recorded_by'], ['staff_user.id']),
                    sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('language_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_language_review_lang'), ['lang'], unique=False)
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accept_drafts', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('accept_drafts')
    with op.batch_alter_table('language_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_language_review_lang'))
    op.drop_table('language_review')
