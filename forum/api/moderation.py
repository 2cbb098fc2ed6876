"""API v1 for flags and the review queue: the services the pages use."""

from flask import Blueprint, jsonify

from ..extensions import csrf
from ..moderation import flags, review
from .common import authenticate_bearer, json_body, optional_int, optional_text, pagination, require_user
from .serializers import page_json, user_json

blueprint = Blueprint("api_moderation", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)
blueprint.before_request(authenticate_bearer)


def flag_json(flag) -> dict:
    return {
        "id": flag.id,
        "kind": flag.target_type,
        "item_id": flag.target_id,
        "reason": flag.reason,
        "text": flag.text,
        "created_at": flag.created_at.isoformat(),
    }


def history_json(history: review.AuthorHistory) -> dict:
    author = history.author
    return {
        "member_since": author.created_at.isoformat(),
        "post_count": author.post_count,
        "suspended_until": author.suspended_until.isoformat() if author.suspended_until else None,
        "suspension_reason": author.suspension_reason or None,
        "reviews": [
            {"kind": kind, "id": item_id, "outcome": outcome, "resolved_at": resolved.isoformat()}
            for kind, item_id, outcome, resolved in history.reviews
        ],
    }


def entry_json(entry: review.Entry) -> dict:
    target = entry.target
    return {
        "flag_id": entry.flag_id,
        "kind": target.kind,
        "id": target.id,
        "title": target.title,
        "url": target.link(_external=True) or None,
        "deleted": target.gone,
        "text": None if target.gone else target.text,
        "author": user_json(entry.history.author) if entry.history else None,
        "author_history": history_json(entry.history) if entry.history else None,
        "flags": [flag_json(flag) | {"reporter": user_json(flag.reporter)} for flag in entry.flags],
        "actions": list(entry.actions),
    }


@blueprint.post("/flags")
def create_flag():
    user = require_user()
    payload = json_body()
    flag = flags.flag(
        user,
        optional_text(payload, "kind"),
        payload.get("id"),
        optional_text(payload, "reason"),
        optional_text(payload, "text"),
    )
    return jsonify(flag_json(flag)), 201


@blueprint.get("/review-queue")
def review_queue():
    user = require_user()
    page, per_page = pagination()
    queue = review.queue(user, page, per_page)
    return jsonify(page_json([entry_json(entry) for entry in queue.items], page, per_page, queue.total))


@blueprint.post("/review-queue/<int:flag_id>")
def act(flag_id: int):
    user = require_user()
    review.require_acting_reviewer(user)  # before reading the body's fields
    payload = json_body()
    fields = review.ActionFields(
        text=optional_text(payload, "text"),
        category_id=optional_int(payload, "category_id"),
        days=optional_int(payload, "days"),
    )
    resolution = review.act(user, flag_id, optional_text(payload, "action"), optional_text(payload, "reason"), fields)
    target = resolution.target
    return jsonify(
        outcome=resolution.outcome,
        kind=target.kind,
        id=target.id,
        url=target.link(_external=True) or None,
        resolved=[flag.id for flag in resolution.flags],
    )
