"""Index of each person's posts by recency

Revision ID: d38a5f7bca03
Revises: 2e568c546d5f
Create Date: 2026-11-25 13:34:11.985819

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'd38a5f7bca03'
down_revision = '2e568c546d5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posts_author_id'))
        batch_op.create_index('ix_posts_author_recent', ['author_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_author_recent')
        batch_op.create_index(batch_op.f('ix_posts_author_id'), ['author_id'], unique=False)

