"""Virtual meetings: scheduling, who may attend, attendance, and the record
kept when a meeting ends (transcript, summary, follow-up topic)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from models import (
    MEMBERS,
    Attendance,
    ChatMessage,
    Country,
    Meeting,
    Organization,
    Room,
    Space,
    Topic,
    User,
    db,
    utcnow,
)

from .. import indexing, permissions
from ..discussions import services as discussions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..markup import render_markdown
from ..moderation.services import record_action
from . import chat

TITLE_MIN, TITLE_MAX = 5, 200
AGENDA_MAX = 30
DESCRIPTION_MAX = 20_000
LONGEST = timedelta(days=14)


@dataclass
class MeetingFields:
    """A meeting as typed into the form or the API, before checking."""

    title: str = ""
    description: str = ""
    agenda: list[str] = field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    chair_id: int | None = None
    open_to_all: bool = True
    countries: list[str] = field(default_factory=list)
    organizations: list[int] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # e-mail addresses
    space_id: int | None = None
    visibility: int = MEMBERS


def _clean(fields: MeetingFields) -> tuple[dict, dict]:
    """Every problem at once, by field name; the cleaned values."""
    errors, clean = {}, {}
    title = " ".join((fields.title or "").split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = _("El título debe tener entre %(a)d y %(b)d caracteres.", a=TITLE_MIN, b=TITLE_MAX)
    clean["title"] = title
    description = (fields.description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("La descripción no puede pasar de %(n)d caracteres.", n=DESCRIPTION_MAX)
    clean["description"] = description
    agenda = [" ".join(item.split()) for item in fields.agenda if item and item.strip()]
    if len(agenda) > AGENDA_MAX:
        errors["agenda"] = _("El orden del día admite hasta %(n)d puntos.", n=AGENDA_MAX)
    elif any(len(item) > 300 for item in agenda):
        errors["agenda"] = _("Cada punto del orden del día admite hasta 300 caracteres.")
    clean["agenda"] = agenda
    if fields.starts_at is None:
        errors["starts_at"] = _("Indique la fecha y hora de inicio.")
    if fields.ends_at is None:
        errors["ends_at"] = _("Indique la fecha y hora de cierre.")
    elif fields.starts_at is not None:
        if fields.ends_at <= fields.starts_at:
            errors["ends_at"] = _("La reunión debe terminar después de empezar.")
        elif fields.ends_at - fields.starts_at > LONGEST:
            errors["ends_at"] = _("Una reunión no puede durar más de 14 días.")
    clean["starts_at"], clean["ends_at"] = fields.starts_at, fields.ends_at
    chair = db.session.get(User, fields.chair_id) if fields.chair_id else None
    if chair is None or not permissions.is_moderator(chair):
        errors["chair_id"] = _("La presidencia corresponde a un moderador o moderadora.")
    clean["chair"] = chair
    space = db.session.get(Space, fields.space_id) if fields.space_id else None
    if space is None:
        errors["space_id"] = _("Elija el espacio de la reunión.")
    clean["space"] = space
    clean["visibility"] = fields.visibility
    clean["open_to_all"] = bool(fields.open_to_all)
    codes = sorted(set(fields.countries))
    countries = db.session.scalars(db.select(Country).where(Country.code.in_(codes))).all()
    if len(countries) != len(codes):
        unknown = sorted(set(codes) - {c.code for c in countries})
        errors["countries"] = _("Países desconocidos: %(codes)s.", codes=", ".join(unknown))
    clean["countries"] = countries
    organization_ids = sorted(set(fields.organizations))
    organizations = db.session.scalars(db.select(Organization).where(Organization.id.in_(organization_ids))).all()
    if len(organizations) != len(organization_ids):
        errors["organizations"] = _("Alguna de las organizaciones no existe.")
    clean["organizations"] = organizations
    emails = sorted({email.strip().lower() for email in fields.people if email.strip()})
    people = db.session.scalars(db.select(User).where(db.func.lower(User.email).in_(emails))).all()
    if len(people) != len(emails):
        missing = sorted(set(emails) - {p.email.lower() for p in people})
        errors["people"] = _("No hay cuentas con estas direcciones: %(emails)s.", emails=", ".join(missing))
    clean["people"] = people
    if not clean["open_to_all"] and not (countries or organizations or people) and "countries" not in errors:
        errors["open_to_all"] = _(
            "Invite al menos a un país, una organización o una persona, o abra la reunión a todos."
        )
    return errors, clean


def _apply(meeting: Meeting, clean: dict) -> None:
    meeting.title = clean["title"]
    meeting.description_source = clean["description"]
    meeting.description_html = render_markdown(clean["description"]) if clean["description"] else ""
    meeting.agenda = clean["agenda"]
    meeting.starts_at, meeting.ends_at = clean["starts_at"], clean["ends_at"]
    meeting.chair_id = clean["chair"].id
    meeting.open_to_all = clean["open_to_all"]
    meeting.invited_countries = list(clean["countries"])
    meeting.invited_organizations = list(clean["organizations"])
    meeting.invited_people = list(clean["people"])
    meeting.room.title = clean["title"]
    meeting.room.space_id = clean["space"].id
    meeting.room.visibility = clean["visibility"]


def schedule_meeting(actor: User, fields: MeetingFields) -> Meeting:
    if not permissions.can_schedule_meeting(actor):
        raise PermissionDenied(_("Solo los moderadores convocan reuniones."))
    errors, clean = _clean(fields)
    if errors:
        raise ValidationError(errors)
    room = Room(slug=f"reunion-{utcnow():%Y%m%d%H%M%S%f}", title=clean["title"], kind="meeting", space_id=0)
    meeting = Meeting(room=room, created_by_id=actor.id)
    _apply(meeting, clean)
    db.session.add(meeting)
    db.session.flush()
    room.slug = f"reunion-{meeting.id}-{discussions.slugify(clean['title'])}"[:80].rstrip("-")
    db.session.commit()
    return meeting


def update_meeting(actor: User, meeting: Meeting, fields: MeetingFields) -> Meeting:
    if not permissions.can_schedule_meeting(actor):
        raise PermissionDenied(_("Solo los moderadores cambian las reuniones."))
    errors, clean = _clean(fields)
    if errors:
        raise ValidationError(errors)
    _apply(meeting, clean)
    db.session.commit()
    if meeting.transcript_indexed_at is not None:
        indexing.transcript_changed(meeting)  # who may find it may have changed
    return meeting


def fields_of(meeting: Meeting) -> MeetingFields:
    return MeetingFields(
        title=meeting.title,
        description=meeting.description_source,
        agenda=list(meeting.agenda),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        chair_id=meeting.chair_id,
        open_to_all=meeting.open_to_all,
        countries=[c.code for c in meeting.invited_countries],
        organizations=[o.id for o in meeting.invited_organizations],
        people=[p.email for p in meeting.invited_people],
        space_id=meeting.room.space_id,
        visibility=meeting.room.visibility,
    )


def _meetings_query():
    return db.select(Meeting).options(
        joinedload(Meeting.room).joinedload(Room.space),
        joinedload(Meeting.chair),
        selectinload(Meeting.invited_people),
        selectinload(Meeting.invited_countries),
        selectinload(Meeting.invited_organizations),
    )


def index_ended_transcripts() -> None:
    """Meetings end by the clock as well as by the chair: the first page
    view after the end puts the transcript into the search index."""
    now = utcnow()
    ended = db.session.scalars(
        _meetings_query().where(
            Meeting.transcript_indexed_at.is_(None), (Meeting.ends_at <= now) | (Meeting.closed_at <= now)
        )
    ).unique()
    for meeting in ended:
        indexing.transcript_changed(meeting)
        meeting.transcript_indexed_at = now
    db.session.commit()


def meetings_by_state(user) -> dict[str, list[Meeting]]:
    """Live now, upcoming (soonest first), past (latest first), as `user` may see them."""
    index_ended_transcripts()
    now = utcnow()
    grouped = {"live": [], "upcoming": [], "past": []}
    for meeting in db.session.scalars(_meetings_query().order_by(Meeting.starts_at)).unique():
        if permissions.can_see_room(user, meeting.room):
            grouped[meeting.state(now)].append(meeting)
    grouped["past"].reverse()
    return grouped


def get_meeting(user, meeting_id: int) -> Meeting:
    index_ended_transcripts()
    meeting = db.session.scalar(_meetings_query().where(Meeting.id == meeting_id))
    if meeting is None:
        raise NotFound(_("Esta reunión no existe."))
    if not permissions.can_see_room(user, meeting.room):
        if not user.is_authenticated:
            raise PermissionDenied(_("Inicie sesión para ver las reuniones."))
        raise PermissionDenied(_("Esta reunión es solo para las personas invitadas."))
    return meeting


def close_meeting(actor: User, meeting: Meeting) -> Meeting:
    """The chair ends the meeting now: its room stops taking messages."""
    if not permissions.can_chair(actor, meeting):
        raise PermissionDenied(_("Solo quien preside puede dar por terminada la reunión."))
    now = utcnow()
    if meeting.state(now) == "past":
        raise ValidationError({"meeting": _("La reunión ya terminó.")})
    meeting.closed_at = now  # before the start, this calls the meeting off
    for stay in db.session.scalars(
        db.select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.left_at.is_(None))
    ):
        stay.left_at = now
    record_action(actor, "meeting.close", "meeting", meeting.id, "", detail=meeting.title)
    db.session.commit()
    index_ended_transcripts()
    chat.broadcast(
        "meeting_closed", {"room": meeting.room.slug, "closed_at": meeting.closed_at.isoformat()}, meeting.room
    )
    return meeting


# Attendance ----------------------------------------------------------------------


def record_join(meeting: Meeting, user: User, sid: str) -> None:
    """A stay starts when a person's connection joins a live or upcoming meeting's room."""
    if meeting.state(utcnow()) == "past":
        return
    db.session.add(
        Attendance(
            meeting_id=meeting.id,
            user_id=user.id,
            country_code=user.country_code,
            organization_id=user.organization_id,
            sid=sid,
        )
    )
    db.session.commit()


def record_leave(sid: str, meeting_id: int | None = None) -> None:
    query = db.select(Attendance).where(Attendance.sid == sid, Attendance.left_at.is_(None))
    if meeting_id is not None:
        query = query.where(Attendance.meeting_id == meeting_id)
    stays = db.session.scalars(query).all()
    for stay in stays:
        meeting = db.session.get(Meeting, stay.meeting_id)
        stay.left_at = min(utcnow(), meeting.ended_at)
    if stays:
        db.session.commit()


@dataclass
class PersonAttendance:
    user: User
    country_code: str | None
    organization: Organization | None
    first_joined: datetime
    seconds: int


@dataclass
class CountryAttendance:
    key: str  # an ISO code, or an organisation's acronym
    is_country: bool
    people: list[str]
    seconds: int


def attendance(meeting: Meeting) -> tuple[list[PersonAttendance], list[CountryAttendance]]:
    """Per person (time in the room, overlapping connections counted once)
    and per country or organisation, from the recorded stays."""
    now = min(utcnow(), meeting.ended_at)
    stays = db.session.scalars(
        db.select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(joinedload(Attendance.user))
        .order_by(Attendance.joined_at)
    ).all()
    by_person: dict[int, list[Attendance]] = defaultdict(list)
    for stay in stays:
        by_person[stay.user_id].append(stay)
    organizations = {o.id: o for o in db.session.scalars(db.select(Organization))}
    people = []
    for person_stays in by_person.values():
        seconds, reach = 0, None
        for stay in person_stays:  # sorted by start: merge overlapping intervals
            start, end = max(stay.joined_at, meeting.starts_at), stay.left_at or now
            if reach is not None and start < reach:
                start = reach
            if end > start:
                seconds += int((end - start).total_seconds())
            reach = max(reach or end, end)
        first = person_stays[0]
        people.append(
            PersonAttendance(
                user=first.user,
                country_code=first.country_code,
                organization=organizations.get(first.organization_id),
                first_joined=first.joined_at,
                seconds=seconds,
            )
        )
    groups: dict[tuple[str, bool], CountryAttendance] = {}
    for person in people:
        key = (
            (person.country_code, True)
            if person.country_code
            else ((person.organization.acronym, False) if person.organization else ("", False))
        )
        group = groups.setdefault(key, CountryAttendance(key[0], key[1], [], 0))
        group.people.append(person.user.name)
        group.seconds += person.seconds
    people.sort(key=lambda p: p.user.name.lower())
    return people, sorted(groups.values(), key=lambda g: (not g.is_country, g.key == "", g.key))


# The record ----------------------------------------------------------------------


def transcript(meeting: Meeting) -> list[ChatMessage]:
    return db.session.scalars(
        db.select(ChatMessage)
        .where(ChatMessage.room_id == meeting.room_id, ChatMessage.deleted_at.is_(None))
        .options(joinedload(ChatMessage.author))
        .order_by(ChatMessage.id)
    ).all()


def save_summary(actor: User, meeting: Meeting, source: str | None) -> Meeting:
    """The rapporteur's summary (relatoría): conclusions and actions agreed."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("La relatoría la escribe un moderador."))
    source = (source or "").strip()
    if not source:
        raise ValidationError({"summary": _("Escriba la relatoría.")})
    if len(source) > DESCRIPTION_MAX:
        raise ValidationError({"summary": _("La relatoría no puede pasar de %(n)d caracteres.", n=DESCRIPTION_MAX)})
    meeting.summary_source = source
    meeting.summary_html = render_markdown(source)
    meeting.summary_by_id, meeting.summary_at = actor.id, utcnow()
    db.session.commit()
    return meeting


