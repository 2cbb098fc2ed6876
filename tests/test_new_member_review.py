"""New-member review: a space holds the first posts of new accounts until a
moderator approves them; held posts show to their author (as pending) and
to moderators, to nobody else, and count nowhere until approved."""

import re
from datetime import timedelta

import pytest

from forum.cooperation import services as cooperation
from forum.discussions import services as discussions
from forum.moderation import services as moderation
from models import Category, Listing, ModerationAction, Notification, Post, Space, Topic, User, db, utcnow

from .conftest import PASSWORD, category, login, text_of
from .test_search import found

PENDING = "Pendiente de aprobación por la moderación"
LIST = "/c/cooperacion/cooperacion-sur-sur"


def set_review(count: int, slug: str = "cooperacion") -> None:
    db.session.scalar(db.select(Space).filter_by(slug=slug)).review_first_posts = count
    db.session.commit()


@pytest.fixture
def newcomer(app, make_user):
    return make_user("member", name="Nora Nueva")


@pytest.fixture
def other(app, make_user):
    return make_user("member", name="Otro Miembro")


def audit(action: str) -> list[ModerationAction]:
    return db.session.scalars(db.select(ModerationAction).filter_by(action=action)).all()


def held_topic(newcomer, public_category) -> Topic:
    set_review(2)
    return discussions.create_topic(newcomer, public_category, "Tema de una cuenta nueva", "Texto sobre manglares")


def as_guest(client):
    client.post("/logout")
    return client


# The setting -------------------------------------------------------------------------


def test_moderators_set_the_review_and_it_is_logged(client, moderator, admin):
    login(client, moderator)
    page = client.get("/s/cooperacion/settings")
    assert page.status_code == 200 and "Revisión de nuevos miembros" in text_of(page)
    response = client.post("/s/cooperacion/settings", data={"review_first_posts": "3"}, follow_redirects=True)
    assert "Ajustes del espacio guardados." in text_of(response)
    assert db.session.scalar(db.select(Space).filter_by(slug="cooperacion")).review_first_posts == 3
    (entry,) = audit("space.review")
    assert entry.actor_id == moderator.id and entry.detail.endswith("0 → 3")
    again = client.post("/s/cooperacion/settings", data={"review_first_posts": "3"})
    assert again.status_code == 422 and "La revisión ya tenía ese valor." in text_of(again)
    as_guest(client)
    login(client, admin)
    assert client.post("/s/cooperacion/settings", data={"review_first_posts": "0"}).status_code == 302
    assert [entry.detail[-5:] for entry in audit("space.review")] == ["0 → 3", "3 → 0"]


@pytest.mark.parametrize("value", ["", "tres", "-1", "51", "2.5", "²"])
def test_bad_review_values_are_explained_and_kept(client, moderator, value):
    login(client, moderator)
    response = client.post("/s/cooperacion/settings", data={"review_first_posts": value})
    assert response.status_code == 422
    assert "Indique un número entero entre 0 y 50." in text_of(response)
    assert f'value="{value}"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Space).filter_by(slug="cooperacion")).review_first_posts == 0
    assert audit("space.review") == []


@pytest.mark.parametrize("role", ["member", "focal_point"])
def test_only_moderators_reach_the_settings(client, make_user, role):
    assert client.get("/s/cooperacion/settings").status_code == 302  # guests sign in first
    login(client, make_user(role))
    assert client.get("/s/cooperacion/settings").status_code == 403
    assert client.post("/s/cooperacion/settings", data={"review_first_posts": "5"}).status_code == 403
    assert client.get("/mod/pending").status_code == 403
    assert db.session.scalar(db.select(Space).filter_by(slug="cooperacion")).review_first_posts == 0


def test_a_suspended_moderator_cannot_change_the_review(client, moderator):
    moderator.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    login(client, moderator)
    assert client.post("/s/cooperacion/settings", data={"review_first_posts": "5"}).status_code == 403


def test_unknown_space_is_404(client, moderator):
    login(client, moderator)
    assert client.get("/s/no-existe/settings").status_code == 404


# Holding ------------------------------------------------------------------------------


