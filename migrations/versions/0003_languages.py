"""languages: offered languages per organisation, bilingual participants, answer language, paper answers

Revision ID: 0003_languages
Revises: 0002_staff
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003_languages'
down_revision: str | None = '0002_staff'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.JSON(), nullable=True))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bilingual', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=8), server_default='sms', nullable=False))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    op.create_table('paper_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('helper', sa.String(length=120), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('participant_id')
    )


def downgrade() -> None:
    op.drop_table('paper_sheet')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('source')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('bilingual')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('languages')
