import pytest

from forum.discussions import services
from models import ApiToken, Post, Topic, db

from .conftest import PASSWORD, category


@pytest.fixture
def token(client, member):
    response = client.post("/api/v1/tokens", json={"email": member.email, "password": PASSWORD, "label": "script"})
    assert response.status_code == 201
    return response.json["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_token_is_issued_for_right_password_only(client, member):
    wrong = client.post("/api/v1/tokens", json={"email": member.email, "password": "otra-cosa-123"})
    assert wrong.status_code == 401
    assert wrong.json["error"] == "Correo o contraseña incorrectos."
    not_json = client.post("/api/v1/tokens", data="email=x")
    assert not_json.status_code == 400 and "JSON" in not_json.json["error"]
    right = client.post("/api/v1/tokens", json={"email": member.email.upper(), "password": PASSWORD})
    assert right.status_code == 201 and len(right.json["token"]) > 30
    # Only a digest is stored.
    assert db.session.scalar(db.select(ApiToken.digest)) != right.json["token"]


def test_revoked_token_stops_working(client, token):
    assert client.get("/api/v1/spaces", headers=bearer(token)).status_code == 200
    assert client.delete("/api/v1/tokens/current", headers=bearer(token)).status_code == 204
    refused = client.get("/api/v1/spaces", headers=bearer(token))
    assert refused.status_code == 401 and "revocado" in refused.json["error"]


def test_garbage_token_is_401(client):
    assert client.get("/api/v1/spaces", headers=bearer("nope")).status_code == 401
    assert client.get("/api/v1/spaces", headers={"Authorization": "Basic abc"}).status_code == 401


def test_spaces_list_only_what_the_reader_may_see(client, token):
    def slugs(response):
        return {c["slug"] for space in response.json["items"] for c in space["categories"]}

    guest = slugs(client.get("/api/v1/spaces"))
    member = slugs(client.get("/api/v1/spaces", headers=bearer(token)))
    assert "cooperacion-sur-sur" in guest and "organismos-subregionales" not in guest
    assert "organismos-subregionales" in member
    assert "posiciones-regionales" not in member and "secretaria" not in member


def test_category_topics_paginate_with_limits(client, member, public_category):
    for number in range(5):
        services.create_topic(member, public_category, f"Tema de la API {number}", "cuerpo")
    page = client.get(f"/api/v1/categories/{public_category.id}/topics?per_page=2&page=2")
    assert page.status_code == 200
    assert page.json["total"] == 5 and page.json["pages"] == 3 and len(page.json["items"]) == 2
    assert page.json["items"][0]["url"].startswith("http://encuentro.test/t/")
    too_many = client.get(f"/api/v1/categories/{public_category.id}/topics?per_page=101")
    assert too_many.status_code == 422 and "per_page" in too_many.json["errors"]
    assert client.get("/api/v1/categories/999/topics").status_code == 404


def test_topic_with_posts_in_json(client, topic, make_user):
    replier = make_user(name="Rosa")
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    answer = services.reply(replier, topic, "Una *respuesta*", parent_id=opening.id)
    body = client.get(f"/api/v1/topics/{topic.id}").json
    assert body["title"] == "Cooperación triangular en salud"
    posts = body["posts"]["items"]
    assert [p["id"] for p in posts] == [opening.id, answer.id]
    assert posts[1]["parent_id"] == opening.id
    assert posts[1]["author"]["name"] == "Rosa"
    assert posts[1]["body_html"] == "<p>Una <em>respuesta</em></p>\n"
    assert posts[1]["created_at"].endswith("+00:00")
    assert posts[1]["url"] == f"http://encuentro.test/p/{answer.id}"
    assert body["url"] == f"http://encuentro.test/t/{topic.id}/{topic.slug}"


def test_create_topic_and_reply(client, token, public_category):
    created = client.post(
        "/api/v1/topics",
        headers=bearer(token),
        json={
            "category_id": public_category.id,
            "title": "Abierto desde la API",
            "body": "Texto **inicial**",
        },
    )
    assert created.status_code == 201
    topic_id = created.json["id"]
    first = client.post(f"/api/v1/topics/{topic_id}/posts", headers=bearer(token), json={"body": "Primera respuesta"})
    assert first.status_code == 201
    nested = client.post(
        f"/api/v1/topics/{topic_id}/posts",
        headers=bearer(token),
        json={"body": "Respuesta anidada", "parent_id": first.json["id"]},
    )
    assert nested.status_code == 201 and nested.json["parent_id"] == first.json["id"]
    page = client.get(created.json["url"])
    assert "Respuesta anidada" in page.get_data(as_text=True)


def test_writing_needs_a_token(client, public_category, topic):
    assert (
        client.post(
            "/api/v1/topics", json={"category_id": public_category.id, "title": "Sin token", "body": "x"}
        ).status_code
        == 401
    )
    assert client.post(f"/api/v1/topics/{topic.id}/posts", json={"body": "x"}).status_code == 401


def test_validation_errors_are_422_with_field_messages(client, token, public_category):
    response = client.post(
        "/api/v1/topics", headers=bearer(token), json={"category_id": public_category.id, "title": "ab", "body": ""}
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"title", "body"}
    wrong_types = client.post(
        "/api/v1/topics", headers=bearer(token), json={"category_id": "1", "title": 5, "body": "x"}
    )
    assert wrong_types.status_code == 422 and "category_id" in wrong_types.json["errors"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Topic)) == 0


def test_unknown_or_forbidden_targets(client, token, topic, make_user):
    delegates = category("posiciones-regionales")
    forbidden = client.post(
        "/api/v1/topics",
        headers=bearer(token),
        json={"category_id": delegates.id, "title": "Intento de miembro", "body": "x"},
    )
    assert forbidden.status_code == 404
    assert client.post("/api/v1/topics/999/posts", headers=bearer(token), json={"body": "x"}).status_code == 404
    other_topic = services.create_topic(make_user(), topic.category, "Otro tema distinto", "x")
    foreign_parent = db.session.scalar(db.select(Post.id).filter_by(topic_id=other_topic.id))
    response = client.post(
        f"/api/v1/topics/{topic.id}/posts", headers=bearer(token), json={"body": "x", "parent_id": foreign_parent}
    )
    assert response.status_code == 422 and "parent_id" in response.json["errors"]


def test_locked_topic_is_403(client, token, topic):
    topic.locked = True
    db.session.commit()
    response = client.post(f"/api/v1/topics/{topic.id}/posts", headers=bearer(token), json={"body": "x"})
    assert response.status_code == 403 and "cerrado" in response.json["error"]


def test_oversized_request_is_413(client, token, topic):
    response = client.post(f"/api/v1/topics/{topic.id}/posts", headers=bearer(token), json={"body": "a" * 600_000})
    assert response.status_code == 413
    assert response.json["status"] == 413


def test_hidden_post_body_is_withheld_from_members(client, token, topic, moderator):
    from forum.moderation import services as moderation

    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    moderation.set_post_hidden(moderator, opening, "hide", "fuera de tema")
    post = client.get(f"/api/v1/topics/{topic.id}", headers=bearer(token)).json["posts"]["items"][0]
    assert post["hidden"] is True and post["body_html"] is None


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json
