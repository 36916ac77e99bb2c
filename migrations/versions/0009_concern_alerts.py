"""concern alerts: a meeting's responsible staff member, the organisation's on-call address, concern reviews
(seen, handled, escalated) and the mail outbox

Revision ID: 0009_concern_alerts
Revises: 0008_staff_walkthrough
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_concern_alerts'
down_revision: str | None = '0008_staff_walkthrough'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alert_email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_meeting_owner_id_staff_user', 'staff_user', ['owner_id'], ['id'])
    op.create_table(
        'concern_review',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.String(length=36), nullable=False),
        sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('seen_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['event.id']),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.ForeignKeyConstraint(['seen_by_id'], ['staff_user.id']),
        sa.ForeignKeyConstraint(['handled_by_id'], ['staff_user.id']),
        sa.PrimaryKeyConstraint('event_id'),
    )
    op.create_index('ix_concern_review_meeting_id', 'concern_review', ['meeting_id'])
    op.create_table(
        'mail_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('audience', sa.String(length=8), nullable=False),
        sa.Column('meeting_id', sa.String(length=36), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('error', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_mail_outbox_due', 'mail_outbox', ['status', 'due_at'])
    op.create_index('ix_mail_outbox_meeting_id', 'mail_outbox', ['meeting_id'])


def downgrade() -> None:
    op.drop_index('ix_mail_outbox_meeting_id', table_name='mail_outbox')
    op.drop_index('ix_mail_outbox_due', table_name='mail_outbox')
    op.drop_table('mail_outbox')
    op.drop_index('ix_concern_review_meeting_id', table_name='concern_review')
    op.drop_table('concern_review')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint('fk_meeting_owner_id_staff_user', type_='foreignkey')
        batch_op.drop_column('owner_id')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('alert_email')
