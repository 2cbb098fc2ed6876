"""Moderator tools on threads: split, merge, move, close with a note, slow
mode, title and countries; as readers see them, with their permissions."""

import re
from datetime import timedelta

import pytest

from forum.discussions import services as discussions
from forum.moderation import services as moderation
from forum.moderation import threads
from models import Category, ModerationAction, Post, Space, Topic, db, utcnow

from .conftest import PASSWORD, category, login, text_of


@pytest.fixture
def people(app, make_user):
    return [make_user(name=name) for name in ("Beatriz Suárez", "Carlos Ibarra", "Dora Quispe")]


@pytest.fixture
def thread(topic, people):
    """topic ├ first (Beatriz) │ └ answer (Carlos) │   └ deeper (Dora) └ second (Carlos)"""
    beatriz, carlos, dora = people
    first = discussions.reply(beatriz, topic, "Rama uno: propuesta de Beatriz")
    answer = discussions.reply(carlos, topic, "Rama uno: objeción de Carlos", parent_id=first.id)
    deeper = discussions.reply(dora, topic, "Rama uno: matiz de Dora", parent_id=answer.id)
    second = discussions.reply(carlos, topic, "Otra línea: comentario aparte")
    return {"first": first, "answer": answer, "deeper": deeper, "second": second}


@pytest.fixture
def other_topic(make_user, public_category):
    return discussions.create_topic(
        make_user(name="Elena Torres"), public_category, "Financiamiento de la cooperación", "Abro este tema."
    )


def logged_in(client, user):
    login(client, user)
    return client


def audit_rows(action):
    return db.session.scalars(db.select(ModerationAction).filter_by(action=action).order_by(ModerationAction.id)).all()


def category_counts(client, space_slug, name):
    """A category's topics and posts as its space's page shows them."""
    html = client.get(f"/s/{space_slug}").get_data(as_text=True)
    row = next(row for row in html.split("<tr>") if f">{name}</a>" in row)
    return tuple(int(number) for number in re.findall(r'<td class="num">(\d+)</td>', row))


def search_index_is_consistent(app):
    return app.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0


# Split -----------------------------------------------------------------------


def test_split_makes_the_branch_a_new_topic(app, client, topic, thread, moderator):
    logged_in(client, moderator)
    form = client.get(f"/mod/p/{thread['first'].id}/split")
    assert form.status_code == 200 and "3 mensajes en total" in text_of(form)
    destination = category("experiencias-exitosas")
    response = client.post(
        f"/mod/p/{thread['first'].id}/split",
        data={"title": "Propuesta de Beatriz, aparte", "category_id": destination.id, "reason": "otro asunto"},
    )
    new = db.session.scalar(db.select(Topic).filter_by(title="Propuesta de Beatriz, aparte"))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/t/{new.id}/propuesta-de-beatriz-aparte"
    )

    client.post("/logout")
    page = client.get(f"/t/{new.id}").get_data(as_text=True)
    opening = page.split('class="opening"')[1].split('class="replies')[0]
    assert "Rama uno: propuesta de Beatriz" in opening and "Beatriz Suárez" in opening
    order = [page.index(text) for text in ("propuesta de Beatriz", "objeción de Carlos", "matiz de Dora")]
    assert order == sorted(order)
    assert "Carlos Ibarra" in page and "Dora Quispe" in page and "Otra línea" not in page
    assert "2 respuestas" in text_of(client.get(f"/t/{new.id}"))
    old = text_of(client.get(f"/t/{topic.id}"))
    assert "Rama uno" not in old and "Otra línea: comentario aparte" in old and "1 respuesta" in old
    # The dates and the structure are kept: the reply still answers the new opening post.
    assert db.session.get(Post, thread["answer"].id).parent_id == thread["first"].id
    assert db.session.get(Topic, new.id).created_at == db.session.get(Post, thread["first"].id).created_at

    assert category_counts(client, "cooperacion", "Cooperación Sur-Sur") == (1, 2)
    assert category_counts(client, "cooperacion", "Experiencias exitosas") == (1, 3)
    assert db.session.get(Category, destination.id).last_post_at == thread["deeper"].created_at
    listing = text_of(client.get("/c/cooperacion/experiencias-exitosas"))
    assert "Propuesta de Beatriz, aparte" in listing and "Dora Quispe" in listing  # the last poster

    (entry,) = audit_rows("topic.split")
    assert (entry.actor_id, entry.target_id, entry.reason) == (moderator.id, topic.id, "otro asunto")
    assert "Propuesta de Beatriz, aparte" in entry.detail and "3 mensajes" in entry.detail
    assert search_index_is_consistent(app)
    found = client.get("/search?q=objeción").get_data(as_text=True)
    assert "Propuesta de Beatriz, aparte" in found


