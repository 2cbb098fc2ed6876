"""Private notices to one person: the outcome of their flags, a moderator's
warning, a suspension, a held post approved or rejected."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db, utcnow


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # What happened; the text is written at display time, in the reader's
    # language, from `kind` and `data` (forum/notifications/).
    kind: Mapped[str] = mapped_column(sa.String(30))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Where the notice leads (a path on this site), if anywhere.
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_notifications_user_recent", "user_id", "id"),)
