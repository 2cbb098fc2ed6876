"""The JSON API of flags and the review queue: the same services as the pages."""

import pytest

from forum.auth import services as accounts
from forum.discussions import services as discussions
from models import Flag, ModerationAction, Notification, Post, Topic, User, db

from .conftest import category
from .test_flags import make_chat_message, make_listing


def bearer(user) -> dict:
    _token, secret = accounts.issue_token(user)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def reply(topic, member):
    return discussions.reply(member, topic, "Compren en mi tienda")


@pytest.fixture
def reporter(make_user):
    return make_user(name="Rosa Denunciante")


def post_flag(client, user, **body):
    return client.post("/api/v1/flags", headers=bearer(user), json=body)


# Flags --------------------------------------------------------------------------


def test_flag_each_kind(client, topic, reply, member, reporter, make_user):
    items = {
        "topic": topic.id,
        "post": reply.id,
        "listing": make_listing(make_user("focal_point", country_code="PE")).id,
        "chat": make_chat_message(member).id,
    }
    for kind, item_id in items.items():
        response = post_flag(client, reporter, kind=kind, id=item_id, reason="other", text="Explicación")
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        assert {key: body[key] for key in ("kind", "item_id", "reason", "text")} == {
            "kind": kind,
            "item_id": item_id,
            "reason": "other",
            "text": "Explicación",
        }
        assert db.session.get(Flag, body["id"]).reporter_id == reporter.id and body["created_at"]


def test_flag_errors(client, topic, reply, member, reporter, focal_point):
    assert client.post("/api/v1/flags", json={"kind": "post", "id": reply.id, "reason": "spam"}).status_code == 401
    headers = bearer(reporter)
    not_json = client.post("/api/v1/flags", headers=headers, data="kind=post")
    assert not_json.status_code == 400 and not_json.get_json()["error"] == "El cuerpo debe ser un objeto JSON."
    cases = [
        ({"kind": "post", "id": reply.id}, 422, "reason", "Elija el motivo de la denuncia."),
        ({"kind": "post", "id": reply.id, "reason": "other"}, 422, "text", "Explique el motivo de la denuncia."),
        ({"kind": "post", "id": reply.id, "reason": "aburrido"}, 422, "reason", "Motivo desconocido"),
        ({"kind": "meeting", "id": reply.id, "reason": "spam"}, 422, "kind", "Indique qué denuncia"),
        ({"kind": "post", "id": "7", "reason": "spam"}, 422, "id", "Indique el número"),
        ({"kind": "post", "reason": "spam"}, 422, "id", "Indique el número"),
    ]
    for body, status, field, message in cases:
        response = client.post("/api/v1/flags", headers=headers, json=body)
        assert response.status_code == status, body
        assert message in response.get_json()["errors"][field], body
    assert post_flag(client, reporter, kind="post", id=99999, reason="spam").status_code == 404
    reserved = discussions.create_topic(focal_point, category("posiciones-regionales"), "Posición reservada", "texto")
    assert post_flag(client, reporter, kind="topic", id=reserved.id, reason="spam").status_code == 404
    own = post_flag(client, member, kind="post", id=reply.id, reason="spam")
    assert own.status_code == 403 and own.get_json()["error"] == "No puede denunciar lo que usted mismo escribió."

    assert post_flag(client, reporter, kind="post", id=reply.id, reason="spam").status_code == 201
    again = post_flag(client, reporter, kind="post", id=reply.id, reason="spam")
    assert again.status_code == 409 and again.get_json() == {"error": "Ya denunció este mensaje.", "status": 409}
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Flag)) == 1


# The review queue ---------------------------------------------------------------


def test_queue_is_for_moderators(client, reply, reporter, member, moderator):
    flag_id = post_flag(client, reporter, kind="post", id=reply.id, reason="spam", text="Publicidad").get_json()["id"]
    assert client.get("/api/v1/review-queue").status_code == 401
    refused = client.get("/api/v1/review-queue", headers=bearer(member))
    assert refused.status_code == 403 and refused.get_json()["error"] == "Solo los moderadores pueden hacer esto."
    assert (
        client.post(f"/api/v1/review-queue/{flag_id}", headers=bearer(member), json={"action": "hide"}).status_code
        == 403
    )
    assert client.post(f"/api/v1/review-queue/{flag_id}", json={"action": "hide"}).status_code == 401

    queue = client.get("/api/v1/review-queue", headers=bearer(moderator)).get_json()
    assert (queue["total"], queue["page"], queue["pages"]) == (1, 1, 1)
    [item] = queue["items"]
    assert (item["flag_id"], item["kind"], item["id"], item["deleted"]) == (flag_id, "post", reply.id, False)
    assert item["text"] == "Compren en mi tienda" and item["url"].endswith(f"/p/{reply.id}")
    assert item["author"]["id"] == member.id and item["author_history"]["post_count"] == 2
    assert item["actions"] == ["dismiss", "hide", "edit", "move", "lock", "warn", "suspend"]
    [flag] = item["flags"]
    assert (flag["reason"], flag["text"], flag["reporter"]["name"]) == ("spam", "Publicidad", "Rosa Denunciante")
    too_many = client.get("/api/v1/review-queue?per_page=500", headers=bearer(moderator))
    assert too_many.status_code == 422


