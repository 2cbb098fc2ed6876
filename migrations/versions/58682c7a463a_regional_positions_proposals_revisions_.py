"""Regional positions: proposals, revisions, stances by country, amendments

Revision ID: 58682c7a463a
Revises: 4b6a4c3e486f
Create Date: 2026-11-25 16:57:11.211922

"""

from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = "58682c7a463a"
down_revision = "4b6a4c3e486f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position_count", sa.Integer(), nullable=False, server_default="0"))

    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=False),
        sa.Column("proposer_country_code", sa.String(length=2), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("scope_value", sa.String(length=40), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("closes_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("final_text_source", sa.Text(), nullable=False),
        sa.Column("final_text_html", sa.Text(), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('adopted', 'adopted_with_reservations', 'not_adopted', 'withdrawn')",
            name=op.f("ck_positions_outcome"),
        ),
        sa.CheckConstraint("rule IN ('consensus', 'majority', 'silence')", name=op.f("ck_positions_rule")),
        sa.CheckConstraint("scope IN ('all', 'subregion', 'scheme', 'countries')", name=op.f("ck_positions_scope")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_positions_closed_by_id_users")),
        sa.ForeignKeyConstraint(
            ["proposer_country_code"], ["countries.code"], name=op.f("fk_positions_proposer_country_code_countries")
        ),
        sa.ForeignKeyConstraint(["proposer_id"], ["users.id"], name=op.f("fk_positions_proposer_id_users")),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_positions_topic_id_topics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_positions_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("text_source", sa.Text(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "state IN ('proposed', 'accepted', 'rejected', 'outdated')", name=op.f("ck_amendments_state")
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_amendments_author_id_users")),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_amendments_country_code_countries")
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_amendments_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_amendments_position_id_positions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendments_position_id"), ["position_id"], unique=False)

    op.create_table(
        "position_participants",
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_position_participants_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_position_participants_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("position_id", "country_code", name=op.f("pk_position_participants")),
    )
    op.create_table(
        "position_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text_source", sa.Text(), nullable=False),
        sa.Column("text_html", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_position_revisions_author_id_users")),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_position_revisions_position_id_positions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_revisions")),
        sa.UniqueConstraint("position_id", "number", name="uq_position_revisions_number"),
    )
    op.create_table(
        "stance_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("recorded_at", models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "stance IN ('agree', 'reservation', 'abstain', 'disagree', 'block')", name=op.f("ck_stance_changes_stance")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_stance_changes_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_stance_changes_position_id_positions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_stance_changes_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stance_changes")),
    )
    with op.batch_alter_table("stance_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stance_changes_position_id"), ["position_id"], unique=False)

    op.create_table(
        "stances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("recorded_at", models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "stance IN ('agree', 'reservation', 'abstain', 'disagree', 'block')", name=op.f("ck_stances_stance")
        ),
        sa.ForeignKeyConstraint(["country_code"], ["countries.code"], name=op.f("fk_stances_country_code_countries")),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_stances_position_id_positions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_stances_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stances")),
        sa.UniqueConstraint("position_id", "country_code", name="uq_stances_position_country"),
    )


def downgrade():
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_column("position_count")

    op.drop_table("stances")
    with op.batch_alter_table("stance_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stance_changes_position_id"))

    op.drop_table("stance_changes")
    op.drop_table("position_revisions")
    op.drop_table("position_participants")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_position_id"))

    op.drop_table("amendments")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_topic_id"))

    op.drop_table("positions")
