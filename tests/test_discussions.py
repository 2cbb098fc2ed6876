import re

import sqlalchemy as sa

from forum.discussions import services
from models import Category, Post, PostRevision, Topic, User, db

from .conftest import login, text_of


def test_member_opens_topic_and_sees_it_first_in_category(client, member, public_category):
    login(client, member)
    response = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={"title": "Fondos mixtos de cooperación", "body": "Propongo **compartir** modelos.", "visibility": "0"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Fondos mixtos de cooperación" in text_of(page)
    assert "<strong>compartir</strong>" in page.get_data(as_text=True)
    listing = text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    assert "Fondos mixtos de cooperación" in listing
    assert db.session.get(Category, public_category.id).topic_count == 1


def test_topic_list_sorted_by_activity_with_pinned_first(app, member, public_category):
    first = services.create_topic(member, public_category, "Tema antiguo fijado", "texto")
    second = services.create_topic(member, public_category, "Tema intermedio", "texto")
    third = services.create_topic(member, public_category, "Tema reciente", "texto")
    first.pinned = True
    db.session.commit()
    services.reply(member, second, "una respuesta reaviva este tema")
    ordered = db.session.scalars(services.topics_query(member, public_category)).all()
    assert [t.id for t in ordered] == [first.id, second.id, third.id]


def test_topic_list_shows_reply_count_and_last_poster(client, topic, make_user):
    replier = make_user(name="Jorge Replicante")
    services.reply(replier, topic, "Primera respuesta")
    services.reply(replier, topic, "Segunda respuesta")
    html = client.get("/c/cooperacion/cooperacion-sur-sur").get_data(as_text=True)
    row = re.search(r"<tr>.*?Cooperación triangular en salud.*?</tr>", html, re.S).group(0)
    assert '<td class="num">2</td>' in row
    assert "Jorge Replicante" in row


def test_topic_list_is_paginated(app, client, member, public_category):
    app.config["TOPICS_PER_PAGE"] = 3
    for number in range(7):
        services.create_topic(member, public_category, f"Tema número {number}", "texto")
    first = text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    third = text_of(client.get("/c/cooperacion/cooperacion-sur-sur?page=3"))
    assert "Tema número 6" in first and "Tema número 0" not in first
    assert "Tema número 0" in third and "Página 3 de 3" in third


def test_replies_form_a_tree(client, topic, make_user):
    ana, ben = make_user(name="Ana"), make_user(name="Ben")
    to_topic = services.reply(ana, topic, "Respuesta al tema")
    to_reply = services.reply(ben, topic, "Respuesta a Ana", parent_id=to_topic.id)
    deeper = services.reply(ana, topic, "Respuesta a Ben", parent_id=to_reply.id)
    assert (to_topic.depth, to_reply.depth, deeper.depth) == (1, 2, 3)
    assert deeper.path.startswith(to_reply.path) and to_reply.path.startswith(to_topic.path)
    html = client.get(f"/t/{topic.id}").get_data(as_text=True)
    # Each reply is nested inside the list under its parent's article.
    nested = re.search(
        rf'id="p{to_topic.id}".*?<ol class="replies">.*?id="p{to_reply.id}".*?<ol class="replies">.*?id="p{deeper.id}"',
        html,
        re.S,
    )
    assert nested


def test_reply_to_post_through_form(client, topic, member):
    opening = db.session.scalar(sa.select(Post).filter_by(topic_id=topic.id))
    login(client, member)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "Coincido", "parent_id": str(opening.id)})
    assert response.status_code == 302
    reply = db.session.scalar(sa.select(Post).filter_by(body_source="Coincido"))
    assert reply.parent_id == opening.id
    followed = client.get(response.headers["Location"], follow_redirects=True)
    assert f'id="p{reply.id}"' in followed.get_data(as_text=True)


