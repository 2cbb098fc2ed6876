"""Curation: featured posts with a one-line summary, a topic's answer or
conclusion, and the Destacados page by space and period."""

from datetime import UTC, date, datetime, timedelta

import pytest

from forum.curation import services as curation
from forum.discussions import services as discussions
from forum.moderation import services as moderation
from models import ModerationAction, Post, Space, Topic, db, utcnow

from .conftest import category, login, text_of

SUMMARY = "Propone un fondo regional para la cooperación triangular en salud"


@pytest.fixture
def reply(topic, focal_point):
    return discussions.reply(focal_point, topic, "Sugiero un **fondo regional** con aportes de todos")


def audit(action: str) -> list[ModerationAction]:
    return db.session.scalars(db.select(ModerationAction).filter_by(action=action).order_by(ModerationAction.id)).all()


def feature(client, post, summary=SUMMARY, **extra):
    return client.post(f"/p/{post.id}/feature", data={"summary": summary, **extra}, follow_redirects=True)


# Featuring ------------------------------------------------------------------------------


def test_moderator_features_a_post_with_a_summary(client, topic, reply, moderator, member):
    login(client, moderator)
    assert "Resumen de una línea" in text_of(client.get(f"/p/{reply.id}/feature"))
    response = feature(client, reply)
    assert "Mensaje destacado." in text_of(response)
    post = db.session.get(Post, reply.id)
    assert (post.featured_summary, post.featured_by_id) == (SUMMARY, moderator.id) and post.featured_at
    (entry,) = audit("post.feature")
    assert (entry.actor_id, entry.target_id, entry.detail) == (moderator.id, reply.id, SUMMARY)
    client.post("/logout")
    for reader in (None, member):
        if reader:
            login(client, reader)
        page = text_of(client.get(f"/t/{topic.id}"))
        assert f"Destacado {SUMMARY}" in page


def test_editing_the_summary_keeps_the_date_and_is_logged(client, reply, moderator):
    login(client, moderator)
    feature(client, reply)
    featured_at = db.session.get(Post, reply.id).featured_at
    assert "Editar el destacado" in text_of(client.get(f"/p/{reply.id}/feature"))
    assert SUMMARY in client.get(f"/p/{reply.id}/feature").get_data(as_text=True)
    feature(client, reply, "Un fondo regional, con reglas claras")
    post = db.session.get(Post, reply.id)
    assert (post.featured_summary, post.featured_at) == ("Un fondo regional, con reglas claras", featured_at)
    same = client.post(f"/p/{reply.id}/feature", data={"summary": "Un fondo regional, con reglas claras"})
    assert same.status_code == 422 and "El mensaje ya estaba destacado con ese resumen." in text_of(same)
    assert len(audit("post.feature")) == 2


@pytest.mark.parametrize(
    "summary, message",
    [
        ("", "Escriba el resumen de una línea que acompaña al destacado."),
        ("   ", "Escriba el resumen de una línea que acompaña al destacado."),
        ("x" * 301, "El resumen no puede pasar de 300 caracteres (tiene 301)."),
    ],
)
def test_a_summary_is_required_and_short(client, reply, moderator, summary, message):
    login(client, moderator)
    response = client.post(f"/p/{reply.id}/feature", data={"summary": summary})
    assert response.status_code == 422 and message in text_of(response)
    assert db.session.get(Post, reply.id).featured_at is None and audit("post.feature") == []
    if summary.strip():
        assert summary in response.get_data(as_text=True)  # what was typed is kept


def test_unfeaturing_and_doing_it_twice(client, topic, reply, moderator):
    login(client, moderator)
    feature(client, reply)
    response = client.post(f"/p/{reply.id}/unfeature", data={"reason": "ya no es actual"}, follow_redirects=True)
    assert "Destacado retirado." in text_of(response) and SUMMARY not in text_of(response)
    post = db.session.get(Post, reply.id)
    assert (post.featured_at, post.featured_summary) == (None, "")
    (entry,) = audit("post.unfeature")
    assert (entry.reason, entry.detail) == ("ya no es actual", SUMMARY)
    again = client.post(f"/p/{reply.id}/unfeature", follow_redirects=True)
    assert "Este mensaje no está destacado." in text_of(again)


