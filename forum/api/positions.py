"""API v1 for regional positions: the register, a position's record, opening
a proposal and recording a country's stance, with the rules of the pages."""

from datetime import datetime

from flask import Blueprint, g, jsonify
from flask_babel import gettext as _

from models import Position, db

from ..discussions import services as discussions
from ..errors import ValidationError
from ..extensions import csrf, posting_limit
from ..positions import services as positions
from ..positions.serializers import position_json, position_summary_json, stance_json, tally_json
from .common import (
    authenticate_bearer,
    json_body,
    optional_codes,
    optional_int,
    optional_text,
    pagination,
    require_user,
)
from .serializers import page_json

blueprint = Blueprint("api_positions", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)
blueprint.before_request(authenticate_bearer)


def _closes_at(payload: dict) -> datetime | None:
    """ISO 8601 with its offset: a time without a zone would be ambiguous."""
    value = optional_text(payload, "closes_at")
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(
            {"closes_at": _("closes_at debe ser una fecha ISO 8601 con su zona, p. ej. 2027-03-01T18:00:00-04:00.")}
        )
    return moment


@blueprint.get("/positions")
def positions_list():
    page, per_page = pagination()
    query = positions.visible_positions_query(g.api_user).order_by(Position.id.desc())
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return jsonify(page_json([position_summary_json(p) for p in result.items], page, per_page, result.total))


@blueprint.get("/positions/<int:position_id>")
def position_detail(position_id: int):
    return jsonify(position_json(positions.get_position(g.api_user, position_id)))


@blueprint.post("/positions")
@posting_limit
def create_position():
    """{topic_id, text, closes_at, rule, quorum?, participants?: [ISO codes], title?};
    without participants, every member state takes part."""
    user = require_user()
    payload = json_body()
    topic_id = optional_int(payload, "topic_id")
    if topic_id is None:
        raise ValidationError({"topic_id": _("Indique topic_id.")})
    topic = discussions.get_topic(user, topic_id)
    positions.require_can_open(user, topic)  # before reading the rest of the body
    participants = optional_codes(payload, "participants")
    fields = positions.ProposalFields(
        title=optional_text(payload, "title") or "",
        text=optional_text(payload, "text"),
        closes_at=_closes_at(payload),
        rule=optional_text(payload, "rule") or "consensus",
        quorum=optional_int(payload, "quorum"),
        scope="countries" if participants else "all",
        countries=participants,
    )
    try:
        created = positions.open_position(user, topic, fields)
    except ValidationError as error:
        # The API names the participants "participants".
        errors = {("participants" if key == "countries" else key): value for key, value in error.errors.items()}
        raise ValidationError(errors) from error
    return jsonify(position_json(created)), 201


@blueprint.post("/positions/<int:position_id>/stances")
def record_stance(position_id: int):
    """{stance: agree|abstain|disagree|block|reservation, reason}: the stance
    of the token owner's country."""
    user = require_user()
    payload = json_body()
    position = positions.get_position(user, position_id)
    positions.require_seat(user, position)  # before reading the body's fields
    stance = positions.record_stance(user, position, optional_text(payload, "stance"), optional_text(payload, "reason"))
    tally = positions.tally_of(position, positions.stances(position))
    return jsonify(stance=stance_json(stance), tally=tally_json(tally)), 201
