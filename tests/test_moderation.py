import pytest

from forum.discussions import services
from forum.moderation.services import ACTION_LABELS, AUDIT_ACTIONS
from models import Category, ModerationAction, Post, Topic, db

from .conftest import category, login, text_of


@pytest.mark.parametrize(
    "action, attribute, value",
    [
        ("pin", "pinned", True),
        ("lock", "locked", True),
        ("hide", "hidden", True),
    ],
)
def test_moderator_flags_topic_and_it_is_logged(client, topic, moderator, action, attribute, value):
    login(client, moderator)
    response = client.post(f"/t/{topic.id}/moderate", data={"action": action, "reason": "según las normas"})
    assert response.status_code == 302
    assert getattr(db.session.get(Topic, topic.id), attribute) is value
    entry = db.session.scalar(db.select(ModerationAction))
    assert (entry.actor_id, entry.action, entry.target_id, entry.reason) == (
        moderator.id,
        f"topic.{action}",
        topic.id,
        "según las normas",
    )
    log = text_of(client.get("/mod/log"))
    assert str(ACTION_LABELS[f"topic.{action}"]) in log and "según las normas" in log and moderator.name in log


def test_repeating_an_action_says_so(client, topic, moderator):
    login(client, moderator)
    client.post(f"/t/{topic.id}/moderate", data={"action": "lock"})
    again = client.post(f"/t/{topic.id}/moderate", data={"action": "lock"}, follow_redirects=True)
    assert "El tema ya estaba en ese estado." in text_of(again)
    unknown = client.post(f"/t/{topic.id}/moderate", data={"action": "explode"}, follow_redirects=True)
    assert "Acción desconocida." in text_of(unknown)
    assert db.session.scalar(db.select(db.func.count()).select_from(ModerationAction)) == 1


def test_hidden_topic_disappears_for_members_not_moderators(client, topic, moderator, member):
    login(client, moderator)
    client.post(f"/t/{topic.id}/moderate", data={"action": "hide"})
    assert "Cooperación triangular en salud" in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    client.post("/logout")
    login(client, member)
    assert "Cooperación triangular en salud" not in text_of(client.get("/c/cooperacion/cooperacion-sur-sur"))
    assert client.get(f"/t/{topic.id}").status_code == 404


def test_pinned_topic_goes_first(client, topic, member, moderator, public_category):
    services.create_topic(member, public_category, "Tema más reciente", "x")
    login(client, moderator)
    client.post(f"/t/{topic.id}/moderate", data={"action": "pin"})
    page = client.get("/c/cooperacion/cooperacion-sur-sur").get_data(as_text=True)
    assert page.index("Cooperación triangular en salud") < page.index("Tema más reciente")


def test_move_topic_updates_both_categories(client, topic, moderator, member):
    services.reply(member, topic, "una respuesta")
    destination = category("experiencias-exitosas")
    login(client, moderator)
    form = client.get(f"/t/{topic.id}/move").get_data(as_text=True)
    assert "Experiencias exitosas" in form
    response = client.post(f"/t/{topic.id}/move", data={"category_id": destination.id, "reason": "mejor ubicado"})
    assert response.status_code == 302
    origin = category("cooperacion-sur-sur")
    destination = db.session.get(Category, destination.id)
    assert db.session.get(Topic, topic.id).category_id == destination.id
    assert (origin.topic_count, origin.post_count) == (0, 0)
    assert (destination.topic_count, destination.post_count) == (1, 2)
    entry = db.session.scalar(db.select(ModerationAction))
    assert entry.action == "topic.move" and "Experiencias exitosas" in entry.detail


def test_hidden_post_shows_placeholder_to_members(client, topic, moderator, member):
    reply = services.reply(member, topic, "Contenido fuera de lugar")
    login(client, moderator)
    client.post(f"/p/{reply.id}/moderate", data={"action": "hide", "reason": "ofensivo"})
    assert "Contenido fuera de lugar" in text_of(client.get(f"/t/{topic.id}"))
    client.post("/logout")
    page = text_of(client.get(f"/t/{topic.id}"))
    assert "Mensaje oculto por la moderación." in page and "Contenido fuera de lugar" not in page
    assert db.session.get(Post, reply.id).hidden_by_id == moderator.id
    log = db.session.scalar(db.select(ModerationAction))
    assert (log.action, log.target_type, log.reason) == ("post.hide", "post", "ofensivo")


def test_members_cannot_moderate(client, topic, member, focal_point):
    for person in (member, focal_point):
        login(client, person)
        assert client.post(f"/t/{topic.id}/moderate", data={"action": "pin"}).status_code == 403
        assert client.get("/mod/log").status_code == 403
        client.post("/logout")
    assert db.session.get(Topic, topic.id).pinned is False


def test_audit_log_filters_by_action(client, topic, moderator):
    login(client, moderator)
    client.post(f"/t/{topic.id}/moderate", data={"action": "pin"})
    client.post(f"/t/{topic.id}/moderate", data={"action": "lock"})
    filtered = client.get("/mod/log?action=topic.lock").get_data(as_text=True)
    assert "<td>Tema cerrado</td>" in filtered and "<td>Tema fijado</td>" not in filtered


def test_every_audited_action_has_a_label():
    assert set(ACTION_LABELS) == set(AUDIT_ACTIONS)
