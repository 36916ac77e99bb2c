"""i16 staff walkthrough: a participant's nickname (encrypted) and what undoing a meeting's cancellation restores

Revision ID: 0008_staff_walkthrough
Revises: 0007_i15_security
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_staff_walkthrough'
down_revision: str | None = '0007_i15_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nickname', sa.Text(), nullable=True))
    with op.batch_alter_table('meeting_info', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_undo', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meeting_info', schema=None) as batch_op:
        batch_op.drop_column('cancel_undo')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('nickname')