@pytest.mark.parametrize(
    "state, message",
    [
        ("deleted", "Este mensaje fue eliminado."),
        ("hidden", "Este mensaje está oculto por la moderación."),
        ("held", "Este mensaje espera aprobación: apruébelo antes."),
    ],
)
def test_deleted_hidden_or_held_posts_cannot_be_featured(client, topic, make_user, moderator, state, message):
    author = make_user()
    if state == "held":
        db.session.scalar(db.select(Space).filter_by(slug="cooperacion")).review_first_posts = 5
        db.session.commit()
    post = discussions.reply(author, topic, "Un aporte")
    if state == "deleted":
        discussions.delete_post(author, post)
    elif state == "hidden":
        moderation.set_post_hidden(moderator, post, "hide")
    login(client, moderator)
    response = client.post(f"/p/{post.id}/feature", data={"summary": SUMMARY})
    assert response.status_code == 422 and message in text_of(response)
    marked = client.post(f"/p/{post.id}/answer", follow_redirects=True)
    assert message in text_of(marked)
    assert db.session.get(Post, post.id).featured_at is None
    assert db.session.get(Topic, topic.id).answer_post_id is None


@pytest.mark.parametrize("role", ["member", "focal_point"])
def test_only_moderators_feature(client, make_user, reply, topic, role):
    assert client.get(f"/p/{reply.id}/feature").status_code == 302  # guests sign in first
    login(client, make_user(role))
    assert client.get(f"/p/{reply.id}/feature").status_code == 403
    assert client.post(f"/p/{reply.id}/feature", data={"summary": SUMMARY}).status_code == 403
    assert client.post(f"/p/{reply.id}/unfeature").status_code == 403
    assert client.post(f"/p/{reply.id}/answer").status_code == 403
    assert client.post(f"/t/{topic.id}/answer/clear").status_code == 403
    assert "Destacar" not in text_of(client.get(f"/t/{topic.id}"))
    assert db.session.get(Post, reply.id).featured_at is None and audit("post.feature") == []


def test_a_suspended_moderator_cannot_curate(client, reply, moderator):
    moderator.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    login(client, moderator)
    assert client.post(f"/p/{reply.id}/feature", data={"summary": SUMMARY}).status_code == 403
    assert client.post(f"/p/{reply.id}/answer").status_code == 403


def test_admins_curate_too(client, reply, admin):
    login(client, admin)
    assert "Mensaje destacado." in text_of(feature(client, reply))


# A topic's answer or conclusion ------------------------------------------------------------