def test_a_new_members_topic_is_held_and_the_author_is_told(client, newcomer, public_category):
    set_review(2)
    login(client, newcomer)
    response = client.post(
        f"{LIST}/new", data={"title": "Mi primer tema aquí", "body": "Hola a todos", "visibility": "0"}
    )
    topic = db.session.scalar(db.select(Topic).filter_by(title="Mi primer tema aquí"))
    assert response.status_code == 302 and topic.held
    page = text_of(client.get(response.headers["Location"]))
    assert "Su mensaje queda pendiente de aprobación por la moderación" in page
    assert PENDING in page and "Hola a todos" in page
    assert "Este tema espera la aprobación de la moderación" in page
    # Nothing counts until approved.
    public_category = db.session.get(Category, public_category.id)
    assert (public_category.topic_count, public_category.post_count, public_category.last_post_at) == (0, 0, None)
    assert db.session.get(User, newcomer.id).post_count == 0


def test_a_held_topic_shows_to_its_author_and_moderators_only(client, newcomer, other, moderator, public_category):
    topic = held_topic(newcomer, public_category)
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))

    login(client, newcomer)
    assert "Tema de una cuenta nueva" in text_of(client.get(LIST))
    assert "Pendiente de aprobación" in text_of(client.get(LIST))
    assert PENDING in text_of(client.get(f"/u/{newcomer.id}"))
    assert client.get(f"/p/{opening.id}").status_code == 302

    as_guest(client)
    for reader in (None, other):
        if reader:
            login(client, reader)
        assert "Tema de una cuenta nueva" not in text_of(client.get(LIST))
        assert client.get(f"/t/{topic.id}").status_code == 404
        assert client.get(f"/p/{opening.id}").status_code == 404
        assert "manglares" not in text_of(client.get(f"/u/{newcomer.id}"))
        assert found(client, "manglares") == []
        as_guest(client)

    login(client, moderator)
    assert "Tema de una cuenta nueva" in text_of(client.get(LIST))
    page = client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert PENDING in page and f"/p/{opening.id}/approve" in page and f"/p/{opening.id}/reject" in page
    assert found(client, "manglares") == []  # not indexed until approved


def test_a_held_reply_is_invisible_to_others_and_counts_nowhere(client, topic, newcomer, other, moderator):
    set_review(1)
    before = db.session.get(Topic, topic.id).last_post_at
    held = discussions.reply(newcomer, topic, "Respuesta sobre arrecifes")
    assert held.held
    topic = db.session.get(Topic, topic.id)
    assert (topic.reply_count, topic.last_post_at, topic.last_poster_id) == (0, before, topic.author_id)
    assert db.session.get(Category, topic.category_id).post_count == 1

    login(client, newcomer)
    page = text_of(client.get(f"/t/{topic.id}"))
    assert "Respuesta sobre arrecifes" in page and PENDING in page
    as_guest(client)
    for reader in (None, other):
        if reader:
            login(client, reader)
        assert "arrecifes" not in text_of(client.get(f"/t/{topic.id}"))
        assert "arrecifes" not in text_of(client.get(f"/t/{topic.id}?view=flat"))
        assert client.get(f"/p/{held.id}").status_code == 404
        assert "arrecifes" not in text_of(client.get(f"/u/{newcomer.id}"))
        assert "arrecifes" not in text_of(client.get(f"/t/{topic.id}/reply?parent={held.id}"))
        assert found(client, "arrecifes") == []
        as_guest(client)
    login(client, moderator)
    page = client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert "Respuesta sobre arrecifes" in page and f"/p/{held.id}/approve" in page


def test_nobody_replies_to_a_held_post_or_topic(client, topic, newcomer, other, moderator, public_category):
    set_review(1)
    held = discussions.reply(newcomer, topic, "Respuesta retenida")
    login(client, other)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "Le contesto", "parent_id": held.id})
    assert response.status_code == 422
    assert "No se puede responder a un mensaje pendiente de aprobación." in text_of(response)
    as_guest(client)
    held_new = discussions.create_topic(newcomer, public_category, "Tema retenido aquí", "texto")
    login(client, newcomer)
    refused = client.post(f"/t/{held_new.id}/reply", data={"body": "Me respondo"})
    assert refused.status_code == 403
    assert "Este tema espera la aprobación de la moderación" in text_of(refused)
    assert db.session.scalar(db.select(db.func.count()).select_from(Post).filter_by(topic_id=held_new.id)) == 1


