"""Translated names and descriptions of spaces and categories

Revision ID: 71625c41c99a
Revises: cb2f3afd94fb
Create Date: 2026-11-25 12:08:21.439109

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '71625c41c99a'
down_revision = 'cb2f3afd94fb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))



def downgrade():
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_column('translations')

    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('translations')

