"""API v1 for chat rooms; the live protocol itself is Socket.IO (README)."""

from flask import Blueprint, jsonify, url_for

from ..extensions import csrf
from ..localization import localized
from ..meetings import chat
from .common import authenticate_bearer, require_user

blueprint = Blueprint("api_meetings", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)
blueprint.before_request(authenticate_bearer)


def room_json(room) -> dict:
    meeting = room.meeting
    return {
        "id": room.id,
        "slug": room.slug,
        "title": localized(room, "title"),
        "kind": room.kind,
        "url": url_for("meetings.room", slug=room.slug, _external=True),
        "meeting": None
        if meeting is None
        else {
            "id": meeting.id,
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ended_at.isoformat(),
            "url": url_for("meetings.meeting", meeting_id=meeting.id, _external=True),
        },
    }


@blueprint.get("/rooms")
def rooms():
    """The rooms the token's owner may join."""
    return jsonify({"rooms": [room_json(room) for room in chat.visible_rooms(require_user())]})