def test_split_counts_hidden_deleted_and_held_posts_as_before(client, topic, thread, people, moderator, make_user):
    moderation.set_post_hidden(moderator, thread["answer"], "hide")
    discussions.delete_post(people[2], thread["deeper"])
    space = db.session.get(Space, topic.category.space_id)
    space.review_first_posts = 5
    db.session.commit()
    newcomer = make_user(name="Recién Llegada")
    held = discussions.reply(newcomer, topic, "Pendiente de aprobación", parent_id=thread["first"].id)
    assert held.held
    origin = category("cooperacion-sur-sur")
    assert (origin.topic_count, origin.post_count) == (1, 5)

    logged_in(client, moderator)
    client.post(f"/mod/p/{thread['first'].id}/split", data={"title": "Rama con de todo", "category_id": origin.id})
    new = db.session.scalar(db.select(Topic).filter_by(title="Rama con de todo"))
    # The hidden and the deleted reply count, as they did; the held one does not.
    assert (db.session.get(Topic, topic.id).reply_count, new.reply_count) == (1, 2)
    origin = category("cooperacion-sur-sur")
    assert (origin.topic_count, origin.post_count) == (2, 5)
    assert db.session.get(Post, held.id).topic_id == new.id
    page = text_of(client.get(f"/t/{new.id}"))
    assert "Oculto: solo lo ven los moderadores" in page and "Mensaje eliminado por su autor." in page
    refused = client.post(f"/mod/p/{held.id}/split", data={"title": "Solo lo pendiente", "category_id": origin.id})
    assert "Este mensaje espera aprobación: apruébelo o rechácelo antes." in text_of(refused)


def test_split_never_opens_confidential_posts(client, focal_point, moderator, make_user):
    delegate = make_user("focal_point", country_code="AR", name="Delegada Argentina")
    private = discussions.create_topic(focal_point, category("posiciones-regionales"), "Posición común", "Borrador.")
    branch = discussions.reply(delegate, private, "Comentario reservado de la delegada")
    logged_in(client, moderator)
    public = category("cooperacion-sur-sur")
    client.post(f"/mod/p/{branch.id}/split", data={"title": "Comentario aparte", "category_id": public.id})
    new = db.session.scalar(db.select(Topic).filter_by(title="Comentario aparte"))
    assert new.category_id == public.id
    client.post("/logout")
    assert client.get(f"/t/{new.id}").status_code == 404
    assert "Comentario aparte" not in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    logged_in(client, focal_point)
    assert "Comentario reservado de la delegada" in text_of(client.get(f"/t/{new.id}"))


def test_split_refuses_bad_input_with_messages(client, topic, thread, moderator):
    logged_in(client, moderator)
    opening = threads.opening_post(topic)
    response = client.post(
        f"/mod/p/{opening.id}/split", data={"title": "Todo el tema", "category_id": topic.category_id}
    )
    assert response.status_code == 422
    assert "El mensaje inicial ya abre este tema: elija una de las respuestas." in text_of(response)

    short = client.post(f"/mod/p/{thread['first'].id}/split", data={"title": "Uno", "category_id": topic.category_id})
    assert short.status_code == 422
    assert "El título debe tener al menos 5 caracteres." in text_of(short) and 'value="Uno"' in short.get_data(True)

    unknown = client.post(f"/mod/p/{thread['first'].id}/split", data={"title": "Rama nueva", "category_id": 99999})
    assert "Elija una de las categorías de la lista." in text_of(unknown)
    assert client.get("/mod/p/99999/split").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(Topic)) == 1
    assert audit_rows("topic.split") == []


