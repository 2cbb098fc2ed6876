"""Chairing a meeting: the speakers' list, the time per intervention and
official announcements. Every change is broadcast to the room as `floor`."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from models import Meeting, SpeakerRequest, User, db, utcnow

from .. import permissions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..localization import affiliation
from . import chat

SECONDS_MAX = 60 * 60


def _person(user: User) -> dict:
    return {"id": user.id, "name": user.name, "affiliation": affiliation(user)}


def _requests(meeting: Meeting, *states: str) -> list[SpeakerRequest]:
    return db.session.scalars(
        db.select(SpeakerRequest)
        .where(SpeakerRequest.meeting_id == meeting.id, SpeakerRequest.state.in_(states))
        .options(joinedload(SpeakerRequest.user))
        .order_by(SpeakerRequest.position, SpeakerRequest.id)
    ).all()


def floor_state(meeting: Meeting) -> dict:
    """The list as everyone sees it: who speaks (and until when), who waits."""
    speaking = next(iter(_requests(meeting, "speaking")), None)
    current = None
    if speaking is not None:
        ends_at = speaking.called_at + timedelta(seconds=meeting.speaking_seconds) if meeting.speaking_seconds else None
        current = {
            "request_id": speaking.id,
            "person": _person(speaking.user),
            "since": speaking.called_at.isoformat(),
            "ends_at": ends_at.isoformat() if ends_at else None,
        }
    return {
        "room": meeting.room.slug,
        "open": meeting.speakers_open,
        "seconds": meeting.speaking_seconds,
        "speaking": current,
        "queue": [{"request_id": r.id, "person": _person(r.user)} for r in _requests(meeting, "waiting")],
    }


def _changed(meeting: Meeting) -> dict:
    db.session.commit()
    state = floor_state(meeting)
    chat.broadcast("floor", state, meeting.room)
    return state


def _require_chair(user: User, meeting: Meeting) -> None:
    if not permissions.can_chair(user, meeting):
        raise PermissionDenied(_("Solo quien preside la reunión puede hacer esto."))


def _require_live(meeting: Meeting) -> None:
    if meeting.state(utcnow()) == "past":
        raise ValidationError({"meeting": _("La reunión ya terminó.")})


def request_floor(user: User, meeting: Meeting) -> dict:
    chat.require_chat(user, meeting.room)
    if not meeting.speakers_open:
        raise ValidationError({"floor": _("La lista de oradores está cerrada.")})
    if _mine(user, meeting) is not None:
        raise ValidationError({"floor": _("Ya está en la lista de oradores.")})
    last = db.session.scalar(
        db.select(db.func.max(SpeakerRequest.position)).where(SpeakerRequest.meeting_id == meeting.id)
    )
    db.session.add(SpeakerRequest(meeting_id=meeting.id, user_id=user.id, position=(last or 0) + 1))
    return _changed(meeting)


def _mine(user: User, meeting: Meeting) -> SpeakerRequest | None:
    return db.session.scalar(
        db.select(SpeakerRequest).where(
            SpeakerRequest.meeting_id == meeting.id,
            SpeakerRequest.user_id == user.id,
            SpeakerRequest.state.in_(("waiting", "speaking")),
        )
    )


def withdraw_floor(user: User, meeting: Meeting) -> dict:
    mine = _mine(user, meeting)
    if mine is None or mine.state != "waiting":
        raise ValidationError({"floor": _("No está esperando turno.")})
    mine.state = "withdrawn"
    return _changed(meeting)


def _get_request(meeting: Meeting, request_id) -> SpeakerRequest:
    found = db.session.get(SpeakerRequest, request_id) if isinstance(request_id, int) else None
    if found is None or found.meeting_id != meeting.id:
        raise NotFound(_("Esa petición de palabra no existe."))
    return found


def _finish_current(meeting: Meeting) -> None:
    for speaking in _requests(meeting, "speaking"):
        speaking.state, speaking.finished_at = "done", utcnow()


def call_speaker(chair: User, meeting: Meeting, request_id=None) -> dict:
    """Give the floor to a waiting person (the first in the list by default)."""
    _require_chair(chair, meeting)
    _require_live(meeting)
    if request_id is None:
        waiting = _requests(meeting, "waiting")
        if not waiting:
            raise ValidationError({"floor": _("Nadie espera turno.")})
        chosen = waiting[0]
    else:
        chosen = _get_request(meeting, request_id)
        if chosen.state != "waiting":
            raise ValidationError({"floor": _("Esa persona no está esperando turno.")})
    _finish_current(meeting)
    chosen.state, chosen.called_at = "speaking", utcnow()
    return _changed(meeting)


def finish_speaker(chair: User, meeting: Meeting) -> dict:
    _require_chair(chair, meeting)
    _finish_current(meeting)
    return _changed(meeting)


def move_request(chair: User, meeting: Meeting, request_id, direction: str) -> dict:
    """Move a waiting request one place up or down the list."""
    _require_chair(chair, meeting)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Indique «up» o «down».")})
    waiting = _requests(meeting, "waiting")
    chosen = _get_request(meeting, request_id)
    if chosen not in waiting:
        raise ValidationError({"floor": _("Esa persona no está esperando turno.")})
    index = waiting.index(chosen)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(waiting):
        waiting[index], waiting[other] = waiting[other], waiting[index]
        for position, each in enumerate(waiting, start=1):
            each.position = position
    return _changed(meeting)


def set_rules(chair: User, meeting: Meeting, open_list=None, seconds=None, clear_seconds: bool = False) -> dict:
    """Open or close the list; set (or clear) the time per intervention."""
    _require_chair(chair, meeting)
    if open_list is not None:
        meeting.speakers_open = bool(open_list)
    if clear_seconds:
        meeting.speaking_seconds = None
    elif seconds is not None:
        if isinstance(seconds, str) and seconds.isdigit():
            seconds = int(seconds)
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 10 <= seconds <= SECONDS_MAX:
            raise ValidationError({"seconds": _("El tiempo por intervención va de 10 segundos a una hora.")})
        meeting.speaking_seconds = seconds
    return _changed(meeting)


def announce(chair: User, meeting: Meeting, body, client_id) -> chat.Sent:
    """An official announcement: a message that stands out in the room."""
    _require_chair(chair, meeting)
    return chat.post_message(chair, meeting.room, body, client_id, kind="announcement")
