"""reader preference choices: line spacing, spacing, width, theme, font, speech rate

Revision ID: c3e1f0a4b7d2
Revises: c4e1b7d2a9f3
Create Date: 2026-12-04 21:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e1f0a4b7d2'
down_revision = 'c4e1b7d2a9f3'
branch_labels = None
depends_on = None


def upgrade():
    # The choices besides the size, in their compact form (reader/choices.py): "" at the defaults.
    with op.batch_alter_table('reader_preference', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('choices', sa.String(length=40), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('reader_preference', schema=None) as batch_op:
        batch_op.drop_column('choices')
