"""Cooperation listings, their history and matches; country tags on topics

Revision ID: 2e568c546d5f
Revises: 71625c41c99a
Create Date: 2026-11-25 12:13:36.810574

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '2e568c546d5f'
down_revision = '71625c41c99a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description_source', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('modality', sa.String(length=30), nullable=False),
    sa.Column('sdgs', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('validated_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('validated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('offer', 'demand', 'both')", name=op.f('ck_listings_kind')),
    sa.CheckConstraint("status IN ('open', 'in_talks', 'agreed', 'closed')", name=op.f('ck_listings_status')),
    sa.CheckConstraint('(country_code IS NULL) != (organization_id IS NULL)', name=op.f('ck_listings_one_owner')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_listings_country_code_countries')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_listings_created_by_id_users')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_listings_organization_id_organizations')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_listings_topic_id_topics')),
    sa.ForeignKeyConstraint(['validated_by_id'], ['users.id'], name=op.f('fk_listings_validated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listings'))
    )
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listings_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_sector'), ['sector'], unique=False)

    op.create_table('topic_countries',
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_topic_countries_country_code_countries')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_topic_countries_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('topic_id', 'country_code', name=op.f('pk_topic_countries'))
    )
    with op.batch_alter_table('topic_countries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_countries_country_code'), ['country_code'], unique=False)

    op.create_table('listing_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_changes_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_listing_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_changes'))
    )
    with op.batch_alter_table('listing_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_changes_listing_id'), ['listing_id'], unique=False)

    op.create_table('listing_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_listing_matches_created_by_id_users')),
    sa.ForeignKeyConstraint(['demand_id'], ['listings.id'], name=op.f('fk_listing_matches_demand_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['listings.id'], name=op.f('fk_listing_matches_offer_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_listing_matches_topic_id_topics')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_matches')),
    sa.UniqueConstraint('demand_id', 'offer_id', name='uq_listing_matches_pair')
    )
    op.create_table('listing_partners',
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_listing_partners_country_code_countries')),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_partners_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('listing_id', 'country_code', name=op.f('pk_listing_partners'))
    )


def downgrade():
    op.drop_table('listing_partners')
    op.drop_table('listing_matches')
    with op.batch_alter_table('listing_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_changes_listing_id'))

    op.drop_table('listing_changes')
    with op.batch_alter_table('topic_countries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topic_countries_country_code'))

    op.drop_table('topic_countries')
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listings_sector'))
        batch_op.drop_index(batch_op.f('ix_listings_country_code'))

    op.drop_table('listings')