def test_the_n_plus_first_post_is_not_held_and_moderators_never_are(
    client, newcomer, moderator, admin, public_category, topic
):
    set_review(2)
    for person in (moderator, admin):
        assert not discussions.reply(person, topic, "La moderación no espera").held
    first = discussions.reply(newcomer, topic, "uno")
    second = discussions.reply(newcomer, topic, "dos")
    assert first.held and second.held
    # Posts waiting do not count towards N; approved ones do.
    assert discussions.reply(newcomer, topic, "tres").held
    login(client, moderator)
    for post in (first, second):
        assert client.post(f"/p/{post.id}/approve").status_code == 302
    assert db.session.get(User, newcomer.id).post_count == 2
    assert not discussions.reply(newcomer, topic, "cuatro").held


def test_the_member_who_already_posted_is_past_the_review(member, topic):
    set_review(1)  # the `topic` fixture was `member`'s first post
    assert not discussions.reply(member, topic, "ya no espero").held


def test_review_is_per_space(newcomer):
    set_review(3, "dimension-social")
    social = category("pobreza-e-inclusion")
    assert discussions.create_topic(newcomer, social, "Tema retenido en lo social", "x").held
    assert not discussions.create_topic(
        newcomer, category("cooperacion-sur-sur"), "Tema libre en cooperación", "x"
    ).held


def test_a_listing_conversation_is_never_held(client, newcomer, focal_point):
    set_review(5)
    listing = cooperation.create_listing(
        focal_point,
        {
            "kind": "offer",
            "title": "Formación en gestión de riesgos",
            "description_source": "Cursos para equipos técnicos",
            "sector": "disaster_risk",
            "modality": "training",
        },
    )
    topic = cooperation.open_listing_topic(newcomer, db.session.get(Listing, listing.id), "/listings/1")
    assert not topic.held


# Approving and rejecting ---------------------------------------------------------------


def test_pending_page_lists_held_posts_oldest_first_with_context(client, topic, newcomer, moderator, public_category):
    set_review(2)
    reply = discussions.reply(newcomer, topic, "Primera respuesta retenida")
    discussions.create_topic(newcomer, public_category, "Segundo aporte retenido", "Cuerpo del tema")
    login(client, moderator)
    page = text_of(client.get("/mod/pending"))
    assert page.index("Primera respuesta retenida") < page.index("Cuerpo del tema")
    assert f"Respuesta en {topic.title}" in page and "Tema nuevo: Segundo aporte retenido" in page
    assert "Nora Nueva (0 mensajes publicados)" in page
    assert "Espacio Virtual de Encuentro" in page and reply.held


def test_approving_publishes_counts_indexes_and_notifies(client, topic, newcomer, other, moderator, public_category):
    set_review(2)
    held_reply = discussions.reply(newcomer, topic, "Aporte sobre humedales")
    held_new = discussions.create_topic(newcomer, public_category, "Tema sobre glaciares", "Los glaciares andinos")
    login(client, moderator)
    response = client.post(f"/p/{held_reply.id}/approve", data={"return_to": "pending"}, follow_redirects=True)
    assert "Mensaje aprobado y publicado." in text_of(response)
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=held_new.id))
    assert client.post(f"/p/{opening.id}/approve").headers["Location"] == f"/p/{opening.id}"

    topic, held_new = db.session.get(Topic, topic.id), db.session.get(Topic, held_new.id)
    assert not held_new.held and topic.reply_count == 1 and topic.last_poster_id == newcomer.id
    public_category = db.session.get(Category, public_category.id)
    assert (public_category.topic_count, public_category.post_count) == (2, 3)
    assert db.session.get(User, newcomer.id).post_count == 2
    assert [entry.target_id for entry in audit("post.approve")] == [held_reply.id, opening.id]
    notices = db.session.scalars(db.select(Notification).filter_by(user_id=newcomer.id)).all()
    assert [notice.kind for notice in notices] == ["post_approved", "post_approved"]

    as_guest(client)
    login(client, newcomer)
    assert f"Su mensaje en «{topic.title}» fue aprobado" in text_of(client.get("/notifications"))
    as_guest(client)
    login(client, other)
    assert "Aporte sobre humedales" in text_of(client.get(f"/t/{topic.id}"))
    assert "Tema sobre glaciares" in text_of(client.get(LIST))
    assert found(client, "humedales") == [f"/p/{held_reply.id}"]
    assert found(client, "glaciares") == [f"/t/{held_new.id}"]

    as_guest(client)
    login(client, moderator)
    again = client.post(f"/p/{held_reply.id}/approve", follow_redirects=True)
    assert "Este mensaje ya fue aprobado." in text_of(again)
    assert len(audit("post.approve")) == 2
    assert "No hay mensajes pendientes." in text_of(client.get("/mod/pending"))