# Merge -----------------------------------------------------------------------


def test_merge_moves_every_post_and_the_old_address_leads_there(
    app, client, topic, thread, other_topic, moderator, member
):
    topic.countries = discussions.countries_by_code(["AR"])
    other_topic.countries = discussions.countries_by_code(["CO"])
    db.session.commit()
    logged_in(client, moderator)
    response = client.post(
        f"/mod/t/{topic.id}/merge",
        data={"destination": f"https://encuentro.test/t/{other_topic.id}/financiamiento?page=2", "reason": "duplicado"},
    )
    assert response.status_code == 302 and f"/t/{other_topic.id}/" in response.headers["Location"]

    client.post("/logout")
    page = client.get(f"/t/{other_topic.id}").get_data(as_text=True)
    assert page.index("Abro este tema.") < page.index("¿Qué experiencias") < page.index("propuesta de Beatriz")
    assert page.index("propuesta de Beatriz") < page.index("objeción de Carlos") < page.index("matiz de Dora")
    assert "Argentina" in page and "Colombia" in page
    assert "5 respuestas" in text_of(client.get(f"/t/{other_topic.id}"))
    merged_opening = db.session.scalar(db.select(Post).filter_by(topic_id=other_topic.id, author_id=member.id))
    assert merged_opening.depth == 1 and merged_opening.parent_id is not None

    for address in (f"/t/{topic.id}", f"/t/{topic.id}/cooperacion-triangular-en-salud", f"/t/{topic.id}/otro"):
        moved = client.get(address)
        assert moved.status_code == 301 and moved.headers["Location"].endswith(
            f"/t/{other_topic.id}/financiamiento-de-la-cooperacion"
        )
    logged_in(client, member)
    assert client.get(f"/t/{topic.id}").status_code == 301
    assert "Cooperación triangular en salud" not in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    origin = category("cooperacion-sur-sur")
    assert (origin.topic_count, origin.post_count) == (1, 6)
    merged = db.session.get(Topic, topic.id)
    assert (merged.merged_into_id, merged.hidden, merged.reply_count) == (other_topic.id, True, 0)
    assert [(row.target_id, row.reason) for row in audit_rows("topic.merge")] == [
        (topic.id, "duplicado"),
        (other_topic.id, "duplicado"),
    ]
    assert search_index_is_consistent(app)
    assert f"/t/{topic.id}" not in client.get("/search?q=triangular").get_data(as_text=True)


def test_merged_topic_cannot_be_replied_to(client, topic, other_topic, moderator, member):
    logged_in(client, moderator)
    client.post(f"/mod/t/{topic.id}/merge", data={"destination": str(other_topic.id)})
    assert client.post(f"/t/{topic.id}/reply", data={"body": "hola"}).status_code == 403
    client.post("/logout")
    logged_in(client, member)
    assert client.post(f"/t/{topic.id}/reply", data={"body": "hola"}).status_code == 404


def test_earlier_merges_follow_a_later_one(client, topic, other_topic, moderator, public_category):
    third = discussions.create_topic(moderator, public_category, "Tema de síntesis", "Reúne todo.")
    logged_in(client, moderator)
    client.post(f"/mod/t/{topic.id}/merge", data={"destination": f"#{other_topic.id}"})
    client.post(f"/mod/t/{other_topic.id}/merge", data={"destination": str(third.id)})
    assert client.get(f"/t/{topic.id}").headers["Location"].endswith(f"/t/{third.id}/tema-de-sintesis")
    assert "¿Qué experiencias" in text_of(client.get(f"/t/{third.id}"))


