"""delivery: outbox columns, due actions (timers), retention days, meeting stats after a purge

Revision ID: 0005_delivery
Revises: 0004_security
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_delivery'
down_revision: str | None = '0004_security'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('meeting_stats',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('meeting_id')
    )
    op.create_table('due_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'kind')
    )
    with op.batch_alter_table('due_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_due_action_due_at'), ['due_at'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('delivery_status', sa.String(length=16), nullable=True))
        batch_op.create_index('ix_message_outbox', ['status', 'due_at'], unique=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='30', nullable=False))

    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_inbound_id', sa.Integer(), nullable=True))
    # Every inbound message stored so far was applied in the same transaction that stored it.
    op.execute("UPDATE conversation SET last_inbound_id = (SELECT max(message.id) FROM message "
               "WHERE message.conversation_id = conversation.id AND message.direction = 'in')")



def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('last_inbound_id')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('retention_days')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_outbox')
        batch_op.drop_column('delivery_status')
        batch_op.drop_column('due_at')
        batch_op.drop_column('attempts')

    with op.batch_alter_table('due_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_due_action_due_at'))

    op.drop_table('due_action')
    op.drop_table('meeting_stats')
