"""Chat rooms, virtual meetings and what happens in them: messages, mutes,
the speakers' list and attendance."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow
from .discussion import Space, Topic
from .reference import Country, Organization
from .user import User

ROOM_KINDS = ("space", "group", "meeting")
MESSAGE_KINDS = ("message", "announcement")
# waiting -> speaking -> done; waiting -> withdrawn.
SPEAKER_STATES = ("waiting", "speaking", "done", "withdrawn")

meeting_countries = sa.Table(
    "meeting_countries",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("country_code", sa.ForeignKey("countries.code"), primary_key=True),
)
meeting_organizations = sa.Table(
    "meeting_organizations",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organization_id", sa.ForeignKey("organizations.id"), primary_key=True),
)
meeting_invitees = sa.Table(
    "meeting_invitees",
    db.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Room(db.Model):
    """A chat room: a space's general room, a working group's, or a meeting's."""

    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # {"en": {"title": …, "description": …}, …} for the rooms shipped with the product.
    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    kind: Mapped[str] = mapped_column(sa.String(10), default="group")
    # Rooms inherit the confidentiality of their space and may be stricter.
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("spaces.id"))
    visibility: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    space: Mapped[Space] = relationship()
    meeting: Mapped["Meeting | None"] = relationship(back_populates="room", uselist=False)

    __table_args__ = (sa.CheckConstraint(f"kind IN {ROOM_KINDS}", name="room_kind"),)

    @property
    def effective_visibility(self) -> int:
        return max(self.visibility, self.space.visibility)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description_source: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Ordered agenda items, plain text.
    agenda: Mapped[list] = mapped_column(sa.JSON, default=list)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("rooms.id"), unique=True)
    chair_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Open to every member who may see the room, or only to the invited.
    open_to_all: Mapped[bool] = mapped_column(default=True)
    # Set when the chair closes the meeting; otherwise it ends at ends_at.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The chair's floor rules.
    speakers_open: Mapped[bool] = mapped_column(default=True)
    speaking_seconds: Mapped[int | None]
    # The record: the rapporteur's summary, conclusions and actions (Markdown).
    summary_source: Mapped[str] = mapped_column(sa.Text, default="")
    summary_html: Mapped[str] = mapped_column(sa.Text, default="")
    summary_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    summary_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topics.id"))
    # When the ended meeting's transcript went into the search index.
    transcript_indexed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    room: Mapped[Room] = relationship(back_populates="meeting")
    chair: Mapped[User] = relationship(foreign_keys=[chair_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    summary_by: Mapped[User | None] = relationship(foreign_keys=[summary_by_id])
    follow_up_topic: Mapped[Topic | None] = relationship()
    invited_countries: Mapped[list[Country]] = relationship(secondary=meeting_countries, order_by=Country.code)
    invited_organizations: Mapped[list[Organization]] = relationship(
        secondary=meeting_organizations, order_by=Organization.acronym
    )
    invited_people: Mapped[list[User]] = relationship(secondary=meeting_invitees, order_by=User.name)

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="meeting_ends_after_start"),)

    @property
    def ended_at(self) -> datetime:
        return min(self.closed_at, self.ends_at) if self.closed_at else self.ends_at

    def state(self, now: datetime) -> str:
        """upcoming, live or past."""
        if now >= self.ended_at:
            return "past"
        return "live" if now >= self.starts_at else "upcoming"


class ChatMessage(db.Model):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("rooms.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # Chosen by the sending client: a retried send finds the stored message.
    client_id: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(12), default="message")
    body_source: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    room: Mapped[Room] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    __table_args__ = (
        sa.UniqueConstraint("room_id", "author_id", "client_id", name="chat_message_once"),
        sa.Index("ix_chat_messages_room_id_id", "room_id", "id"),
        sa.CheckConstraint(f"kind IN {MESSAGE_KINDS}", name="message_kind"),
    )


class RoomMute(db.Model):
    """A moderator's silence on one person in one room, until a time."""

    __tablename__ = "room_mutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("rooms.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class SpeakerRequest(db.Model):
    """One request for the floor in a meeting, in the chair's order."""

    __tablename__ = "speaker_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    position: Mapped[int]
    state: Mapped[str] = mapped_column(sa.String(10), default="waiting")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (sa.CheckConstraint(f"state IN {SPEAKER_STATES}", name="speaker_state"),)


class Attendance(db.Model):
    """One stay of one person in a meeting's room, with the country or
    organisation they represented then (it outlives later profile changes)."""

    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"))
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    # The Socket.IO connection the stay belongs to.
    sid: Mapped[str] = mapped_column(sa.String(64))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