def test_marking_replacing_and_clearing_the_conclusion(client, topic, reply, focal_point, moderator, member):
    later = discussions.reply(focal_point, topic, "Acordamos una hoja de ruta en tres fases")
    login(client, moderator)
    response = client.post(f"/p/{reply.id}/answer", data={"reason": "resume el acuerdo"}, follow_redirects=True)
    assert "Mensaje marcado como conclusión del tema." in text_of(response)
    client.post("/logout")
    login(client, member)
    page = client.get(f"/t/{topic.id}").get_data(as_text=True)
    box = page[page.index('class="conclusion"') : page.index("</section>", page.index('class="conclusion"'))]
    assert "<strong>fondo regional</strong>" in box and f'href="/p/{reply.id}"' in box
    assert "Conclusión del tema" in text_of(client.get(f"/t/{topic.id}"))
    assert "Con conclusión" in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    client.post("/logout")

    login(client, moderator)
    again = client.post(f"/p/{reply.id}/answer", follow_redirects=True)
    assert "Este mensaje ya es la conclusión del tema." in text_of(again)
    client.post(f"/p/{later.id}/answer")
    assert db.session.get(Topic, topic.id).answer_post_id == later.id
    page = client.get(f"/t/{topic.id}").get_data(as_text=True)
    box = page[page.index('class="conclusion"') : page.index("</section>", page.index('class="conclusion"'))]
    assert "hoja de ruta" in box and "fondo regional" not in box

    cleared = client.post(f"/t/{topic.id}/answer/clear", data={"reason": "debate reabierto"}, follow_redirects=True)
    assert "Conclusión retirada." in text_of(cleared) and 'class="conclusion"' not in cleared.get_data(as_text=True)
    assert db.session.get(Topic, topic.id).answer_post_id is None
    twice = client.post(f"/t/{topic.id}/answer/clear", follow_redirects=True)
    assert "Este tema no tiene una conclusión marcada." in text_of(twice)
    entries = audit("topic.answer")
    assert [entry.detail.split(": ")[-1] for entry in entries] == [
        f"— → #{reply.id}",
        f"#{reply.id} → #{later.id}",
        f"#{later.id} → —",
    ]
    assert [entry.reason for entry in entries] == ["resume el acuerdo", "", "debate reabierto"]


def test_the_opening_post_is_not_a_conclusion(client, topic, moderator):
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
    login(client, moderator)
    response = client.post(f"/p/{opening.id}/answer", follow_redirects=True)
    assert "La conclusión es una de las respuestas" in text_of(response)


def test_a_conclusion_later_hidden_is_not_shown(client, topic, reply, moderator, member):
    login(client, moderator)
    client.post(f"/p/{reply.id}/answer")
    moderation.set_post_hidden(moderator, db.session.get(Post, reply.id), "hide")
    client.post("/logout")
    login(client, member)
    assert 'class="conclusion"' not in client.get(f"/t/{topic.id}").get_data(as_text=True)


# The Destacados page ---------------------------------------------------------------------


SUMMARIES = {
    "march": "Resumen de marzo",
    "august": "Resumen de agosto",
    "september": "Resumen de septiembre",
    "members": "Resumen reservado",
}


def featured_on(post: Post, day: date, summary: str, moderator) -> None:
    curation.feature_post(moderator, post, summary)
    post.featured_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    db.session.commit()


@pytest.fixture
def featured_set(make_user, moderator):
    """Posts featured on known days, in both spaces and in a members-only category."""
    author = make_user(name="Inés Autora")
    cooperation_topic = discussions.create_topic(author, category("cooperacion-sur-sur"), "Salud y cooperación", "x")
    social_topic = discussions.create_topic(author, category("pobreza-e-inclusion"), "Pobreza urbana hoy", "x")
    members_topic = discussions.create_topic(
        author, category("organismos-subregionales"), "Coordinación subregional", "x"
    )
    posts = {
        "march": discussions.reply(author, cooperation_topic, "Aporte de marzo"),
        "august": discussions.reply(author, social_topic, "Aporte de agosto"),
        "september": discussions.reply(author, cooperation_topic, "Aporte de septiembre"),
        "members": discussions.reply(author, members_topic, "Aporte reservado"),
    }
    days = {"march": date(2026, 3, 10), "august": date(2026, 8, 5), "september": date(2026, 9, 30)}
    for name, day in (days | {"members": date(2026, 9, 1)}).items():
        featured_on(posts[name], day, SUMMARIES[name], moderator)
    return posts


def summaries(response) -> list[str]:
    """Which of the fixture's summaries the page shows, in page order."""
    text = text_of(response)
    shown = [name for name, summary in SUMMARIES.items() if summary in text]
    return sorted(shown, key=lambda name: text.index(SUMMARIES[name]))