def test_act_as_the_page_does(client, topic, reply, reporter, member, moderator, make_user):
    second = make_user()
    flag_id = post_flag(client, reporter, kind="post", id=reply.id, reason="spam").get_json()["id"]
    other_id = post_flag(client, second, kind="post", id=reply.id, reason="off_topic").get_json()["id"]
    headers = bearer(moderator)

    bad = client.post(f"/api/v1/review-queue/{flag_id}", headers=headers, json={"action": "warn"})
    assert bad.status_code == 422 and "Escriba la advertencia" in bad.get_json()["errors"]["text"]
    unknown = client.post(f"/api/v1/review-queue/{flag_id}", headers=headers, json={"action": "explode"})
    assert unknown.status_code == 422 and "Elija una acción" in unknown.get_json()["errors"]["action"]
    wrong_type = client.post(
        f"/api/v1/review-queue/{flag_id}", headers=headers, json={"action": "suspend", "days": "x"}
    )
    assert wrong_type.status_code == 422

    done = client.post(f"/api/v1/review-queue/{flag_id}", headers=headers, json={"action": "hide", "reason": "spam"})
    assert done.status_code == 200
    body = done.get_json()
    assert (body["outcome"], body["kind"], body["id"], sorted(body["resolved"])) == (
        "hide",
        "post",
        reply.id,
        sorted([flag_id, other_id]),
    )
    posts = client.get(f"/api/v1/topics/{topic.id}", headers=bearer(reporter)).get_json()["posts"]["items"]
    assert [post["body_html"] for post in posts if post["id"] == reply.id] == [None]
    assert db.session.get(Post, reply.id).hidden_by_id == moderator.id
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) == 2

    twice = client.post(f"/api/v1/review-queue/{other_id}", headers=headers, json={"action": "dismiss"})
    assert twice.status_code == 409
    assert twice.get_json()["error"] == (
        "Estas denuncias ya fueron atendidas por Marta Moderadora (el contenido fue retirado)."
    )
    assert client.post("/api/v1/review-queue/99999", headers=headers, json={"action": "dismiss"}).status_code == 404


@pytest.mark.parametrize(
    "action, fields",
    [
        ("move", {"category_id": None}),
        ("lock", {}),
        ("warn", {"text": "Evite la publicidad."}),
        ("suspend", {"days": 2, "reason": "Publicidad"}),
        ("edit", {"text": "Texto corregido"}),
        ("dismiss", {}),
    ],
)
def test_every_action_through_the_api(client, topic, reply, reporter, member, moderator, action, fields):
    destination = category("experiencias-exitosas")
    if "category_id" in fields:
        fields["category_id"] = destination.id
    flag_id = post_flag(client, reporter, kind="post", id=reply.id, reason="spam").get_json()["id"]
    response = client.post(
        f"/api/v1/review-queue/{flag_id}", headers=bearer(moderator), json={"action": action, **fields}
    )
    assert response.status_code == 200, response.get_json()
    db.session.commit()
    topic, author, post = (
        db.session.get(Topic, topic.id),
        db.session.get(User, member.id),
        db.session.get(Post, reply.id),
    )
    effects = {
        "move": topic.category_id == destination.id,
        "lock": topic.locked,
        "warn": db.session.scalar(db.select(Notification.kind).filter_by(user_id=member.id)) == "warning",
        "suspend": author.suspended_until is not None and author.suspension_reason == "Publicidad",
        "edit": post.body_source == "Texto corregido",
        "dismiss": db.session.get(Flag, flag_id).outcome == "dismiss",
    }
    assert effects[action]
    assert db.session.get(Flag, flag_id).resolved_by_id == moderator.id
    audited = {"move": "topic.move", "lock": "topic.lock", "warn": "user.warn", "suspend": "user.suspend"}
    audited |= {"edit": "post.edit", "dismiss": "flag.dismiss"}
    assert db.session.scalar(db.select(ModerationAction.action)) == audited[action]
