"""Chat rooms and their messages: the rules every way in shares (Socket.IO
events, the no-JavaScript form, the JSON API).

A message is committed before it is broadcast, and a (room, author,
client_id) triple is stored once: a client that retries a send after a
dropped connection gets the stored message back instead of a second copy.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from limits import parse_many
from markupsafe import escape
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from models import DELEGATES, MEMBERS, SECRETARIAT, ChatMessage, Meeting, Room, RoomMute, Space, User, db, utcnow

from .. import indexing, permissions
from ..discussions.services import slugify
from ..errors import NotFound, PermissionDenied, ServiceError, ValidationError, suspension_message
from ..extensions import limiter, socketio
from ..localization import DATETIME_PATTERN, affiliation, local_time
from ..markup import render_markdown
from ..moderation.services import clean_reason, record_action

CLIENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
# Zulip's syntax: @**Full Name**, which Markdown has already made bold.
MENTION = re.compile(r"@<strong>([^<]{1,120})</strong>")
HISTORY_MAX = 200
MUTE_MAX_MINUTES = 60 * 24 * 7


class RateLimited(ServiceError):
    status = 429


def room_channel(room: Room) -> str:
    """The Socket.IO room a chat room's people listen on."""
    return f"room:{room.id}"


def broadcast(event: str, data: dict, room: Room, skip_sid: str | None = None) -> None:
    """Send to everyone in the room, through the message queue when there is one.

    Callers have committed what they broadcast; the transaction still open
    (reads since, which in a POST hold SQLite's write lock) ends here first:
    an emit to a crowded room yields to other greenlets under gevent, and
    SQLite's busy wait does not, so a lock held across it stalls the process."""
    channel = room_channel(room)
    db.session.commit()
    socketio.emit(event, data, to=channel, skip_sid=skip_sid)


# Rooms -------------------------------------------------------------------------


def _rooms_query():
    return db.select(Room).options(
        joinedload(Room.space),
        joinedload(Room.meeting).selectinload(Meeting.invited_people),
        joinedload(Room.meeting).selectinload(Meeting.invited_countries),
        joinedload(Room.meeting).selectinload(Meeting.invited_organizations),
    )


def visible_rooms(user) -> list[Room]:
    """Standing rooms first, then meeting rooms by start, newest first."""
    rooms = db.session.scalars(_rooms_query()).unique().all()
    rooms = [room for room in rooms if permissions.can_see_room(user, room)]
    standing = sorted((r for r in rooms if r.meeting is None), key=lambda r: (r.kind != "space", r.title))
    meetings = sorted((r for r in rooms if r.meeting is not None), key=lambda r: r.meeting.starts_at, reverse=True)
    return standing + meetings


def get_room(user, slug: str) -> Room:
    room = db.session.scalar(_rooms_query().where(Room.slug == slug))
    if room is None:
        raise NotFound(_("Esta sala no existe."))
    if not permissions.can_see_room(user, room):
        if not user.is_authenticated:
            raise PermissionDenied(_("Inicie sesión para entrar en las salas de conversación."))
        raise PermissionDenied(_("No tiene acceso a esta sala."))
    return room


