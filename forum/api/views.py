from datetime import UTC

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _

from models import db

from ..auth import services as accounts
from ..discussions import services as discussions
from ..errors import ValidationError
from ..extensions import csrf, limiter, posting_limit
from ..searching import services as searching
from . import serializers
from .common import (
    Unauthorized,
    authenticate_bearer,
    json_body,
    optional_codes,
    optional_int,
    optional_text,
    pagination,
    require_user,
)

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens, not cookies, authenticate here: no CSRF exposure.
csrf.exempt(blueprint)
blueprint.before_request(authenticate_bearer)


@blueprint.post("/tokens")
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], key_func=lambda: f"login-address:{request.remote_addr}")
def create_token():
    payload = json_body()
    user = accounts.authenticate(optional_text(payload, "email"), optional_text(payload, "password"))
    if user is None:
        raise Unauthorized(_("Correo o contraseña incorrectos."))
    token, secret = accounts.issue_token(user, optional_text(payload, "label") or "")
    return jsonify(id=token.id, token=secret, user=serializers.user_json(user)), 201


@blueprint.delete("/tokens/<token_ref>")
def revoke_token(token_ref: str):
    user = require_user()
    token_id = g.api_token.id if token_ref == "current" else int(token_ref) if token_ref.isdigit() else 0
    accounts.revoke_token(user, token_id)
    return "", 204


@blueprint.get("/spaces")
def spaces():
    return jsonify(
        items=[
            serializers.space_json(space, categories) for space, categories in discussions.visible_spaces(g.api_user)
        ]
    )


@blueprint.get("/categories/<int:category_id>/topics")
def category_topics(category_id: int):
    category = discussions.get_category(g.api_user, category_id)
    page, per_page = pagination()
    result = db.paginate(discussions.topics_query(g.api_user, category), page=page, per_page=per_page, error_out=False)
    return jsonify(
        serializers.page_json([serializers.topic_json(topic) for topic in result.items], page, per_page, result.total)
        | {"category": serializers.category_json(category)}
    )


@blueprint.get("/topics/<int:topic_id>")
def topic(topic_id: int):
    topic = discussions.get_topic(g.api_user, topic_id)
    page, per_page = pagination()
    posts = db.session.scalars(
        discussions.thread_posts_query(g.api_user, topic).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return jsonify(
        serializers.topic_json(topic)
        | {
            "posts": serializers.page_json(
                [serializers.post_json(post, g.api_user) for post in posts],
                page,
                per_page,
                topic.reply_count + 1,
            )
        }
    )


@blueprint.post("/topics")
@posting_limit
def create_topic():
    user = require_user()
    payload = json_body()
    category_id = optional_int(payload, "category_id")
    if category_id is None:
        raise ValidationError({"category_id": _("Indique category_id.")})
    category = discussions.get_category(user, category_id)
    topic = discussions.create_topic(
        user,
        category,
        optional_text(payload, "title"),
        optional_text(payload, "body"),
        optional_int(payload, "visibility"),
        countries=optional_codes(payload, "countries"),
    )
    return jsonify(serializers.topic_json(topic)), 201


@blueprint.post("/topics/<int:topic_id>/posts")
@posting_limit
def create_post(topic_id: int):
    user = require_user()
    payload = json_body()
    topic = discussions.get_topic(user, topic_id)
    post = discussions.reply(user, topic, optional_text(payload, "body"), optional_int(payload, "parent_id"))
    return jsonify(serializers.post_json(post, user)), 201


@blueprint.get("/search")
def search():
    """Full-text search in the query language of the search page."""
    sort = request.args.get("sort", "relevance")
    if sort not in searching.SORTS:
        raise ValidationError({"sort": _("Orden desconocido: use relevance o date.")})
    page = request.args.get("page", 1, type=int)
    if page < 1:
        raise ValidationError({"page": _("page debe ser 1 o más.")})
    outcome = searching.search(g.api_user, request.args.get("q", ""), page=page, sort=sort)
    if outcome.error:
        raise ValidationError({"q": outcome.error})
    return jsonify(
        total=outcome.results.total if outcome.results else 0,
        page=page,
        suggestion=outcome.suggestion,
        results=[
            {
                "kind": item["kind"],
                "id": item["id"],
                "topic_id": item["topic_id"],
                "title": item["title"],
                "snippet": item["snippet"],
                "author": item["author"],
                "created_at": item["created_at"].replace(tzinfo=UTC).isoformat(),
                "url": searching.result_url({"kind": item["kind"], "object_id": item["id"]}, external=True),
            }
            for item in outcome.items
        ],
    )
