"""Answer translations (staff's Swedish translation of an answer written in another language) and the
invitation's contact line (participant.contact)

Revision ID: 0013_answer_translations
Revises: 0012_language_reviews
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013_answer_translations'
down_revision: str | None = "0012_language_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('answer_translation',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('participant_id', sa.String(length=36), nullable=False),
                    sa.Column('field', sa.String(length=32), nullable=False),
                    sa.Column('text', sa.Text(), nullable=False),
                    sa.Column('original', sa.Text(), nullable=False),
                    sa.Column('translator', sa.Text(), nullable=True),
                    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
                    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['participant_id'], ['participant.id']),
                    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_user.id']),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('participant_id', 'field'))
    with op.batch_alter_table('answer_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_translation_participant_id'), ['participant_id'], unique=False)
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('contact')
    with op.batch_alter_table('answer_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_translation_participant_id'))
    op.drop_table('answer_translation')
