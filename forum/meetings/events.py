"""The Socket.IO protocol (described in README): every event re-reads the
person and checks the room, so a revoked token, a suspension or a lost
invitation takes effect at once, not at the next connection.

Each handler answers through the acknowledgement: {"ok": true, ...} or
{"ok": false, "error": message, "status": HTTP-like code, "errors": {...}}.
"""

import logging
import threading
from functools import wraps

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room, leave_room

from models import ApiToken, Meeting, User, db

from .. import permissions
from ..auth import services as accounts
from ..database import begin_writing
from ..errors import NotFound, PermissionDenied, ServiceError, ValidationError
from ..extensions import socketio
from ..localization import affiliation
from . import chat, floor
from . import services as meetings
from .presence import presence

log = logging.getLogger(__name__)


class SignedOut(ServiceError):
    status = 401


@socketio.on("connect")
def connect(auth=None):
    """Sign in with the session cookie, or with {"token": <API token>}."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if token:
        found = accounts.user_for_token(str(token))
        if found is None:
            raise ConnectionRefusedError(_("Token ausente, no válido o revocado."))
        session["chat_user_id"], session["chat_token_id"] = found[0].id, found[1].id
    elif current_user.is_authenticated:
        session["chat_user_id"], session["chat_token_id"] = current_user.id, None
    else:
        raise ConnectionRefusedError(_("Inicie sesión para usar el chat."))
    db.session.remove()
    if presence().shared:
        _watch_workers(current_app._get_current_object())


def _user() -> User:
    user = db.session.get(User, session.get("chat_user_id") or 0)
    token_id = session.get("chat_token_id")
    if token_id is not None:
        token = db.session.get(ApiToken, token_id)
        if token is None or token.revoked_at is not None:
            user = None
    if user is None:
        raise SignedOut(_("Su sesión terminó: vuelva a identificarse."))
    return user


# Events that only read keep deferred transactions: on SQLite they never wait for writers.
READING_EVENTS = {"history", "typing"}


def _answer(handler):
    """Run a handler with the signed-in person; turn errors into an ack.

    A writing event takes SQLite's write lock at its first BEGIN, so it must
    write before anything that ends that transaction (chat.broadcast does):
    a read-then-write in a later, deferred transaction can fail as locked."""

    @wraps(handler)
    def wrapper(data=None):
        try:
            if handler.__name__ not in READING_EVENTS:
                begin_writing()
            return {"ok": True, **handler(_user(), data if isinstance(data, dict) else {})}
        except ServiceError as error:
            db.session.rollback()
            answer = {"ok": False, "error": error.message, "status": error.status}
            if isinstance(error, ValidationError):
                answer["errors"] = error.errors
            return answer
        except Exception:
            log.exception("Socket.IO event failed")
            db.session.rollback()
            return {"ok": False, "error": _("Error interno. El equipo técnico ha sido avisado."), "status": 500}
        finally:
            db.session.remove()

    return wrapper


def _room(user: User, data: dict):
    slug = data.get("room")
    if not isinstance(slug, str):
        raise ValidationError({"room": _("Indique la sala.")})
    return chat.get_room(user, slug)


def _meeting(user: User, data: dict) -> Meeting:
    room = _room(user, data)
    if room.meeting is None:
        raise NotFound(_("Esta sala no es la de una reunión."))
    return room.meeting


@socketio.on("join")
@_answer
def join(user: User, data: dict) -> dict:
    room = _room(user, data)
    join_room(chat.room_channel(room))
    if room.meeting is not None:
        meetings.record_join(room.meeting, user, request.sid)  # writes first: see _answer
    person = {"id": user.id, "name": user.name, "affiliation": affiliation(user)}
    if presence().join(room.id, request.sid, person):
        chat.broadcast("presence", {"room": room.slug, "joined": person}, room, skip_sid=request.sid)
    answer = {
        **chat.history(room, after_id=chat.optional_id(data.get("after_id"), "after_id")).as_json(),
        "people": presence().people(room.id),
        "can_send": permissions.can_chat(user, room) and chat.active_mute(room, user) is None,
    }
    if room.meeting is not None:
        answer["floor"] = floor.floor_state(room.meeting)
        answer["chair"] = permissions.can_chair(user, room.meeting)
    return answer


def _leave(room_id: int, sid: str) -> None:
    gone = presence().leave(room_id, sid)
    room = db.session.get(chat.Room, room_id)
    if room is not None:
        if room.meeting is not None:
            meetings.record_leave(sid, room.meeting.id)
        if gone is not None:
            chat.broadcast("presence", {"room": room.slug, "left": gone}, room)


@socketio.on("leave")
@_answer
def leave(user: User, data: dict) -> dict:
    room = _room(user, data)
    leave_room(chat.room_channel(room))
    _leave(room.id, request.sid)
    return {"room": room.slug}


@socketio.on("disconnect")
def disconnect(reason=None):
    try:
        _leave_all(request.sid)
    finally:
        db.session.remove()


def _leave_all(sid: str) -> None:
    for room_id in presence().rooms_of(sid):
        begin_writing()
        _leave(room_id, sid)
    presence().forget_connection(sid)


# Workers that die (shared presence) ----------------------------------------------

_watcher = threading.Lock()
_watching: set[int] = set()


def _watch_workers(app) -> None:
    """Once per process and app: beat this worker's heartbeat, and make the
    people connected to a dead worker leave their rooms (presence, attendance,
    a `presence` departure to the room), as their disconnects would have."""
    with _watcher:
        if id(app) in _watching:
            return
        _watching.add(id(app))
    socketio.start_background_task(_watch_loop, app)


def _watch_loop(app) -> None:
    store = app.extensions["presence"]
    while True:
        with app.app_context():
            try:
                store.beat()
                while (claimed := store.claim_dead_worker()) is not None:
                    worker, sids = claimed
                    for sid in sids:
                        _leave_all(sid)
                    store.bury(worker)
                    log.info("took over %d connections of a stopped worker", len(sids))
            except Exception:  # the loop must outlive a Redis hiccup
                log.exception("presence heartbeat failed")
            finally:
                db.session.remove()
        socketio.sleep(store.heartbeat_seconds)


def _member_of(room) -> None:
    """Events about a room's content need the connection to have joined it."""
    if room.id not in presence().rooms_of(request.sid):
        raise PermissionDenied(_("Entre en la sala primero (evento join)."))


