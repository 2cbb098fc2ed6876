"""The quarterly digest: issues of the electronic magazine on cooperation.

A moderator builds an issue for a period; building takes a snapshot of what
a guest may read from that period (featured posts, cooperation listings, the
relatoría of meetings open to all members) plus activity figures, so a published issue does
not change when the forum does. Periods are calendar dates in UTC.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from models import MEMBERS, ChatMessage, DigestIssue, Listing, Meeting, Post, Room, Space, Topic, User, db, utcnow

from .. import permissions
from ..curation import services as curation
from ..discussions import services as discussions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..localization import DATE_PATTERN, local_time
from ..markup import render_markdown
from ..moderation.services import record_action

INTRODUCTION_MAX = 20_000
LONGEST_PERIOD = timedelta(days=366)
QUARTERS_OFFERED = 8
# The magazine is public: its contents are what a guest may read.
GUEST = AnonymousUserMixin()


# Periods -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        return cls(*curation.quarter_dates(f"{year}-T{quarter}"))

    @property
    def code(self) -> str | None:
        """ "2026-T3" when the period is exactly a calendar quarter."""
        quarter = (self.start.month - 1) // 3 + 1
        return f"{self.start.year}-T{quarter}" if self == Period.quarter(self.start.year, quarter) else None

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants."""
        return (
            datetime.combine(self.start, time.min, tzinfo=UTC),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC),
        )


def last_complete_quarter(today: date) -> Period:
    """The calendar quarter that ended last before `today`."""
    current = (today.month - 1) // 3 + 1
    return Period.quarter(today.year - 1, 4) if current == 1 else Period.quarter(today.year, current - 1)


def recent_quarters(today: date, count: int = QUARTERS_OFFERED) -> list[Period]:
    """The last `count` complete quarters, latest first."""
    quarters = [last_complete_quarter(today)]
    while len(quarters) < count:
        quarters.append(last_complete_quarter(quarters[-1].start))
    return quarters


def dates_label(period: Period) -> str:
    return f"{local_time(period.start, DATE_PATTERN)} – {local_time(period.end, DATE_PATTERN)}"


def period_label(start: date, end: date) -> str:
    """ "2026-T3" for a quarter, else its dates in the reader's language."""
    period = Period(start, end)
    return period.code or dates_label(period)


def choose_period(quarter: str | None, start: str | None, end: str | None, today: date) -> Period:
    """The period typed into the form: a quarter code, or else two dates.
    It must be complete (ended before today) and at most a year long."""
    first, last = curation.parse_period(quarter, start, end)
    errors: dict[str, str] = {}
    if first is None:
        errors["start"] = _("Indique la fecha de inicio del periodo, o elija un trimestre.")
    if last is None:
        errors["end"] = _("Indique la fecha final del periodo, o elija un trimestre.")
    if errors:
        raise ValidationError(errors)
    if (quarter or "").strip():
        if last >= today:
            raise ValidationError({"quarter": _("Ese trimestre aún no ha terminado.")})
    elif last >= today:
        raise ValidationError({"end": _("El periodo debe haber terminado: la fecha final ha de ser anterior a hoy.")})
    elif last - first >= LONGEST_PERIOD:
        raise ValidationError({"end": _("Un número cubre como máximo un año.")})
    return Period(first, last)


# The snapshot ----------------------------------------------------------------------


def _iso(value: datetime) -> str:
    return value.isoformat()


def _within(column, start_at: datetime, end_at: datetime):
    return sa.and_(column >= start_at, column < end_at)


def _ended_at():
    """When a meeting ended: closed by its chair, or at its end time."""
    return sa.case((Meeting.closed_at < Meeting.ends_at, Meeting.closed_at), else_=Meeting.ends_at)


def _held_between(start_at: datetime, end_at: datetime) -> list:
    """Meetings that ended in [start_at, end_at) and before now, not called
    off (closed before they started)."""
    ended = _ended_at()
    return [
        _within(ended, start_at, end_at),
        ended <= utcnow(),
        sa.or_(Meeting.closed_at.is_(None), Meeting.closed_at > Meeting.starts_at),
    ]


def _featured(period: Period) -> list[dict]:
    return [
        {
            "post_id": post.id,
            "topic_id": post.topic_id,
            "topic_title": post.topic.title,
            "summary": post.featured_summary,
            "author": post.author.name,
            "country": post.author.country_code,
            "organization": post.author.organization.acronym if post.author.organization else None,
            "featured_at": _iso(post.featured_at),
        }
        for post in curation.featured_posts(GUEST, start=period.start, end=period.end)
    ]


