"""reader preference: last_used_at, for pruning rows unused for READER_PREFERENCE_TTL_DAYS

Revision ID: c4e1b7d2a9f3
Revises: a1709a716a1f
Create Date: 2026-12-04 21:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1b7d2a9f3'
down_revision = 'a1709a716a1f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reader_preference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_reader_preference_last_used_at'), ['last_used_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reader_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reader_preference_last_used_at'))
        batch_op.drop_column('last_used_at')
