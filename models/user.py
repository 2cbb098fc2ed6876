"""Accounts, roles and API tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .reference import Country, Organization

ROLES = ("member", "focal_point", "moderator", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(160), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default="member")
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"))
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    language: Mapped[str | None] = mapped_column(sa.String(5))
    # An IANA zone name ("America/Caracas"); times are shown in it.
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shown to the suspended person with the date it ends.
    suspension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    post_count: Mapped[int] = mapped_column(default=0)

    country: Mapped[Country | None] = relationship()
    organization: Mapped[Organization | None] = relationship()

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES}", name="role"),)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