def _listings(start_at: datetime, end_at: datetime) -> list[dict]:
    """Listings created or changed in the period; every listing not hidden
    by a moderator is public."""
    listings = db.session.scalars(
        db.select(Listing)
        .where(
            Listing.hidden_at.is_(None),
            sa.or_(_within(Listing.created_at, start_at, end_at), _within(Listing.updated_at, start_at, end_at)),
        )
        .options(joinedload(Listing.organization))
        .order_by(Listing.created_at, Listing.id)
    ).all()
    return [
        {
            "id": listing.id,
            "kind": listing.kind,
            "title": listing.title,
            "country": listing.country_code,
            "organization": listing.organization.acronym if listing.organization else None,
            "sector": listing.sector,
            "status": listing.status,
            "new": start_at <= listing.created_at < end_at,
            "created_at": _iso(listing.created_at),
            "updated_at": _iso(listing.updated_at),
        }
        for listing in listings
    ]


def _meetings(start_at: datetime, end_at: datetime) -> list[dict]:
    """The record (title, dates, relatoría) of the meetings every member was
    called to: open to all, in a room and space of members' level at most.
    The relatoría is the Secretariat's account written to be shared; the
    transcript and attendance stay on the meeting page, for members.
    Invitation-only and restricted meetings never appear."""
    level = MEMBERS
    meetings = db.session.scalars(
        db.select(Meeting)
        .join(Meeting.room)
        .join(Room.space)
        .where(
            *_held_between(start_at, end_at),
            Meeting.open_to_all.is_(True),
            Room.visibility <= level,
            Space.visibility <= level,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [
        {
            "id": meeting.id,
            "title": meeting.title,
            "starts_at": _iso(meeting.starts_at),
            "ended_at": _iso(meeting.ended_at),
            "summary_html": meeting.summary_html,
        }
        for meeting in meetings
    ]


def _figures(start_at: datetime, end_at: datetime) -> dict[str, int]:
    """Activity in the period over the whole forum: numbers, not content, so
    every confidentiality level counts; hidden, deleted and held items do not."""
    topics = db.session.scalar(
        db.select(sa.func.count(Topic.id)).where(
            _within(Topic.created_at, start_at, end_at),
            Topic.hidden.is_(False),
            Topic.held.is_(False),
            Topic.merged_into_id.is_(None),
        )
    )
    posts, members, countries = db.session.execute(
        db.select(
            sa.func.count(Post.id),
            sa.func.count(sa.distinct(Post.author_id)),
            sa.func.count(sa.distinct(User.country_code)),
        )
        .join(User, Post.author_id == User.id)
        .where(
            _within(Post.created_at, start_at, end_at),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
            Post.held.is_(False),
        )
    ).one()
    listings = db.session.scalar(
        db.select(sa.func.count(Listing.id)).where(
            _within(Listing.created_at, start_at, end_at), Listing.hidden_at.is_(None)
        )
    )
    meetings = db.session.scalar(db.select(sa.func.count(Meeting.id)).where(*_held_between(start_at, end_at)))
    chat_messages = db.session.scalar(
        db.select(sa.func.count(ChatMessage.id))
        .join(ChatMessage.room)
        .where(
            Room.kind == "meeting",
            _within(ChatMessage.created_at, start_at, end_at),
            ChatMessage.deleted_at.is_(None),
        )
    )
    return {
        "topics": topics,
        "posts": posts,
        "members": members,
        "countries": countries,
        "listings": listings,
        "meetings": meetings,
        "chat_messages": chat_messages,
    }


def snapshot(period: Period) -> dict:
    start_at, end_at = period.bounds()
    return {
        "built_at": _iso(utcnow()),
        "featured": _featured(period),
        "listings": _listings(start_at, end_at),
        "meetings": _meetings(start_at, end_at),
        "figures": _figures(start_at, end_at),
    }


@dataclass
class Contents:
    """An issue's snapshot as the issue page shows it."""

    built_at: datetime | None
    featured: list[dict]
    offers: list[dict]
    demands: list[dict]
    exchanges: list[dict]
    meetings: list[dict]
    figures: dict[str, int]

    @property
    def listing_count(self) -> int:
        return len(self.offers) + len(self.demands) + len(self.exchanges)


def _with_times(entry: dict) -> dict:
    return {
        key: datetime.fromisoformat(value) if key.endswith("_at") and value else value for key, value in entry.items()
    }


def contents_of(issue: DigestIssue) -> Contents:
    stored = issue.contents or {}
    listings = [_with_times(entry) for entry in stored.get("listings", [])]
    return Contents(
        built_at=datetime.fromisoformat(stored["built_at"]) if stored.get("built_at") else None,
        featured=[_with_times(entry) for entry in stored.get("featured", [])],
        offers=[entry for entry in listings if entry["kind"] == "offer"],
        demands=[entry for entry in listings if entry["kind"] == "demand"],
        exchanges=[entry for entry in listings if entry["kind"] == "both"],
        meetings=[_with_times(entry) for entry in stored.get("meetings", [])],
        figures=stored.get("figures", {}),
    )


# Writing ---------------------------------------------------------------------------


def _require_editor(actor: User) -> None:
    if not permissions.can_edit_digest(actor):
        raise PermissionDenied(_("Solo los moderadores preparan la revista."))


def _require_draft(issue: DigestIssue, message: str) -> None:
    if issue.number is not None:
        raise ValidationError({"issue": message})


def default_title(period: Period) -> str:
    return _("Encuentro — Revista de cooperación, %(period)s", period=period_label(period.start, period.end))


def build_issue(actor: User, period: Period) -> DigestIssue:
    """A draft for the period, with its snapshot taken now."""
    _require_editor(actor)
    existing = db.session.scalar(
        db.select(DigestIssue).filter_by(period_start=period.start, period_end=period.end).limit(1)
    )
    if existing is not None:
        raise ValidationError({"period": _("Ya hay un número para ese periodo: «%(title)s».", title=existing.title)})
    now = utcnow()
    issue = DigestIssue(
        title=default_title(period),
        period_start=period.start,
        period_end=period.end,
        introduction_source="",
        introduction_html="",
        contents=snapshot(period),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(issue)
    db.session.commit()
    return issue


def rebuild_issue(actor: User, issue: DigestIssue) -> DigestIssue:
    _require_editor(actor)
    _require_draft(issue, _("Un número publicado ya no se reconstruye: su contenido quedó fijado."))
    issue.contents = snapshot(Period(issue.period_start, issue.period_end))
    issue.updated_at = utcnow()
    db.session.commit()
    return issue


def update_issue(actor: User, issue: DigestIssue, title: str | None, introduction: str | None) -> DigestIssue:
    """Title and introduction; also after publication, to fix a typo."""
    _require_editor(actor)
    errors = {}
    try:
        title = discussions.clean_title(title)
    except ValidationError as error:
        errors.update(error.errors)
    introduction = (introduction or "").strip()
    if len(introduction) > INTRODUCTION_MAX:
        errors["introduction"] = _("La introducción no puede pasar de %(n)d caracteres.", n=INTRODUCTION_MAX)
    if errors:
        raise ValidationError(errors)
    issue.title = title
    issue.introduction_source = introduction
    issue.introduction_html = render_markdown(introduction) if introduction else ""
    issue.updated_at = utcnow()
    db.session.commit()
    return issue


def publish_issue(actor: User, issue: DigestIssue) -> DigestIssue:
    """Give the draft the next number. The number is computed and set in one
    statement; if another moderator's publication takes it first, the
    unique constraint refuses ours and the moderator is asked to retry."""
    _require_editor(actor)
    _require_draft(issue, _("Este número ya está publicado."))
    if not issue.introduction_source:
        raise ValidationError({"introduction": _("Escriba la introducción antes de publicar.")})
    published = aliased(DigestIssue)
    next_number = db.select(sa.func.coalesce(sa.func.max(published.number), 0) + 1).scalar_subquery()
    now = utcnow()
    try:
        result = db.session.execute(
            sa.update(DigestIssue)
            .where(DigestIssue.id == issue.id, DigestIssue.number.is_(None))
            .values(number=next_number, published_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    except IntegrityError:
        db.session.rollback()
        raise ValidationError(
            {"issue": _("Otro número se publicó en este mismo momento. Vuelva a intentarlo.")}
        ) from None
    if result.rowcount == 0:  # published or deleted by someone else meanwhile
        db.session.rollback()
        raise ValidationError({"issue": _("Otro moderador acaba de publicar o borrar este borrador.")})
    db.session.refresh(issue)
    record_action(actor, "digest.publish", "digest", issue.id, "", f"{issue.number}. {issue.title}")
    db.session.commit()
    return issue


def delete_issue(actor: User, issue: DigestIssue) -> None:
    _require_editor(actor)
    _require_draft(issue, _("Un número publicado no se borra."))
    db.session.delete(issue)
    db.session.commit()


# Reading ---------------------------------------------------------------------------


def get_issue(user, issue_id: int) -> DigestIssue:
    """Any issue by id; drafts only for moderators."""
    issue = db.session.get(DigestIssue, issue_id)
    if issue is None or not permissions.can_read_digest_issue(user, issue):
        raise NotFound(_("Este número de la revista no existe."))
    return issue


def get_published(number: int) -> DigestIssue:
    issue = db.session.scalar(db.select(DigestIssue).filter_by(number=number))
    if issue is None:
        raise NotFound(_("Este número de la revista no existe."))
    return issue


def published_issues() -> list[DigestIssue]:
    return db.session.scalars(
        db.select(DigestIssue).where(DigestIssue.number.is_not(None)).order_by(DigestIssue.number.desc())
    ).all()


def drafts(user) -> list[DigestIssue]:
    if not permissions.is_moderator(user):
        return []
    return db.session.scalars(
        db.select(DigestIssue)
        .where(DigestIssue.number.is_(None))
        .options(joinedload(DigestIssue.created_by))
        .order_by(DigestIssue.created_at.desc())
    ).all()