def test_quote_prefills_reply_with_attributed_blockquote(client, topic, member):
    opening = db.session.scalar(sa.select(Post).filter_by(topic_id=topic.id))
    login(client, member)
    page = client.get(f"/t/{topic.id}/reply?quote={opening.id}").get_data(as_text=True)
    assert "&gt; ¿Qué experiencias de **cooperación triangular** conocen?" in page
    assert f'name="parent_id" type="hidden" value="{opening.id}"' in page


def test_depth_cap_continues_flat_with_in_reply_to_link(app, client, topic, member):
    app.config["MAX_THREAD_DEPTH"] = 2
    parent_id = None
    chain = []
    for level in range(4):
        post = services.reply(member, topic, f"Nivel {level + 1}", parent_id=parent_id)
        chain.append(post)
        parent_id = post.id
    html = client.get(f"/t/{topic.id}").get_data(as_text=True)
    # Levels 3 and 4 are shown beside level 2, each saying whom it answers.
    assert html.count('<ol class="replies">') == 1
    assert html.count("en respuesta a") == 2
    assert f'href="/p/{chain[2].id}"' in html


def test_flat_view_is_chronological(client, topic, make_user):
    ana, ben = make_user(name="Ana"), make_user(name="Ben")
    first = services.reply(ana, topic, "Primera rama")
    second = services.reply(ben, topic, "Segunda rama")
    late_answer = services.reply(ben, topic, "Respuesta tardía a la primera", parent_id=first.id)
    tree = client.get(f"/t/{topic.id}").get_data(as_text=True)
    flat = client.get(f"/t/{topic.id}?view=flat").get_data(as_text=True)
    order = lambda html: [int(n) for n in re.findall(r'<article class="post[^"]*" id="p(\d+)"', html)]
    assert order(tree)[1:] == [first.id, late_answer.id, second.id]
    assert order(flat)[1:] == [first.id, second.id, late_answer.id]
    assert "en respuesta a Ana" in flat


def test_thread_is_paginated_and_post_permalink_finds_its_page(app, client, topic, member):
    app.config["POSTS_PER_PAGE"] = 5
    posts = [services.reply(member, topic, f"Mensaje {n}") for n in range(12)]
    last = client.get(f"/t/{topic.id}?page=3")
    assert "Página 3 de 3" in text_of(last)
    assert f'id="p{posts[-1].id}"' in last.get_data(as_text=True)
    redirect = client.get(f"/p/{posts[-1].id}")
    assert redirect.status_code == 302
    assert redirect.headers["Location"].endswith(f"?page=3#p{posts[-1].id}")


def test_out_of_range_page_shows_last_page_not_error(client, topic):
    assert client.get(f"/t/{topic.id}?page=999").status_code == 200
    assert client.get("/c/cooperacion/cooperacion-sur-sur?page=999").status_code == 200
    assert client.get(f"/t/{topic.id}?page=abc").status_code == 200


def test_edit_keeps_revisions_and_shows_edited_mark(client, topic, member, moderator):
    opening = db.session.scalar(sa.select(Post).filter_by(topic_id=topic.id))
    login(client, member)
    response = client.post(f"/p/{opening.id}/edit", data={"body": "Texto corregido"})
    assert response.status_code == 302
    page = client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert "Texto corregido" in page and "editado" in page
    assert "historial" not in page  # history is for moderators
    assert client.get(f"/p/{opening.id}/history").status_code == 403
    revision = db.session.scalar(sa.select(PostRevision).filter_by(post_id=opening.id))
    assert "cooperación triangular" in revision.body_source
    client.post("/logout")
    login(client, moderator)
    history = text_of(client.get(f"/p/{opening.id}/history"))
    assert "Texto corregido" in history and "cooperación triangular" in history


def test_member_cannot_edit_or_delete_someone_elses_post(client, topic, make_user):
    opening = db.session.scalar(sa.select(Post).filter_by(topic_id=topic.id))
    login(client, make_user())
    assert client.post(f"/p/{opening.id}/edit", data={"body": "hackeado"}).status_code == 403
    assert client.post(f"/p/{opening.id}/delete").status_code == 403
    assert db.session.get(Post, opening.id).body_source != "hackeado"