@socketio.on("send")
@_answer
def send(user: User, data: dict) -> dict:
    room = _room(user, data)
    return chat.post_message(user, room, data.get("body"), data.get("client_id")).as_json()


@socketio.on("history")
@_answer
def history(user: User, data: dict) -> dict:
    room = _room(user, data)
    return chat.history(
        room,
        after_id=chat.optional_id(data.get("after_id"), "after_id"),
        before_id=chat.optional_id(data.get("before_id"), "before_id"),
        limit=chat.optional_id(data.get("limit"), "limit") or 50,
    ).as_json()


@socketio.on("edit")
@_answer
def edit(user: User, data: dict) -> dict:
    message = chat.get_message(user, data.get("id"))
    return {"message": chat.message_json(chat.edit_message(user, message, data.get("body")))}


@socketio.on("delete")
@_answer
def delete(user: User, data: dict) -> dict:
    message = chat.get_message(user, data.get("id"))
    chat.delete_message(user, message, data.get("reason"))
    return {"id": message.id}


@socketio.on("typing")
@_answer
def typing(user: User, data: dict) -> dict:
    room = _room(user, data)
    _member_of(room)
    chat.require_chat(user, room)
    chat.broadcast("typing", {"room": room.slug, "person": {"id": user.id, "name": user.name}}, room, request.sid)
    return {}


def _person(data: dict) -> User:
    person = db.session.get(User, data["user_id"]) if isinstance(data.get("user_id"), int) else None
    if person is None:
        raise NotFound(_("Esa persona no existe."))
    return person


@socketio.on("mute")
@_answer
def mute(user: User, data: dict) -> dict:
    room = _room(user, data)
    entry = chat.mute(user, room, _person(data), data.get("minutes"), data.get("reason"))
    return {"until": entry.until.isoformat()}


@socketio.on("unmute")
@_answer
def unmute(user: User, data: dict) -> dict:
    chat.unmute(user, _room(user, data), _person(data))
    return {"until": None}


# Chairing ------------------------------------------------------------------------

FLOOR_ACTIONS = {
    "request": lambda user, meeting, data: floor.request_floor(user, meeting),
    "withdraw": lambda user, meeting, data: floor.withdraw_floor(user, meeting),
    "call": lambda user, meeting, data: floor.call_speaker(user, meeting, data.get("request_id")),
    "finish": lambda user, meeting, data: floor.finish_speaker(user, meeting),
    "move": lambda user, meeting, data: floor.move_request(
        user, meeting, data.get("request_id"), data.get("direction")
    ),
    "rules": lambda user, meeting, data: floor.set_rules(
        user,
        meeting,
        open_list=data.get("open"),
        seconds=data.get("seconds"),
        clear_seconds="seconds" in data and data["seconds"] is None,
    ),
}


@socketio.on("floor")
@_answer
def floor_event(user: User, data: dict) -> dict:
    """{room, action: request|withdraw|call|finish|move|rules, ...}"""
    meeting = _meeting(user, data)
    action = FLOOR_ACTIONS.get(data.get("action"))
    if action is None:
        raise ValidationError(
            {"action": _("Acción desconocida. Acciones válidas: %(choices)s.", choices=", ".join(FLOOR_ACTIONS))}
        )
    return {"floor": action(user, meeting, data)}


@socketio.on("announce")
@_answer
def announce(user: User, data: dict) -> dict:
    meeting = _meeting(user, data)
    return floor.announce(user, meeting, data.get("body"), data.get("client_id")).as_json()
