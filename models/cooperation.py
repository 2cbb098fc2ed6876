"""Cooperation offer and demand of each country, their history and matches."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .discussion import Topic
from .reference import Country, Organization
from .user import User

# Stable codes used in URLs, JSON and the database; pages show translated names.
KINDS = ("offer", "demand", "both")
SECTORS = (
    "health",
    "education",
    "housing",
    "agriculture",
    "disaster_risk",
    "environment",
    "trade",
    "smes",
    "ict",
    "social",
    "public_admin",
    "science",
    "culture",
    "other",
)
MODALITIES = (
    "technical_assistance",
    "training",
    "expert_exchange",
    "internship",
    "scholarships",
    "financial",
    "triangular",
)
STATUSES = ("open", "in_talks", "agreed", "closed")
SDGS = tuple(range(1, 18))

# Association of a listing with the countries it targets or partners with.
listing_partners = sa.Table(
    "listing_partners",
    db.metadata,
    sa.Column("listing_id", sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("countries.code"), primary_key=True),
)


class Listing(db.Model):
    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Exactly one owner: a member state or an organisation.
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(200))
    description_source: Mapped[str] = mapped_column(sa.Text)
    description_html: Mapped[str] = mapped_column(sa.Text)
    sector: Mapped[str] = mapped_column(sa.String(20), index=True)
    modality: Mapped[str] = mapped_column(sa.String(30))
    # Sustainable Development Goals served, as a sorted list of numbers 1–17.
    sdgs: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    valid_until: Mapped[date | None] = mapped_column(sa.Date)
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topics.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    validated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    validated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Hidden by a moderator (review queue): shown only to moderators.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    country: Mapped[Country | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    validated_by: Mapped[User | None] = relationship(foreign_keys=[validated_by_id])
    partners: Mapped[list[Country]] = relationship(secondary=listing_partners, order_by=Country.code)

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {KINDS}", name="kind"),
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
        sa.CheckConstraint("(country_code IS NULL) != (organization_id IS NULL)", name="one_owner"),
    )

    @property
    def offers(self) -> bool:
        return self.kind in ("offer", "both")

    @property
    def seeks(self) -> bool:
        return self.kind in ("demand", "both")


class ListingChange(db.Model):
    """One edit of a listing: who changed which fields, from what to what."""

    __tablename__ = "listing_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # "created", "updated" or "validated"
    action: Mapped[str] = mapped_column(sa.String(20))
    # {field: [old, new]} for updates.
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ListingMatch(db.Model):
    """A demand and an offer whose countries are in talks."""

    __tablename__ = "listing_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"))
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topics.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    demand: Mapped[Listing] = relationship(foreign_keys=[demand_id])
    offer: Mapped[Listing] = relationship(foreign_keys=[offer_id])
    topic: Mapped[Topic | None] = relationship()
    created_by: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("demand_id", "offer_id", name="uq_listing_matches_pair"),)
