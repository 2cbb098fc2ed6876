"""CSRF on every form and rate limits on sign-in and posting."""

import re

import pytest

from models import Post, db

from .conftest import PASSWORD, login, text_of


@pytest.fixture
def csrf_app(make_app):
    application = make_app(WTF_CSRF_ENABLED=True)
    with application.app_context():
        yield application


def test_every_form_post_without_token_is_refused(csrf_app, make_user):
    from forum.discussions import services
    from tests.conftest import category

    moderator = make_user("moderator")
    topic = services.create_topic(moderator, category("cooperacion-sur-sur"), "Tema con formularios", "x")
    post_id = db.session.scalar(db.select(Post.id).filter_by(topic_id=topic.id))
    client = csrf_app.test_client()
    # Sign in properly, with the token taken from the form.
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert (
        client.post("/login", data={"email": moderator.email, "password": PASSWORD, "csrf_token": token}).status_code
        == 302
    )

    form_posts = [
        rule for rule in csrf_app.url_map.iter_rules() if "POST" in rule.methods and not rule.rule.startswith("/api/")
    ]
    assert len(form_posts) >= 10
    for rule in form_posts:
        url = re.sub(r"<int:\w+>", str(post_id), rule.rule)
        url = url.replace("<space_slug>", "cooperacion").replace("<category_slug>", "cooperacion-sur-sur")
        response = client.post(url, data={"body": "x", "title": "Un título válido", "action": "pin"})
        assert response.status_code == 400, url
        assert "El formulario caducó" in text_of(response), url
    assert "Tema con formularios" in text_of(client.get(f"/t/{topic.id}"))


def test_api_is_exempt_because_it_uses_bearer_tokens(csrf_app, make_user):
    member = make_user()
    client = csrf_app.test_client()
    response = client.post("/api/v1/tokens", json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 201


def test_login_is_rate_limited_with_a_clear_message(make_app, make_user):
    application = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    with application.app_context():
        member = make_user()
        client = application.test_client()
        for _ in range(3):
            assert client.post("/login", data={"email": member.email, "password": "mala-clave-1"}).status_code == 422
        blocked = client.post("/login", data={"email": member.email, "password": PASSWORD})
        assert blocked.status_code == 429
        assert "Demasiadas solicitudes" in text_of(blocked)


def test_posting_is_rate_limited_per_person_across_pages_and_api(make_app, make_user):
    from forum.auth import services as accounts
    from forum.discussions import services
    from tests.conftest import category

    application = make_app(RATELIMIT_ENABLED=True, RATELIMIT_POSTING="3 per minute")
    with application.app_context():
        member = make_user()
        topic = services.create_topic(member, category("cooperacion-sur-sur"), "Tema muy activo", "x")
        client = application.test_client()
        login(client, member)
        assert client.post(f"/t/{topic.id}/reply", data={"body": "uno"}).status_code == 302
        assert client.post(f"/t/{topic.id}/reply", data={"body": "dos"}).status_code == 302
        token = accounts.issue_token(member)[1]
        api = client.post(
            f"/api/v1/topics/{topic.id}/posts", json={"body": "tres"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert api.status_code == 201
        blocked = client.post(f"/t/{topic.id}/reply", data={"body": "cuatro"})
        assert blocked.status_code == 429
        api_blocked = client.post(
            f"/api/v1/topics/{topic.id}/posts", json={"body": "cinco"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert api_blocked.status_code == 429 and "Demasiadas" in api_blocked.json["error"]
        # Someone else is not affected.
        other = make_user()
        client.post("/logout")
        login(client, other)
        assert client.post(f"/t/{topic.id}/reply", data={"body": "otra persona"}).status_code == 302
