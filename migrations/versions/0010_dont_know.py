"""i13: an answer can be "don't know" (vet inte): no rating, marked so staff see it was not known

Revision ID: 0010_dont_know
Revises: 0009_concern_alerts
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_dont_know'
down_revision: str | None = '0009_concern_alerts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dont_know', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('dont_know')