def open_follow_up_topic(actor: User, meeting: Meeting, category_id: int) -> Topic:
    """A forum topic that carries the meeting's conclusions forward (once)."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores abren el tema de seguimiento."))
    if meeting.follow_up_topic is not None:
        return meeting.follow_up_topic
    if meeting.state(utcnow()) != "past":
        raise ValidationError({"meeting": _("El tema de seguimiento se abre cuando la reunión termina.")})
    if not isinstance(category_id, int):
        raise ValidationError({"category_id": _("Elija la categoría del tema de seguimiento.")})
    category = discussions.get_category(actor, category_id)
    people, countries = attendance(meeting)
    lines = [
        _(
            "Seguimiento de la reunión «%(title)s» (%(date)s).",
            title=meeting.title,
            date=meeting.starts_at.date().isoformat(),
        ),
        "",
    ]
    if meeting.summary_source:
        lines += [f"## {_('Relatoría')}", "", meeting.summary_source, ""]
    if countries:
        present = ", ".join(group.key for group in countries if group.key)
        lines += [f"**{_('Participaron')}:** {present}", ""]
    topic = discussions.create_topic(
        actor, category, _("Seguimiento: %(title)s", title=meeting.title)[:200], "\n".join(lines)
    )
    meeting.follow_up_topic_id = topic.id
    db.session.commit()
    return topic