def test_rejecting_needs_a_reason_removes_the_post_and_tells_the_author(client, topic, newcomer, moderator):
    set_review(2)
    held = discussions.reply(newcomer, topic, "Publicidad de un hotel")
    login(client, moderator)
    no_reason = client.post(f"/p/{held.id}/reject", data={"reason": "  "}, follow_redirects=True)
    assert "Indique el motivo del rechazo" in text_of(no_reason)
    assert db.session.get(Post, held.id).deleted_at is None
    response = client.post(f"/p/{held.id}/reject", data={"reason": "Es publicidad"}, follow_redirects=True)
    assert "Mensaje rechazado" in text_of(response) and "No hay mensajes pendientes." in text_of(response)
    (entry,) = audit("post.reject")
    assert (entry.target_id, entry.reason) == (held.id, "Es publicidad")
    notice = db.session.scalar(db.select(Notification).filter_by(user_id=newcomer.id))
    assert notice.kind == "post_rejected" and notice.data["reason"] == "Es publicidad"
    assert "Publicidad de un hotel" not in text_of(client.get(f"/t/{topic.id}"))
    for action in ("approve", "reject"):
        again = client.post(f"/p/{held.id}/{action}", data={"reason": "otra vez"}, follow_redirects=True)
        assert "Este mensaje ya fue rechazado o retirado por su autor." in text_of(again)
    as_guest(client)
    login(client, newcomer)
    assert "Publicidad de un hotel" not in text_of(client.get(f"/t/{topic.id}"))
    assert client.get(f"/p/{held.id}").status_code == 404
    assert f"Su mensaje en «{topic.title}» no fue aprobado: Es publicidad" in text_of(client.get("/notifications"))
    topic = db.session.get(Topic, topic.id)
    assert topic.reply_count == 0 and db.session.get(User, newcomer.id).post_count == 0


def test_a_rejected_topic_disappears_for_its_author_and_moderators(client, newcomer, moderator, public_category):
    topic = held_topic(newcomer, public_category)
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    login(client, moderator)
    assert client.post(f"/p/{opening.id}/reject", data={"reason": "Duplicado"}).status_code == 302
    assert "Tema de una cuenta nueva" not in text_of(client.get(LIST))
    as_guest(client)
    login(client, newcomer)
    assert "Tema de una cuenta nueva" not in text_of(client.get(LIST))
    assert client.get(f"/t/{topic.id}").status_code == 404
    assert db.session.get(Category, public_category.id).topic_count == 0


@pytest.mark.parametrize("role", ["member", "focal_point"])
def test_only_moderators_approve_or_reject(client, make_user, topic, newcomer, role):
    set_review(1)
    held = discussions.reply(newcomer, topic, "En espera")
    assert client.post(f"/p/{held.id}/approve").status_code == 302  # guests: sign in first
    login(client, make_user(role))
    assert client.post(f"/p/{held.id}/approve").status_code == 403
    assert client.post(f"/p/{held.id}/reject", data={"reason": "no"}).status_code == 403
    as_guest(client)
    login(client, newcomer)  # not even one's own
    assert client.post(f"/p/{held.id}/approve").status_code == 403
    assert db.session.get(Post, held.id).held and audit("post.approve") == []


def test_acting_on_an_unknown_post_is_404(client, moderator):
    login(client, moderator)
    assert client.post("/p/999999/approve").status_code == 404


# The author's own held post ----------------------------------------------------------------


def test_the_author_edits_a_held_post_and_it_stays_held_and_unsearchable(client, topic, newcomer, moderator):
    set_review(1)
    held = discussions.reply(newcomer, topic, "Primera versión")
    login(client, newcomer)
    response = client.post(f"/p/{held.id}/edit", data={"body": "Versión sobre tortugas"})
    assert response.status_code == 302
    held = db.session.get(Post, held.id)
    assert held.held and held.body_source == "Versión sobre tortugas"
    assert found(client, "tortugas") == []
    as_guest(client)
    login(client, moderator)
    assert "Versión sobre tortugas" in text_of(client.get("/mod/pending"))
    client.post(f"/p/{held.id}/approve")
    assert found(client, "tortugas") == [f"/p/{held.id}"]


