"""Search through the real stack: the index follows every change in the same
request, results respect permissions, and the index survives damage and
concurrent writers."""

import multiprocessing
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app import create_app
from forum.cooperation import services as cooperation
from forum.discussions import services as discussions
from forum.indexing import search_index
from forum.meetings import chat
from forum.meetings import services as meetings
from forum.moderation import services as moderation
from models import Post, db, utcnow

from .conftest import base_config, category, login, text_of


def found(client, query: str, **params) -> list[str]:
    """The result links of a search page, in order."""
    response = client.get("/search", query_string={"q": query, **params})
    assert response.status_code == 200, text_of(response)
    return re.findall(r'<li>\s*<span class="badge">[^<]*</span>\s*<a href="([^"]+)"', response.get_data(as_text=True))


def test_a_new_reply_is_found_by_the_next_search(client, topic, member):
    login(client, member)
    response = client.post(f"/t/{topic.id}/reply", data={"body": "Propongo un observatorio de remesas"})
    post = db.session.scalar(db.select(Post).filter_by(body_source="Propongo un observatorio de remesas"))
    assert response.status_code == 302
    assert found(client, "observatorio remesas") == [f"/p/{post.id}"]


def test_accents_and_plurals_find_the_post(client, topic, member):
    discussions.reply(member, topic, "Las cooperaciones triangulares en integración regional")
    for query in ("cooperacion", "cooperación", "COOPERACIÓN", "integraciones", "triangular"):
        assert found(client, query), query


def test_edits_and_deletions_reach_the_index(client, topic, member):
    post = discussions.reply(member, topic, "Hablemos de manglares")
    discussions.edit_post(member, post, "Hablemos de arrecifes")
    assert found(client, "manglares") == []
    assert found(client, "arrecifes") == [f"/p/{post.id}"]
    discussions.delete_post(member, post)
    assert found(client, "arrecifes") == []


def test_title_matches_rank_above_body_matches(client, member, public_category):
    body_only = discussions.create_topic(
        member, public_category, "Informe anual de actividades", "Incluye vivienda social"
    )
    in_title = discussions.create_topic(member, public_category, "Vivienda social en el Caribe", "Propuesta")
    assert found(client, "vivienda") == [f"/t/{in_title.id}", f"/t/{body_only.id}"]


def test_one_thread_does_not_flood_the_results(client, topic, member, public_category):
    for number in range(6):
        discussions.reply(member, topic, f"Huracanes y resiliencia, aporte {number}")
    other = discussions.create_topic(member, public_category, "Temporada de huracanes", "Preparación")
    results = found(client, "huracanes")
    assert len(results) == 2
    assert f"/t/{other.id}" in results


def test_snippets_highlight_the_words_and_escape_the_rest(client, topic, member):
    discussions.reply(member, topic, "El programa de alimentación escolar redujo la deserción <script>x</script>")
    html = client.get("/search?q=alimentación").get_data(as_text=True)
    assert "<script>x" not in html
    assert re.search(r"<mark[^>]*>alimentación</mark>", html)


def test_misspelling_gets_a_suggestion(client, topic, member):
    discussions.reply(member, topic, "Experiencias de microfinanzas rurales")
    page = text_of(client.get("/search?q=microfinansas"))
    assert "¿Quiso decir microfinanzas ?" in page


def test_invalid_syntax_is_a_message_not_an_error_page(client):
    response = client.get('/search?q="sin cerrar')
    assert response.status_code == 422
    assert "comillas" in text_of(response).lower()


def test_results_respect_confidentiality_hiding_and_deletion(client, make_user, moderator, member):
    author = make_user("focal_point", country_code="AR")
    public = discussions.create_topic(author, category("cooperacion-sur-sur"), "Tema público", "palabra zafiro")
    members = discussions.create_topic(author, category("organismos-subregionales"), "Tema de miembros", "zafiro")
    delegates = discussions.create_topic(author, category("posiciones-regionales"), "Tema de delegados", "zafiro")
    secret = discussions.create_topic(moderator, category("secretaria"), "Tema interno", "zafiro")
    hidden_post = discussions.reply(author, public, "zafiro oculto")
    moderation.set_post_hidden(moderator, hidden_post, "hide")
    deleted_post = discussions.reply(author, public, "zafiro borrado")
    discussions.delete_post(author, deleted_post)

    def topics_found(user=None):
        client.post("/logout")
        if user is not None:
            login(client, user)
        links = found(client, "zafiro")
        return {int(re.match(r"/[tp]/(\d+)", link).group(1)) for link in links}, links

    guest_ids, guest_links = topics_found()
    assert guest_ids == {public.id}
    member_ids, _ = topics_found(member)
    assert member_ids == {public.id, members.id}
    delegate_ids, _ = topics_found(author)
    assert delegate_ids == {public.id, members.id, delegates.id}
    moderator_ids, moderator_links = topics_found(moderator)
    assert {public.id, members.id, delegates.id, secret.id} <= moderator_ids
    # The hidden post is found by moderators only; the deleted one by nobody.
    everything = client.get("/search?q=zafiro oculto borrado OR oculto").get_data(as_text=True)
    assert f"/p/{deleted_post.id}" not in everything
    client.post("/logout")
    assert f"/p/{hidden_post.id}" not in client.get("/search?q=oculto").get_data(as_text=True)