def test_destacados_lists_newest_featured_first_with_context(client, featured_set):
    page = client.get("/destacados")
    assert page.status_code == 200
    assert summaries(page) == ["september", "august", "march"]  # guests: no members-only posts
    text = text_of(page)
    assert "Salud y cooperación" in text and "Inés Autora" in text and "Foro — Dimensión Social" in text
    assert f'href="/p/{featured_set["september"].id}"' in page.get_data(as_text=True)
    assert 'href="/destacados"' in client.get("/").get_data(as_text=True)  # in the site navigation


def test_members_see_members_only_featured_posts(client, featured_set, member):
    login(client, member)
    assert summaries(client.get("/destacados")) == ["september", "members", "august", "march"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"space": "dimension-social"}, ["august"]),
        ({"space": "cooperacion"}, ["september", "march"]),
        ({"quarter": "2026-T3"}, ["september", "august"]),
        ({"quarter": "2026-t1"}, ["march"]),
        ({"quarter": "2026-T2"}, []),
        ({"start": "2026-08-05", "end": "2026-09-29"}, ["august"]),
        ({"start": "2026-08-06"}, ["september"]),
        ({"end": "2026-08-05"}, ["august", "march"]),
        ({"space": "cooperacion", "quarter": "2026-T3"}, ["september"]),
    ],
)
def test_destacados_filters_by_space_and_period(client, featured_set, params, expected):
    response = client.get("/destacados", query_string=params)
    assert response.status_code == 200 and summaries(response) == expected
    if not expected:
        assert "Ningún mensaje destacado coincide." in text_of(response)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"quarter": "2026-5"}, "Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3."),
        ({"start": "ayer"}, "«ayer» no es una fecha válida (AAAA-MM-DD)."),
        ({"start": "2026-09-01", "end": "2026-08-01"}, "La fecha final es anterior a la de inicio."),
        # Years no calendar arithmetic should meet.
        ({"quarter": "0000-T1"}, "Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3."),
        ({"quarter": "9999-T4"}, "Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3."),
        ({"end": "9999-12-31"}, "«9999-12-31» no es una fecha válida (AAAA-MM-DD)."),
    ],
)
def test_bad_periods_are_explained(client, featured_set, params, message):
    response = client.get("/destacados", query_string=params)
    assert response.status_code == 422 and message in text_of(response)
    for value in params.values():
        assert f'value="{value}"' in response.get_data(as_text=True)


def test_a_space_the_reader_cannot_see_is_404(client):
    assert client.get("/destacados?space=no-existe").status_code == 404


def test_hidden_deleted_or_unfeatured_posts_leave_the_page(client, featured_set, moderator, make_user):
    moderation.set_post_hidden(moderator, featured_set["march"], "hide")
    curation.unfeature_post(moderator, featured_set["august"])
    assert summaries(client.get("/destacados")) == ["september"]
    login(client, moderator)
    assert summaries(client.get("/destacados")) == ["september", "members"]


def test_featured_posts_service_for_the_digest(featured_set):
    """The digest reads as a guest: public items only, within the days given."""
    posts = curation.featured_posts(None, start=date(2026, 7, 1), end=date(2026, 9, 30))
    assert [post.id for post in posts] == [featured_set["september"].id, featured_set["august"].id]
    social = db.session.scalar(db.select(Space).filter_by(slug="dimension-social"))
    assert [post.id for post in curation.featured_posts(None, space=social)] == [featured_set["august"].id]
    assert curation.quarter_dates("2026-T4") == (date(2026, 10, 1), date(2026, 12, 31))


def test_api_shows_the_summary_and_the_conclusion(client, topic, reply, moderator):
    curation.feature_post(moderator, reply, SUMMARY)
    curation.mark_answer(moderator, db.session.get(Post, reply.id))
    body = client.get(f"/api/v1/topics/{topic.id}").json
    assert body["answer_post_id"] == reply.id
    assert [post["featured_summary"] for post in body["posts"]["items"]] == [None, SUMMARY]
