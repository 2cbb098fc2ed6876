"""The quarterly digest: issues of the electronic magazine on cooperation."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .user import User


class DigestIssue(db.Model):
    """One issue for one period. Its contents are a snapshot taken when the
    moderator builds it (featured threads, listings, meetings, figures), so a
    published issue does not change when the forum does."""

    __tablename__ = "digest_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Numbered in order of publication; None while a draft.
    number: Mapped[int | None] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    period_start: Mapped[date] = mapped_column(sa.Date)
    period_end: Mapped[date] = mapped_column(sa.Date)
    introduction_source: Mapped[str] = mapped_column(sa.Text, default="")
    introduction_html: Mapped[str] = mapped_column(sa.Text, default="")
    contents: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship()