def create_room(actor: User, space_id, title, description, visibility) -> Room:
    """A standing room, e.g. a working group's, created by a moderator."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores abren salas."))
    errors = {}
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= 200:
        errors["title"] = _("El nombre debe tener entre %(a)d y %(b)d caracteres.", a=3, b=200)
    description = " ".join((description or "").split())
    if len(description) > 500:
        errors["description"] = _("La descripción no puede pasar de %(n)d caracteres.", n=500)
    space = db.session.get(Space, space_id) if isinstance(space_id, int) else None
    if space is None:
        errors["space_id"] = _("Elija el espacio de la sala.")
    if visibility not in (MEMBERS, DELEGATES, SECRETARIAT):
        errors["visibility"] = _("Elija quién puede entrar en la sala.")
    if errors:
        raise ValidationError(errors)
    room = Room(slug="", title=title, description=description, kind="group", space_id=space.id, visibility=visibility)
    db.session.add(room)
    db.session.flush()
    room.slug = f"grupo-{room.id}-{slugify(title)}"[:80].rstrip("-")
    db.session.commit()
    return room


# Messages ------------------------------------------------------------------------


def message_json(message: ChatMessage) -> dict:
    """What clients receive: the `message` event and every acknowledgement."""
    deleted = message.deleted_at is not None
    return {
        "id": message.id,
        "room": message.room.slug,
        "kind": message.kind,
        "author": {
            "id": message.author.id,
            "name": message.author.name,
            "affiliation": affiliation(message.author),
        },
        "body_html": "" if deleted else message.body_html,
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "client_id": message.client_id,
    }


def render_chat_markdown(source: str) -> str:
    """Markdown made safe as for posts, then @**Full Name** mentions marked
    (the name is text bleach has already escaped)."""
    html = render_markdown(source)
    names = {match.group(1) for match in MENTION.finditer(html)}
    if not names:
        return html
    people = {
        str(escape(user.name)).lower(): user
        for user in db.session.scalars(db.select(User).where(db.func.lower(User.name).in_([n.lower() for n in names])))
    }

    def mark(match):
        person = people.get(match.group(1).lower())
        if person is None:
            return match.group(0)
        return f'<span class="mention" data-user-id="{person.id}">@{match.group(1)}</span>'

    return MENTION.sub(mark, html)


def clean_chat_body(body) -> str:
    body = (body if isinstance(body, str) else "").strip()
    if not body:
        raise ValidationError({"body": _("Escriba el mensaje.")})
    limit = current_app.config["CHAT_MESSAGE_MAX"]
    if len(body) > limit:
        raise ValidationError(
            {"body": _("El mensaje no puede pasar de %(n)d caracteres (tiene %(m)d).", n=limit, m=len(body))}
        )
    return body


def clean_client_id(client_id) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise ValidationError({"client_id": _("Falta el identificador del mensaje (client_id) o no es válido.")})
    return client_id


def active_mute(room: Room, user: User) -> RoomMute | None:
    return db.session.scalar(
        db.select(RoomMute)
        .where(RoomMute.room_id == room.id, RoomMute.user_id == user.id, RoomMute.until > utcnow())
        .order_by(RoomMute.until.desc())
        .limit(1)
    )


@cache
def _limits(text: str) -> list:
    return parse_many(text)


def _check_rate(user: User) -> None:
    if not limiter.enabled:
        return
    for item in _limits(current_app.config["RATELIMIT_CHAT"]):
        if not limiter.limiter.hit(item, "chat", str(user.id)):
            raise RateLimited(
                _("Está enviando mensajes con demasiada frecuencia. Espere unos segundos y vuelva a intentarlo.")
            )


def require_chat(user, room: Room) -> None:
    if not permissions.can_chat(user, room):
        if permissions.is_suspended(user):
            raise PermissionDenied(suspension_message(user))
        if room.meeting is not None and permissions.can_see_room(user, room):
            raise PermissionDenied(_("La reunión terminó: la sala ya no admite mensajes."))
        raise PermissionDenied(_("No puede escribir en esta sala."))
    mute = active_mute(room, user)
    if mute is not None:
        raise PermissionDenied(
            _(
                "La moderación le impidió escribir en esta sala hasta el %(time)s.",
                time=local_time(mute.until, DATETIME_PATTERN),
            )
        )


def _stored(room: Room, author: User, client_id: str) -> ChatMessage | None:
    return db.session.scalar(
        db.select(ChatMessage).filter_by(room_id=room.id, author_id=author.id, client_id=client_id)
    )


@dataclass
class Sent:
    message: ChatMessage
    created: bool  # False when the send was a retry of a stored message

    def as_json(self) -> dict:
        """The acknowledgement of `send` and `announce`."""
        return {"message": message_json(self.message), "duplicate": not self.created}


def post_message(author: User, room: Room, body, client_id, kind: str = "message") -> Sent:
    """Store a message, then broadcast it; a retried client_id returns the stored one."""
    client_id = clean_client_id(client_id)
    existing = _stored(room, author, client_id)
    if existing is not None:
        return Sent(existing, created=False)
    require_chat(author, room)
    body = clean_chat_body(body)
    _check_rate(author)
    message = ChatMessage(
        room=room,
        author=author,
        client_id=client_id,
        kind=kind,
        body_source=body,
        body_html=render_chat_markdown(body),
    )
    db.session.add(message)
    try:
        db.session.commit()
    except IntegrityError:
        # The same send arrived twice at once (two workers): keep the first.
        db.session.rollback()
        existing = _stored(room, author, client_id)
        if existing is None:
            raise
        return Sent(existing, created=False)
    broadcast("message", message_json(message), room)
    return Sent(message, created=True)


def get_message(user, message_id) -> ChatMessage:
    message = db.session.get(ChatMessage, message_id) if isinstance(message_id, int) else None
    if message is None or not permissions.can_see_room(user, message.room):
        raise NotFound(_("Este mensaje no existe."))
    return message


def edit_message(user: User, message: ChatMessage, body) -> ChatMessage:
    if not permissions.can_edit_message(user, message):
        raise PermissionDenied(_("Solo quien lo escribió o la moderación pueden cambiar este mensaje."))
    require_chat(user, message.room)  # not once muted, nor in a closed meeting's record
    message.body_source = clean_chat_body(body)
    message.body_html = render_chat_markdown(message.body_source)
    message.edited_at = utcnow()
    db.session.commit()
    broadcast("message_edited", message_json(message), message.room)
    return message


def delete_message(user: User, message: ChatMessage, reason: str | None = None) -> ChatMessage:
    """Authors withdraw their own messages; a moderator's deletion is audited."""
    if not permissions.can_delete_message(user, message):
        raise PermissionDenied(_("Solo quien lo escribió o la moderación pueden eliminar este mensaje."))
    reason = clean_reason(reason)
    message.deleted_at = utcnow()
    message.deleted_by_id = user.id
    if message.author_id != user.id:
        record_action(user, "chat.delete", "chat_message", message.id, reason, detail=message.room.title)
    db.session.commit()
    meeting = message.room.meeting
    if meeting is not None and meeting.transcript_indexed_at is not None:
        indexing.transcript_changed(meeting)
    broadcast("message_deleted", {"id": message.id, "room": message.room.slug}, message.room)
    return message