def test_merge_refuses_bad_destinations_with_messages(
    client, topic, other_topic, moderator, focal_point, public_category
):
    delegates = category("posiciones-regionales")
    private = discussions.create_topic(focal_point, delegates, "Posición sobre financiamiento", "Solo delegados.")
    third = discussions.create_topic(moderator, public_category, "Tercer tema abierto", "Texto.")
    logged_in(client, moderator)
    client.post(f"/mod/t/{third.id}/merge", data={"destination": str(other_topic.id)})
    cases = {
        str(topic.id): "Un tema no se puede fusionar consigo mismo.",
        "999999": "No existe el tema número 999999.",
        "hola": "Escriba el número del tema de destino o pegue su dirección",
        str(third.id): f"ya fue fusionado con el tema número {other_topic.id}: elija ese.",
    }
    for destination, message in cases.items():
        response = client.post(f"/mod/t/{topic.id}/merge", data={"destination": destination})
        assert response.status_code == 422 and message in text_of(response), destination
        assert f'value="{destination}"' in response.get_data(as_text=True)
    more_open = client.post(f"/mod/t/{private.id}/merge", data={"destination": str(topic.id)})
    assert "es más abierto (Público) que este (Solo delegados gubernamentales)" in text_of(more_open)
    merged_again = client.post(f"/mod/t/{third.id}/merge", data={"destination": str(topic.id)})
    assert merged_again.status_code == 422 and "Este tema ya fue fusionado con otro." in text_of(merged_again)
    assert len(audit_rows("topic.merge")) == 2
    # Into a stricter topic is allowed; its old address then leads nowhere for guests.
    assert client.post(f"/mod/t/{topic.id}/merge", data={"destination": str(private.id)}).status_code == 302
    client.post("/logout")
    assert client.get(f"/t/{topic.id}").status_code == 404
    logged_in(client, focal_point)
    assert client.get(f"/t/{topic.id}").status_code == 301


# Move posts ------------------------------------------------------------------