def test_hiding_or_moving_a_topic_updates_its_documents(client, topic, moderator):
    moderation.set_topic_flag(moderator, topic, "hide")
    assert found(client, "triangular") == []
    moderation.set_topic_flag(moderator, topic, "unhide")
    assert found(client, "triangular category:cooperacion-sur-sur")
    moderation.move_topic(moderator, topic, category("experiencias-exitosas"))
    assert found(client, "triangular category:cooperacion-sur-sur") == []
    assert found(client, "triangular category:experiencias-exitosas")


def test_listings_are_found_by_their_sector_in_any_language(client, moderator):
    listing = cooperation.create_listing(
        moderator,
        {
            "kind": "offer",
            "title": "Alerta temprana comunitaria",
            "description_source": "Sistemas locales.",
            "sector": "disaster_risk",
            "modality": "training",
            "country_code": "CU",
        },
    )
    for query in ("desastres", "disaster", "catastrophe", "kind:listing country:CU", "status:open alerta"):
        assert found(client, query) == [f"/listings/{listing.id}"], query
    cooperation.update_listing(moderator, listing, {"status": "closed"})
    assert found(client, "status:open alerta") == []


def test_search_within_a_topic_category_or_country(client, topic, member, public_category):
    discussions.reply(member, topic, "Tema de becas")
    other = discussions.create_topic(member, public_category, "Otro tema sobre becas", "becas", countries=["PE"])
    in_topic = found(client, "becas", scope=f"topic:{topic.id}")
    assert len(in_topic) == 1 and in_topic[0].startswith("/p/")
    assert found(client, "becas") and len(found(client, "becas")) == 2
    assert found(client, "becas", scope="country:PE") == [f"/t/{other.id}"]
    assert found(client, "becas", scope="category:cumbres") == []


def test_advanced_search_builds_the_query(client):
    response = client.get(
        "/search/advanced",
        query_string={
            "go": "1",
            "all": "riesgo",
            "phrase": "alerta temprana",
            "exclude": "sismo volcán",
            "country": "CO",
            "kind": "post",
            "after": "2024-01-01",
            "in_title": "1",
        },
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)["q"][0]
    assert query == 'riesgo "alerta temprana" -sismo -volcán country:CO kind:post after:2024-01-01 in:title'
    assert client.get("/search/advanced").status_code == 200


def test_api_search(client, topic, member):
    post = discussions.reply(member, topic, "Indicadores de pobreza multidimensional")
    body = client.get("/api/v1/search?q=pobreza multidimensional").json
    assert body["total"] == 1
    result = body["results"][0]
    assert result == {
        "kind": "post",
        "id": post.id,
        "topic_id": topic.id,
        "title": topic.title,
        "snippet": "Indicadores de pobreza multidimensional",
        "author": member.name,
        "created_at": result["created_at"],
        "url": f"http://encuentro.test/p/{post.id}",
    }
    assert result["created_at"].endswith("+00:00")
    assert client.get("/api/v1/search?q=(abierto").status_code == 422
    assert client.get("/api/v1/search?q=x&sort=random").status_code == 422


def test_sort_by_date(client, member, public_category):
    old = discussions.create_topic(member, public_category, "Agua potable rural", "agua")
    new = discussions.create_topic(member, public_category, "Agua y saneamiento", "agua agua agua")
    links = found(client, "agua", sort="date")
    assert [int(re.match(r"/t/(\d+)", link).group(1)) for link in links] == [new.id, old.id]


def test_rebuild_and_check_commands(app, topic):
    runner = app.test_cli_runner()
    assert "Índice al día" in runner.invoke(args=["search", "check"]).output
    search_index().update(remove=[f"topic:{topic.id}"])
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 1 and f"topic:{topic.id}" in check.output
    rebuild = runner.invoke(args=["search", "rebuild"])
    assert rebuild.exit_code == 0 and "documentos indexados" in rebuild.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_damaged_index_is_rebuilt_at_start_up(app, tmp_path, topic):
    db.session.commit()
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    for segment in index_dir.glob("*.seg"):
        segment.write_bytes(b"not a whoosh segment")
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"garbage")
    restarted = create_app(base_config(tmp_path))
    client = restarted.test_client()
    response = client.get("/search?q=triangular")
    assert response.status_code == 200
    assert f"/t/{topic.id}" in response.get_data(as_text=True)