def test_the_author_withdraws_a_held_post(client, newcomer, moderator, public_category):
    topic = held_topic(newcomer, public_category)
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    login(client, newcomer)
    assert client.post(f"/p/{opening.id}/delete").status_code == 302
    assert "Tema de una cuenta nueva" not in text_of(client.get(LIST))
    as_guest(client)
    login(client, moderator)
    assert "No hay mensajes pendientes." in text_of(client.get("/mod/pending"))
    again = client.post(f"/p/{opening.id}/approve", follow_redirects=True)
    assert "Este mensaje ya fue rechazado o retirado por su autor." in text_of(again)


# The API ---------------------------------------------------------------------------------


def bearer(client, user) -> dict:
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_api_says_held_and_hides_held_posts_from_others(client, topic, newcomer, other, public_category):
    set_review(2)
    mine = bearer(client, newcomer)
    created = client.post(
        "/api/v1/topics", headers=mine, json={"category_id": public_category.id, "title": "Tema por API", "body": "x"}
    )
    assert created.status_code == 201 and created.json["held"] is True
    reply = client.post(f"/api/v1/topics/{topic.id}/posts", headers=mine, json={"body": "Respuesta por API"})
    assert reply.status_code == 201 and reply.json["held"] is True

    own = client.get(f"/api/v1/topics/{topic.id}", headers=mine).json["posts"]["items"]
    assert [(post["id"], post["held"]) for post in own][-1] == (reply.json["id"], True)
    listed = client.get(f"/api/v1/categories/{public_category.id}/topics", headers=mine).json["items"]
    assert created.json["id"] in [item["id"] for item in listed]

    theirs = bearer(client, other)
    for headers in (theirs, {}):
        posts = client.get(f"/api/v1/topics/{topic.id}", headers=headers).json["posts"]["items"]
        assert reply.json["id"] not in [post["id"] for post in posts]
        assert client.get(f"/api/v1/topics/{created.json['id']}", headers=headers).status_code == 404
        listed = client.get(f"/api/v1/categories/{public_category.id}/topics", headers=headers).json["items"]
        assert created.json["id"] not in [item["id"] for item in listed]
        refused = client.post(
            f"/api/v1/topics/{topic.id}/posts", headers=theirs, json={"body": "y", "parent_id": reply.json["id"]}
        )
        assert refused.status_code == 422


def test_country_pages_leave_out_held_topics(client, newcomer, other, public_category):
    set_review(1)
    discussions.create_topic(newcomer, public_category, "Retenido sobre Colombia", "x", countries=["CO"])
    login(client, other)
    assert "Retenido sobre Colombia" not in text_of(client.get("/countries/CO"))
    as_guest(client)
    login(client, newcomer)
    assert "Retenido sobre Colombia" in text_of(client.get("/countries/CO"))


def test_a_held_post_on_a_long_thread_is_on_the_authors_last_page(app, client, topic, newcomer, make_user):
    per_page = app.config["POSTS_PER_PAGE"]
    writer = make_user()
    for number in range(per_page - 1):  # exactly one full page with the opening post
        discussions.reply(writer, topic, f"Aporte {number}")
    set_review(1)
    held = discussions.reply(newcomer, topic, "Mi aporte retenido")
    login(client, newcomer)
    landing = client.get(f"/p/{held.id}?view=flat")
    assert landing.status_code == 302 and "page=" not in landing.headers["Location"]
    assert "Mi aporte retenido" in text_of(client.get(landing.headers["Location"]))
    assert re.search(r"Página \d+ de", text_of(client.get(f"/t/{topic.id}"))) is None


def test_moving_a_held_topic_changes_no_category_figures(moderator, newcomer, public_category):
    pending = held_topic(newcomer, public_category)
    origin, destination = pending.category, category("experiencias-exitosas")
    before = [(each.topic_count, each.post_count) for each in (origin, destination)]
    moderation.move_topic(moderator, pending, destination)
    db.session.expire_all()
    assert [(each.topic_count, each.post_count) for each in (origin, destination)] == before
