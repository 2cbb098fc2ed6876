"""Spaces > categories > topics > threaded posts."""

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .reference import Country
from .user import User

# Confidentiality levels, from most open to most restricted. A reader sees
# an item when their clearance is at least the item's level.
PUBLIC, MEMBERS, DELEGATES, SECRETARIAT = 0, 1, 2, 3
VISIBILITY_LEVELS = (PUBLIC, MEMBERS, DELEGATES, SECRETARIAT)

# Width of one materialized-path segment: ids are zero-padded so that the
# string order of paths is the depth-first order of the reply tree.
PATH_SEGMENT = 10


# Member states a topic is about, so country profiles can list it.
topic_countries = sa.Table(
    "topic_countries",
    db.metadata,
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("countries.code"), primary_key=True, index=True),
)


class Space(db.Model):
    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[int] = mapped_column(default=PUBLIC)
    position: Mapped[int] = mapped_column(default=0)
    # {"en": {"name": …, "description": …}, …}; `name` itself is Spanish.
    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # New-member review: a new account's first N posts here wait for a
    # moderator's approval (0: no review).
    review_first_posts: Mapped[int] = mapped_column(default=0)

    categories: Mapped[list["Category"]] = relationship(back_populates="space", order_by="Category.position")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("spaces.id"))
    slug: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[int] = mapped_column(default=PUBLIC)
    position: Mapped[int] = mapped_column(default=0)
    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    topic_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship(back_populates="categories", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("space_id", "slug", name="uq_categories_space_slug"),)

    @property
    def effective_visibility(self) -> int:
        return max(self.visibility, self.space.visibility)


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80))
    visibility: Mapped[int] = mapped_column(default=PUBLIC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    # The opening post awaits approval (new-member review): only its author
    # and moderators see the topic.
    held: Mapped[bool] = mapped_column(default=False)
    # Slow mode: at most one post per person every N minutes (0: off).
    slow_mode_minutes: Mapped[int] = mapped_column(default=0)
    # Why a moderator closed (locked) the topic, shown at its end.
    closing_note: Mapped[str] = mapped_column(sa.Text, default="")
    # The post a moderator marked as the topic's answer or conclusion.
    answer_post_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("posts.id", use_alter=True, name="fk_topics_answer_post_id_posts")
    )
    # Set on a topic whose posts were merged into another: its address leads there.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topics.id"))
    # Proposals of regional positions opened in the topic: the topic page
    # looks them up only when there are some.
    position_count: Mapped[int] = mapped_column(default=0)
    # Denormalised counters so topic lists cost one query.
    reply_count: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    category: Mapped[Category] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id])
    answer_post: Mapped[Optional["Post"]] = relationship(foreign_keys=[answer_post_id], post_update=True)
    countries: Mapped[list[Country]] = relationship(secondary=topic_countries, order_by=Country.code)

    __table_args__ = (sa.Index("ix_topics_listing", "category_id", "pinned", "last_post_at"),)

    @property
    def effective_visibility(self) -> int:
        return max(self.visibility, self.category.effective_visibility)


class Post(db.Model):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topics.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("posts.id"))
    # Zero-padded ids from the root down, e.g. "0000000001.0000000007".
    path: Mapped[str] = mapped_column(sa.String(1000), default="")
    depth: Mapped[int] = mapped_column(default=0)
    body_source: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Awaiting a moderator's approval (new-member review): shown to its
    # author as pending and to moderators, to nobody else, not counted.
    held: Mapped[bool] = mapped_column(default=False)
    # Curation: "destacado", with a one-line summary.
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    featured_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    featured_summary: Mapped[str] = mapped_column(sa.String(300), default="")

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    parent: Mapped[Optional["Post"]] = relationship(remote_side=[id])

    __table_args__ = (
        sa.Index("ix_posts_topic_path", "topic_id", "path"),
        sa.Index("ix_posts_topic_id", "topic_id", "id"),
        # A person's latest posts (profile pages) without sorting them all.
        sa.Index("ix_posts_author_recent", "author_id", "id"),
    )


class PostRevision(db.Model):
    """The text of a post before one of its edits."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("posts.id"), index=True)
    editor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body_source: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User] = relationship()