def test_soft_delete_keeps_replies_readable(client, topic, member, make_user):
    other = make_user(name="Beatriz")
    mine = services.reply(member, topic, "Mensaje que borraré")
    answer = services.reply(other, topic, "Respuesta que debe quedar", parent_id=mine.id)
    login(client, member)
    assert client.post(f"/p/{mine.id}/delete").status_code == 302
    page = text_of(client.get(f"/t/{topic.id}"))
    assert "Mensaje eliminado por su autor." in page
    assert "Mensaje que borraré" not in page
    assert "Respuesta que debe quedar" in page
    assert db.session.get(Post, answer.id).parent_id == mine.id
    # A deleted post cannot be answered or edited any more.
    assert client.post(f"/t/{topic.id}/reply", data={"body": "x", "parent_id": str(mine.id)}).status_code == 422
    assert client.post(f"/p/{mine.id}/edit", data={"body": "revivir"}).status_code == 403


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, member, public_category):
    login(client, member)
    response = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={"title": "abc", "body": "Un cuerpo que no debo perder", "visibility": "0"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "El título debe tener al menos 5 caracteres." in html
    assert "Un cuerpo que no debo perder" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Topic)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0

    both = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={"title": "x" * 201, "body": "   ", "visibility": "0"},
    )
    text = text_of(both)
    assert "no puede pasar de 200 caracteres" in text and "Escriba el texto del mensaje." in text


def test_oversized_reply_is_refused_with_message(client, topic, member):
    login(client, member)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "a" * 20_001})
    assert response.status_code == 422
    assert "no puede pasar de 20000 caracteres" in text_of(response)
    assert db.session.get(Topic, topic.id).reply_count == 0


def test_whole_request_too_large_gets_413_page(client, topic, member):
    login(client, member)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "a" * 600_000})
    assert response.status_code == 413
    assert "demasiado grande" in text_of(response)


def test_unknown_ids_are_404_pages(client):
    for url in ("/t/999", "/p/999", "/c/cooperacion/no-existe", "/s/no-existe", "/u/999"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "<h1>" in response.get_data(as_text=True)


def test_locked_topic_refuses_replies_with_message(client, topic, member):
    topic.locked = True
    db.session.commit()
    login(client, member)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "¿Se puede?"})
    assert response.status_code == 403
    assert "Este tema está cerrado" in text_of(response)


def test_counters_follow_posts(topic, make_user):
    author = make_user()
    services.reply(author, topic, "uno")
    services.reply(author, topic, "dos")
    db.session.expire_all()
    assert db.session.get(Topic, topic.id).reply_count == 2
    assert db.session.get(Category, topic.category_id).post_count == 3
    assert db.session.get(User, author.id).post_count == 2


def test_profile_lists_members_posts(client, topic, member):
    services.reply(member, topic, "Mi aporte visible en el perfil")
    page = text_of(client.get(f"/u/{member.id}"))
    assert member.name in page and "Mi aporte visible en el perfil" in page
    assert "Cooperación triangular en salud" in page


def test_topic_tagged_with_countries_appears_on_their_pages(client, member):
    login(client, member)
    response = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={
            "title": "Programa de becas entre Jamaica y Haití",
            "body": "Propuesta",
            "visibility": "0",
            "countries": ["JM", "HT"],
        },
    )
    assert response.status_code == 302
    topic = db.session.scalar(sa.select(Topic).filter_by(title="Programa de becas entre Jamaica y Haití"))
    assert [country.code for country in topic.countries] == ["HT", "JM"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/countries/JM"' in page and 'href="/countries/HT"' in page
    assert "Programa de becas entre Jamaica y Haití" in text_of(client.get("/countries/HT"))
    assert "Programa de becas" not in text_of(client.get("/countries/MX"))


def test_unknown_country_tag_is_refused(client, member):
    login(client, member)
    response = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={
            "title": "Tema con país inventado",
            "body": "x",
            "visibility": "0",
            "countries": ["ZZ"],
        },
    )
    assert response.status_code == 422
    assert "Países desconocidos: ZZ." in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Topic)) == 0
