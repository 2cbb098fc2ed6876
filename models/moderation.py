"""The audit log of moderator actions, and members' flags on content."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .user import User

# What can be flagged, and why.
FLAG_KINDS = ("topic", "post", "listing", "chat")
FLAG_REASONS = ("off_topic", "inappropriate", "spam", "duplicate", "other")


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    # A short human-readable account of the change, e.g. "moved from A to B".
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User] = relationship()


class Flag(db.Model):
    """One member's report of one item. The item's open flags are handled
    together: one moderator action resolves them all with one outcome."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The review action that closed it: dismiss, hide, edit, move, lock, warn, suspend.
    outcome: Mapped[str | None] = mapped_column(sa.String(20))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    __table_args__ = (
        sa.UniqueConstraint("reporter_id", "target_type", "target_id", name="uq_flags_one_per_person"),
        sa.Index("ix_flags_target", "target_type", "target_id"),
        # The review queue: open flags, oldest first.
        sa.Index("ix_flags_open", "resolved_at", "created_at"),
        sa.CheckConstraint(f"target_type IN {FLAG_KINDS}", name="target_type"),
        sa.CheckConstraint(f"reason IN {FLAG_REASONS}", name="reason"),
    )