def test_move_posts_to_another_topic(app, client, topic, thread, other_topic, moderator):
    logged_in(client, moderator)
    form = client.get(f"/mod/p/{thread['answer'].id}/move")
    assert "2 mensajes en total" in text_of(form)
    response = client.post(
        f"/mod/p/{thread['answer'].id}/move", data={"destination": f"/t/{other_topic.id}", "reason": "pertenece allí"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/p/{thread['answer'].id}")
    client.post("/logout")
    destination = client.get(f"/t/{other_topic.id}").get_data(as_text=True)
    assert destination.index("Abro este tema.") < destination.index("objeción de Carlos") < destination.index("matiz")
    assert "2 respuestas" in text_of(client.get(f"/t/{other_topic.id}"))
    origin = text_of(client.get(f"/t/{topic.id}"))
    assert "objeción de Carlos" not in origin and "propuesta de Beatriz" in origin and "2 respuestas" in origin
    assert f"/t/{other_topic.id}/" in client.get(f"/p/{thread['deeper'].id}").headers["Location"]
    (entry,) = audit_rows("post.move")
    assert (entry.target_type, entry.target_id, entry.reason) == ("post", thread["answer"].id, "pertenece allí")
    assert search_index_is_consistent(app)


def test_move_posts_refuses_bad_input(client, topic, thread, moderator):
    logged_in(client, moderator)
    same = client.post(f"/mod/p/{thread['answer'].id}/move", data={"destination": str(topic.id)})
    assert same.status_code == 422 and "El mensaje ya está en ese tema." in text_of(same)
    opening = threads.opening_post(topic)
    whole = client.post(f"/mod/p/{opening.id}/move", data={"destination": "1"})
    assert "El mensaje inicial no se mueve solo" in text_of(whole)
    assert client.post("/mod/p/99999/move", data={"destination": "1"}).status_code == 404
    assert audit_rows("post.move") == []


# Close with a note -----------------------------------------------------------


def test_closing_note_is_shown_and_replies_refused(client, topic, moderator, member):
    note = "Se trasladó la discusión a la reunión de junio.\nGracias a todos."
    logged_in(client, moderator)
    assert client.post(f"/mod/t/{topic.id}/close", data={"closing_note": note, "reason": "cumplido"}).status_code == 302
    client.post("/logout")
    assert "Se trasladó la discusión a la reunión de junio." in text_of(client.get(f"/t/{topic.id}"))
    logged_in(client, member)
    page = text_of(client.get(f"/t/{topic.id}"))
    assert "Este tema está cerrado" in page and "Gracias a todos." in page and "Publicar respuesta" not in page
    refused = client.post(f"/t/{topic.id}/reply", data={"body": "Una más"})
    assert refused.status_code == 403 and "Este tema está cerrado" in text_of(refused)
    (entry,) = audit_rows("topic.lock")
    assert entry.reason == "cumplido" and "reunión de junio" in entry.detail

    client.post("/logout")
    logged_in(client, moderator)
    client.post(f"/t/{topic.id}/moderate", data={"action": "unlock"})
    assert db.session.get(Topic, topic.id).closing_note == ""
    assert "reunión de junio" not in text_of(client.get(f"/t/{topic.id}"))


def test_closing_note_too_long_keeps_the_text(client, topic, moderator):
    logged_in(client, moderator)
    response = client.post(f"/mod/t/{topic.id}/close", data={"closing_note": "x" * 1001})
    assert response.status_code == 422
    assert "no puede pasar de 1000 caracteres (tiene 1001)" in text_of(response) and "x" * 1001 in text_of(response)
    assert db.session.get(Topic, topic.id).locked is False
    client.post(f"/mod/t/{topic.id}/close", data={})
    again = client.post(f"/mod/t/{topic.id}/close", data={"closing_note": "otra"})
    assert "El tema ya estaba en ese estado." in text_of(again)


# Slow mode -------------------------------------------------------------------


def test_slow_mode_refuses_a_second_reply_until_the_time_passes(client, topic, moderator, member):
    logged_in(client, moderator)
    response = client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 15, "reason": "debate acalorado"})
    assert response.status_code == 302
    client.post("/logout")
    assert "Modo lento: un mensaje cada 15 minutos por persona." in text_of(client.get(f"/t/{topic.id}"))

    logged_in(client, member)
    # The author's opening post counts as the previous one.
    refused = client.post(f"/t/{topic.id}/reply", data={"body": "Mi segunda intervención"})
    assert refused.status_code == 422
    page = text_of(refused)
    assert "Este tema está en modo lento: un mensaje cada 15 minutos por persona. Podrá volver a escribir el" in page
    assert "Mi segunda intervención" in page
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    opening.created_at -= timedelta(minutes=16)
    db.session.commit()
    assert client.post(f"/t/{topic.id}/reply", data={"body": "Mi segunda intervención"}).status_code == 302
    assert client.post(f"/t/{topic.id}/reply", data={"body": "Y otra"}).status_code == 422
    (entry,) = audit_rows("topic.slow_mode")
    assert entry.reason == "debate acalorado" and "0 → 15 min" in entry.detail


def test_slow_mode_applies_to_the_api_and_exempts_moderators(client, topic, moderator, member):
    topic.slow_mode_minutes = 5
    db.session.commit()
    token = client.post("/api/v1/tokens", json={"email": member.email, "password": PASSWORD}).json["token"]
    answer = client.post(
        f"/api/v1/topics/{topic.id}/posts", json={"body": "Por API"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 422 and "modo lento" in answer.json["errors"]["body"]
    for body in ("Primera de la moderación", "Segunda de la moderación"):
        discussions.reply(moderator, topic, body)
    assert db.session.get(Topic, topic.id).reply_count == 2


def test_slow_mode_refuses_unknown_intervals(client, topic, moderator):
    logged_in(client, moderator)
    response = client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 7})
    assert response.status_code == 422 and "Elija uno de los intervalos de la lista." in text_of(response)
    same = client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 0})
    assert "El tema ya tenía ese modo lento." in text_of(same)
    assert client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 1440}).status_code == 302
    assert client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 0}).status_code == 302
    assert "Modo lento:" not in text_of(client.get(f"/t/{topic.id}"))


