"""Regional positions: a draft text that member states endorse, country by
country, under a decision rule, until a moderator records the outcome.

Everything keys on the country, which holds the seat: people only appear
as who recorded or proposed something, so a change of focal point leaves
the country's record whole.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .discussion import Topic
from .reference import Country
from .user import User

POSITION_RULES = ("consensus", "majority", "silence")
# How the participants were chosen (the list itself is position_participants).
PARTICIPANT_SCOPES = ("all", "subregion", "scheme", "countries")
STANCES = ("agree", "reservation", "abstain", "disagree", "block")
POSITION_OUTCOMES = ("adopted", "adopted_with_reservations", "not_adopted", "withdrawn")
# "outdated": the text moved on to a new revision before the proposer decided.
AMENDMENT_STATES = ("proposed", "accepted", "rejected", "outdated")


position_participants = sa.Table(
    "position_participants",
    db.metadata,
    sa.Column("position_id", sa.ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("countries.code"), primary_key=True),
)


class Position(db.Model):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topics.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    proposer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The proposing country (None when the Secretariat proposes).
    proposer_country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"))
    rule: Mapped[str] = mapped_column(sa.String(20))
    # States that must have answered for a majority vote to count (0 for other rules).
    quorum: Mapped[int] = mapped_column(default=0)
    scope: Mapped[str] = mapped_column(sa.String(20), default="all")
    # The subregion code or scheme acronym the participants came from.
    scope_value: Mapped[str] = mapped_column(sa.String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Number of the current revision of the text.
    revision: Mapped[int] = mapped_column(default=1)
    # Set by a moderator at closing.
    outcome: Mapped[str | None] = mapped_column(sa.String(30))
    final_text_source: Mapped[str] = mapped_column(sa.Text, default="")
    final_text_html: Mapped[str] = mapped_column(sa.Text, default="")
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship()
    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id])
    proposer_country: Mapped[Country | None] = relationship()
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    participants: Mapped[list[Country]] = relationship(secondary=position_participants, order_by=Country.code)
    revisions: Mapped[list["PositionRevision"]] = relationship(
        back_populates="position", order_by="PositionRevision.number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(f"rule IN {POSITION_RULES}", name="rule"),
        sa.CheckConstraint(f"scope IN {PARTICIPANT_SCOPES}", name="scope"),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN {POSITION_OUTCOMES}", name="outcome"),
    )

    def state(self, now: datetime) -> str:
        """open (countries answer), closed (the deadline passed, the outcome
        is still to be recorded) or decided."""
        if self.outcome is not None:
            return "decided"
        return "open" if now < self.closes_at else "closed"

    @property
    def participant_codes(self) -> set[str]:
        return {country.code for country in self.participants}

    @property
    def current_revision(self) -> "PositionRevision":
        return self.revisions[-1]


class PositionRevision(db.Model):
    """One version of the draft text; number 1 is the text as proposed."""

    __tablename__ = "position_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("positions.id", ondelete="CASCADE"))
    number: Mapped[int]
    text_source: Mapped[str] = mapped_column(sa.Text)
    text_html: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Why it changed: the proposer's words, or the amendment it takes in.
    reason: Mapped[str] = mapped_column(sa.String(500), default="")

    position: Mapped[Position] = relationship(back_populates="revisions")
    author: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("position_id", "number", name="uq_position_revisions_number"),)


class Stance(db.Model):
    """A country's current stance: one row per (position, country), whoever
    of its focal points recorded it last."""

    __tablename__ = "stances"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("positions.id", ondelete="CASCADE"))
    country_code: Mapped[str] = mapped_column(sa.ForeignKey("countries.code"))
    stance: Mapped[str] = mapped_column(sa.String(20))
    # Mandatory for disagree and block; the reservation's text for reservation.
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The revision of the text the stance was recorded on.
    revision: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    country: Mapped[Country] = relationship()
    recorded_by: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("position_id", "country_code", name="uq_stances_position_country"),
        sa.CheckConstraint(f"stance IN {STANCES}", name="stance"),
    )


class StanceChange(db.Model):
    """Every stance ever recorded, the first one included, in order."""

    __tablename__ = "stance_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    country_code: Mapped[str] = mapped_column(sa.ForeignKey("countries.code"))
    stance: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    revision: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User] = relationship()

    __table_args__ = (sa.CheckConstraint(f"stance IN {STANCES}", name="stance"),)


class Amendment(db.Model):
    """New text for one paragraph of a revision, proposed by a country."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    # 0-based index of the paragraph (blocks of the Markdown separated by blank lines).
    paragraph: Mapped[int]
    text_source: Mapped[str] = mapped_column(sa.Text)
    country_code: Mapped[str] = mapped_column(sa.ForeignKey("countries.code"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(sa.String(20), default="proposed")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the proposer rejected it, if they said.
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    country: Mapped[Country] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (sa.CheckConstraint(f"state IN {AMENDMENT_STATES}", name="state"),)
