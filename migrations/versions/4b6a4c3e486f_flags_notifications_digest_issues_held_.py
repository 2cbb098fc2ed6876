"""Flags, notifications, digest issues; held, featured and answer posts; slow mode, closing notes, merges; hidden listings; suspension reasons; new-member review

Revision ID: 4b6a4c3e486f
Revises: efee3059cabb
Create Date: 2026-11-25 16:47:03.943644

"""

from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = "4b6a4c3e486f"
down_revision = "efee3059cabb"
branch_labels = None
depends_on = None


def upgrade():
    # New NOT NULL columns get a server default so existing rows can take them.
    op.create_table(
        "digest_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("introduction_source", sa.Text(), nullable=False),
        sa.Column("introduction_html", sa.Text(), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("published_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_digest_issues_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_issues")),
        sa.UniqueConstraint("number", name=op.f("uq_digest_issues_number")),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "reason IN ('off_topic', 'inappropriate', 'spam', 'duplicate', 'other')", name=op.f("ck_flags_reason")
        ),
        sa.CheckConstraint("target_type IN ('topic', 'post', 'listing', 'chat')", name=op.f("ck_flags_target_type")),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], name=op.f("fk_flags_reporter_id_users")),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name=op.f("fk_flags_resolved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
        sa.UniqueConstraint("reporter_id", "target_type", "target_id", name="uq_flags_one_per_person"),
    )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.create_index("ix_flags_open", ["resolved_at", "created_at"], unique=False)
        batch_op.create_index("ix_flags_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("read_at", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_recent", ["user_id", "id"], unique=False)

    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_at", models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("hidden_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_listings_hidden_by_id_users"), "users", ["hidden_by_id"], ["id"])

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("featured_at", models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("featured_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("featured_summary", sa.String(length=300), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_posts_featured_at"), ["featured_at"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_posts_featured_by_id_users"), "users", ["featured_by_id"], ["id"])

    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_first_posts", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("slow_mode_minutes", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("closing_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("answer_post_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_topics_answer_post_id_posts", "posts", ["answer_post_id"], ["id"], use_alter=True
        )
        batch_op.create_foreign_key(batch_op.f("fk_topics_merged_into_id_topics"), "topics", ["merged_into_id"], ["id"])

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suspension_reason", sa.Text(), nullable=False, server_default=""))

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("suspension_reason")

    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_topics_merged_into_id_topics"), type_="foreignkey")
        batch_op.drop_constraint("fk_topics_answer_post_id_posts", type_="foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("answer_post_id")
        batch_op.drop_column("closing_note")
        batch_op.drop_column("slow_mode_minutes")
        batch_op.drop_column("held")

    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.drop_column("review_first_posts")

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_posts_featured_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_posts_featured_at"))
        batch_op.drop_column("featured_summary")
        batch_op.drop_column("featured_by_id")
        batch_op.drop_column("featured_at")
        batch_op.drop_column("held")

    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_listings_hidden_by_id_users"), type_="foreignkey")
        batch_op.drop_column("hidden_by_id")
        batch_op.drop_column("hidden_at")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_recent")

    op.drop_table("notifications")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_index("ix_flags_target")
        batch_op.drop_index("ix_flags_open")

    op.drop_table("flags")
    op.drop_table("digest_issues")
    # ### end Alembic commands ###