def _write_topics(tmp_path: str, prefix: str, count: int) -> None:
    """Run in another process: an app of its own writing topics."""
    application = create_app(base_config(Path(tmp_path)))
    with application.app_context():
        from models import User

        author = db.session.scalar(db.select(User))
        for number in range(count):
            discussions.create_topic(author, category("cooperacion-sur-sur"), f"{prefix} tema {number}", f"{prefix}")


def test_two_processes_writing_at_once_lose_nothing(app, tmp_path, member):
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_topics, args=(str(tmp_path), name, 15)) for name in ("alfa", "beta")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    searcher = search_index().searcher()
    from whoosh.query import Term

    for word in ("alfa", "beta"):
        assert len(searcher.search(Term("body_exact", word), limit=None)) == 15
    assert app.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_search_shows_the_form(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200 and 'name="q"' in response.get_data(as_text=True)


def test_topic_page_lists_related_topics(client, member, public_category, topic, make_user):
    related = discussions.create_topic(member, public_category, "Más sobre cooperación triangular", "Seguimiento")
    unrelated = discussions.create_topic(member, public_category, "Calendario de reuniones", "Fechas")
    secret = discussions.create_topic(
        make_user("moderator"), category("secretaria"), "Cooperación triangular: nota interna", "x"
    )
    html = client.get(f"/t/{topic.id}").get_data(as_text=True)
    section = re.search(r"Temas relacionados.*?</section>", html, re.S).group(0)
    assert f"/t/{related.id}" in section
    assert f"/t/{unrelated.id}" not in section and f"/t/{secret.id}" not in section
    assert f'/t/{topic.id}"' not in section


def test_listing_page_hints_at_similar_listings(client, moderator):
    def publish(country, title):
        return cooperation.create_listing(
            moderator,
            {
                "kind": "offer",
                "title": title,
                "description_source": title,
                "sector": "health",
                "modality": "training",
                "country_code": country,
            },
        )

    listing = publish("CU", "Bancos de leche humana")
    similar = publish("BR", "Red de bancos de leche humana")
    other = publish("MX", "Cirugía cardiovascular pediátrica")
    section = re.search(
        r"Fichas parecidas.*?</section>", client.get(f"/listings/{listing.id}").get_data(as_text=True), re.S
    )
    assert f"/listings/{similar.id}" in section.group(0) and f"/listings/{other.id}" not in section.group(0)


def test_searching_an_empty_index_finds_nothing_without_error(client):
    response = client.get("/search?q=cooperación")
    assert response.status_code == 200
    assert "0 resultados" in text_of(response)


# Meeting transcripts ------------------------------------------------------------


def _meeting(chair, title, **fields):
    now = utcnow()
    return meetings.schedule_meeting(
        chair,
        meetings.MeetingFields(
            title=title,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=1),
            chair_id=chair.id,
            space_id=category("cooperacion-sur-sur").space_id,
            **fields,
        ),
    )


def test_a_transcript_is_found_once_the_meeting_ends(client, member, moderator):
    meeting = _meeting(moderator, "Reunión de directores sobre becas")
    said = chat.post_message(member, meeting.room, "Propongo un fondo común de becas amazónicas", "m-1").message
    login(client, member)
    assert found(client, "amazónicas") == []  # live: not yet part of the record
    meetings.close_meeting(moderator, meeting)
    assert found(client, "amazonicas kind:chat") == [f"/chat/{said.id}"]
    assert client.get(f"/chat/{said.id}").headers["Location"].endswith(f"/meetings/{meeting.id}#m{said.id}")
    chat.delete_message(moderator, said, "fuera de lugar")
    assert found(client, "amazónicas") == []


def test_a_meeting_ended_by_the_clock_is_indexed_at_the_next_view(client, member, moderator):
    meeting = _meeting(moderator, "Taller sobre estadísticas de cooperación")
    said = chat.post_message(member, meeting.room, "Los indicadores de resultados pesqueros", "m-1").message
    meeting.ends_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    login(client, member)
    assert client.get("/meetings").status_code == 200
    assert found(client, "pesqueros") == [f"/chat/{said.id}"]


def test_an_invitation_only_transcript_is_found_by_the_secretariat_only(app, client, member, moderator, make_user):
    guest_country = make_user("focal_point", country_code="AR")
    meeting = _meeting(moderator, "Consulta reservada", open_to_all=False, countries=["AR"])
    chat.post_message(guest_country, meeting.room, "Posición sobre aranceles preferenciales", "m-1")
    meetings.close_meeting(moderator, meeting)
    login(client, member)
    assert found(client, "aranceles") == []
    moderator_client = app.test_client()
    login(moderator_client, moderator)
    assert len(found(moderator_client, "aranceles")) == 1