@dataclass
class HistoryPage:
    room: Room
    messages: list[ChatMessage]
    more: bool  # there are more in the direction asked

    def as_json(self) -> dict:
        return {"room": self.room.slug, "messages": [message_json(m) for m in self.messages], "more": self.more}


def history(room: Room, after_id: int | None = None, before_id: int | None = None, limit: int = 50) -> HistoryPage:
    """Messages in order. `after_id`: everything since (catch-up, up to
    HISTORY_MAX at a time); `before_id`: the page before (scrolling up);
    neither: the latest."""
    limit = max(1, min(limit, HISTORY_MAX))
    query = db.select(ChatMessage).where(ChatMessage.room_id == room.id).options(joinedload(ChatMessage.author))
    if after_id is not None:
        rows = db.session.scalars(
            query.where(ChatMessage.id > after_id).order_by(ChatMessage.id).limit(limit + 1)
        ).all()
        return HistoryPage(room, rows[:limit], len(rows) > limit)
    if before_id is not None:
        query = query.where(ChatMessage.id < before_id)
    rows = db.session.scalars(query.order_by(ChatMessage.id.desc()).limit(limit + 1)).all()
    return HistoryPage(room, rows[:limit][::-1], len(rows) > limit)


def optional_id(value, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: _("Debe ser un número entero, 0 o mayor.")})
    return value


# Moderation ------------------------------------------------------------------------


def mute(moderator: User, room: Room, person: User, minutes, reason: str | None = None) -> RoomMute:
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    if isinstance(minutes, str) and minutes.isdigit():
        minutes = int(minutes)
    if not isinstance(minutes, int) or not 1 <= minutes <= MUTE_MAX_MINUTES:
        raise ValidationError({"minutes": _("Indique entre 1 y %(n)d minutos.", n=MUTE_MAX_MINUTES)})
    reason = clean_reason(reason)
    entry = RoomMute(
        room_id=room.id,
        user_id=person.id,
        until=utcnow() + timedelta(minutes=minutes),
        reason=reason,
        created_by_id=moderator.id,
    )
    db.session.add(entry)
    record_action(moderator, "chat.mute", "user", person.id, reason, detail=f"{room.title} · {minutes} min")
    db.session.commit()
    broadcast("muted", {"room": room.slug, "user_id": person.id, "until": entry.until.isoformat()}, room)
    return entry


def unmute(moderator: User, room: Room, person: User) -> None:
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    now = utcnow()
    for entry in db.session.scalars(
        db.select(RoomMute).where(RoomMute.room_id == room.id, RoomMute.user_id == person.id, RoomMute.until > now)
    ):
        entry.until = now
    record_action(moderator, "chat.unmute", "user", person.id, "", detail=room.title)
    db.session.commit()
    broadcast("muted", {"room": room.slug, "user_id": person.id, "until": None}, room)