# Title and countries -----------------------------------------------------------


def test_edit_title_and_countries(app, client, topic, moderator):
    logged_in(client, moderator)
    form = client.get(f"/mod/t/{topic.id}/edit").get_data(as_text=True)
    assert 'value="Cooperación triangular en salud"' in form
    response = client.post(
        f"/mod/t/{topic.id}/edit",
        data={"title": "Salud: cooperación triangular", "countries": ["AR", "CO"], "reason": "más claro"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/salud-cooperacion-triangular")
    client.post("/logout")
    old_address = client.get(f"/t/{topic.id}/cooperacion-triangular-en-salud")
    assert old_address.status_code == 200
    page = text_of(old_address)
    assert "Salud: cooperación triangular" in page and "Argentina" in page and "Colombia" in page
    assert "Salud: cooperación triangular" in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    (entry,) = audit_rows("topic.edit")
    assert (
        entry.detail
        == "Título: «Cooperación triangular en salud» → «Salud: cooperación triangular»; Países: — → AR, CO"
    )
    assert search_index_is_consistent(app)
    assert "Salud: cooperación triangular" in client.get("/search?q=salud").get_data(as_text=True)


def test_edit_topic_refuses_bad_input(client, topic, moderator):
    logged_in(client, moderator)
    response = client.post(f"/mod/t/{topic.id}/edit", data={"title": "Sal", "countries": ["XX", "AR"]})
    assert response.status_code == 422
    page = text_of(response)
    assert "El título debe tener al menos 5 caracteres." in page and "Países desconocidos: XX." in page
    same = client.post(f"/mod/t/{topic.id}/edit", data={"title": "Cooperación triangular en salud"})
    assert "No hay cambios" in text_of(same)
    assert client.get("/mod/t/99999/edit").status_code == 404
    assert audit_rows("topic.edit") == []


# Permissions -------------------------------------------------------------------


def _tool_addresses(topic, reply):
    return [
        f"/mod/p/{reply.id}/split",
        f"/mod/p/{reply.id}/move",
        f"/mod/t/{topic.id}/merge",
        f"/mod/t/{topic.id}/close",
        f"/mod/t/{topic.id}/slow-mode",
        f"/mod/t/{topic.id}/edit",
    ]


def test_only_moderators_and_admins_use_the_tools(client, topic, thread, member, focal_point, moderator, admin):
    addresses = _tool_addresses(topic, thread["first"])
    for address in addresses:
        guest = client.get(address)
        assert guest.status_code == 302 and "/login" in guest.headers["Location"]
    # `member` wrote the topic: authors get no tools either.
    for person in (member, focal_point, thread["first"].author):
        logged_in(client, person)
        for address in addresses:
            assert client.get(address).status_code == 403, address
            assert client.post(address, data={"title": "Intento de cambio", "minutes": 5}).status_code == 403
        assert "Separar en un tema nuevo" not in text_of(client.get(f"/t/{topic.id}"))
        client.post("/logout")
    assert db.session.scalar(db.select(db.func.count()).select_from(ModerationAction)) == 0
    for person in (moderator, admin):
        logged_in(client, person)
        page = text_of(client.get(f"/t/{topic.id}"))
        for link in ("Separar en un tema nuevo", "Mover a otro tema", "Fusionar con otro tema", "Modo lento"):
            assert link in page
        for address in addresses:
            assert client.get(address).status_code == 200, address
        client.post("/logout")
    logged_in(client, admin)
    assert client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 5}).status_code == 302
    assert audit_rows("topic.slow_mode")[0].actor_id == admin.id


def test_suspended_member_gets_no_tools(client, topic, thread, make_user):
    suspended = make_user()
    suspended.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    logged_in(client, suspended)
    for address in _tool_addresses(topic, thread["first"]):
        assert client.get(address).status_code == 403
