"""The review queue: moderators see flagged items oldest first, with their
context, flags and author's history, and act on them; every action closes the
item's flags, is audited and tells each flagger the outcome."""

from datetime import UTC, datetime, timedelta

import pytest

from forum.discussions import services as discussions
from forum.moderation import flags, review
from models import Category, ChatMessage, Flag, Listing, ModerationAction, Notification, Post, Topic, User, db, utcnow

from .conftest import category, text_of
from .test_chat import connect
from .test_flags import GENERAL, make_chat_message, make_listing, signed_in


def flag(user, kind, item_id, reason="spam", text="", at=None) -> Flag:
    entry = flags.flag(user, kind, item_id, reason, text)
    if at is not None:
        entry.created_at = at
        db.session.commit()
    return entry


def act(client, flag_id, action, **fields):
    return client.post(f"/mod/queue/{flag_id}", data={"action": action, **fields})


def audit(action) -> list[ModerationAction]:
    db.session.commit()
    return db.session.scalars(db.select(ModerationAction).filter_by(action=action)).all()


def notices_of(user) -> list[Notification]:
    db.session.commit()
    return db.session.scalars(db.select(Notification).filter_by(user_id=user.id).order_by(Notification.id)).all()


@pytest.fixture
def reply(topic, member):
    return discussions.reply(member, topic, "Compren en mi tienda: ofertas de temporada")


@pytest.fixture
def reporters(make_user):
    return [make_user(name="Rosa Denunciante"), make_user(name="Tomás Denunciante")]


@pytest.fixture
def moderating(app, moderator):
    return signed_in(app, moderator)


# Who sees the queue ---------------------------------------------------------------


def test_only_moderators_see_the_queue_and_act(app, client, reply, reporters, member, focal_point, admin):
    flagged = flag(reporters[0], "post", reply.id)
    assert "/login" in client.get("/mod/queue").headers["Location"]
    for person in (member, focal_point, reporters[1]):
        browser = signed_in(app, person)
        assert browser.get("/mod/queue").status_code == 403
        assert browser.get(f"/mod/queue/{flagged.id}").status_code == 403
        assert act(browser, flagged.id, "hide").status_code == 403
        assert "/mod/queue" not in browser.get("/").get_data(as_text=True)
    assert db.session.get(Flag, flagged.id).resolved_at is None
    assert db.session.get(Post, reply.id).hidden_at is None
    admin_page = signed_in(app, admin).get("/mod/queue")
    assert admin_page.status_code == 200 and "Compren en mi tienda" in text_of(admin_page)


def test_queue_groups_flags_per_item_oldest_first(app, moderating, topic, member, moderator, reporters, make_user):
    newer = discussions.reply(member, topic, "Respuesta denunciada después")
    older = discussions.reply(member, topic, "Respuesta denunciada antes")
    start = utcnow() - timedelta(hours=5)
    third = flag(reporters[0], "post", newer.id, at=start + timedelta(hours=2))
    first = flag(reporters[0], "post", older.id, "off_topic", at=start)
    flag(reporters[1], "post", older.id, "other", "No tiene que ver con el tema", at=start + timedelta(hours=3))
    second = flag(reporters[1], "topic", topic.id, "duplicate", at=start + timedelta(hours=1))

    html = moderating.get("/mod/queue").get_data(as_text=True)
    page = text_of(moderating.get("/mod/queue"))
    assert "3 contenidos denunciados" in page
    # One entry per item, the one waiting longest first.
    assert html.index(f'id="f{first.id}"') < html.index(f'id="f{second.id}"') < html.index(f'id="f{third.id}"')
    assert html.count('class="queue-entry"') == 3 and "2 denuncias" in page
    assert "Fuera de tema" in page and "No tiene que ver con el tema" in page
    assert "Rosa Denunciante" in page and "Tomás Denunciante" in page  # moderators see who flagged

    second = review.queue(moderator, page=2, per_page=2)
    assert (second.total, second.pages, [entry.target.id for entry in second.items]) == (3, 2, [newer.id])


def test_entry_shows_context_and_the_authors_history(app, moderating, topic, member, reporters, moderator):
    earlier = discussions.reply(member, topic, "Un mensaje anterior")
    review.act(moderator, flag(reporters[0], "post", earlier.id).id, "hide", "spam repetido")
    child = discussions.reply(member, topic, "Respuesta al mensaje de arriba", parent_id=earlier.id)
    member.suspended_until = utcnow() + timedelta(days=1)
    member.suspension_reason = "Publicidad reiterada"
    db.session.commit()
    flagged = flag(reporters[1], "post", child.id, "inappropriate")

    page = text_of(moderating.get(f"/mod/queue/{flagged.id}"))
    assert "Cooperación triangular en salud" in page  # the topic
    assert "Un mensaje anterior" in page and "Respuesta al mensaje de arriba" in page  # parent and post
    assert "Miembro desde" in page and "3 mensajes" in page
    assert f"Mensaje #{earlier.id}: el contenido fue retirado" in page  # an earlier review
    assert "Suspendida hasta el" in page and "Publicidad reiterada" in page


def test_chat_context_shows_the_messages_around(app, moderating, member, reporters):
    for number in range(4):
        make_chat_message(member, f"Mensaje número {number}", client_id=f"n-{number}")
    flagged_message = db.session.scalar(db.select(ChatMessage).filter_by(body_source="Mensaje número 1"))
    page = text_of(moderating.get(f"/mod/queue/{flag(reporters[0], 'chat', flagged_message.id).id}"))
    assert all(f"Mensaje número {number}" in page for number in range(4))
    assert "Mover el tema" not in page and "Cerrar el tema" not in page  # topic actions only for topics


# Actions, as people see them ------------------------------------------------------


def test_hide_a_post_closes_all_its_flags_and_tells_the_flaggers(
    app, client, moderating, topic, reply, reporters, moderator
):
    first = flag(reporters[0], "post", reply.id, at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    flag(reporters[1], "post", reply.id, "inappropriate")
    response = act(moderating, first.id, "hide", reason="Publicidad")
    assert response.status_code == 302
    assert "Denuncias atendidas: el contenido fue retirado." in text_of(moderating.get("/mod/queue"))

    guest_page = text_of(client.get(f"/t/{topic.id}"))
    assert "Mensaje oculto por la moderación." in guest_page and "Compren en mi tienda" not in guest_page
    db.session.commit()
    assert all(
        (each.resolved_by_id, each.outcome) == (moderator.id, "hide") and each.resolved_at
        for each in db.session.scalars(db.select(Flag))
    )
    assert [entry.reason for entry in audit("post.hide")] == ["Publicidad"]
    assert "No hay denuncias pendientes." in text_of(moderating.get("/mod/queue"))

    notices = signed_in(app, reporters[0]).get("/notifications")
    assert (
        "Su denuncia del 15 ene 2026 sobre «Cooperación triangular en salud» fue revisada: el contenido fue retirado."
        in text_of(notices)
    )
    assert len(notices_of(reporters[1])) == 1


def test_flaggers_read_the_outcome_in_their_own_language(app, moderating, reply, reporters):
    first = flag(reporters[0], "post", reply.id, at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    act(moderating, first.id, "dismiss")
    reporters[0].language = "en"
    db.session.commit()
    page = signed_in(app, reporters[0]).get("/notifications").get_data(as_text=True)
    # Written when read, in the reader's language: the stored notice holds codes, not text.
    assert '<html lang="en">' in page and "15 Jan 2026" in page and "15 ene 2026" not in page
    assert notices_of(reporters[0])[0].data["outcome"] == "dismiss"


def test_dismiss_changes_nothing_but_the_flags(app, client, moderating, topic, reply, reporters):
    flagged = flag(reporters[0], "post", reply.id)
    act(moderating, flagged.id, "dismiss", reason="No infringe las normas")
    assert "Compren en mi tienda" in text_of(client.get(f"/t/{topic.id}"))
    assert db.session.get(Flag, flagged.id).outcome == "dismiss"
    [entry] = audit("flag.dismiss")
    assert (entry.target_type, entry.target_id, entry.reason) == ("post", reply.id, "No infringe las normas")
    assert "no se tomaron medidas" in text_of(signed_in(app, reporters[0]).get("/notifications"))


def test_hide_a_topic(app, moderating, topic, reporters, make_user):
    act(moderating, flag(reporters[0], "topic", topic.id).id, "hide")
    assert signed_in(app, make_user()).get(f"/t/{topic.id}").status_code == 404
    assert db.session.get(Topic, topic.id).hidden is True and len(audit("topic.hide")) == 1


def test_hide_a_listing_takes_it_out_of_every_list(app, client, moderating, reporters, make_user):
    owner = make_user("focal_point", country_code="PE")
    listing = make_listing(owner, title="Ficha de publicidad encubierta")
    act(moderating, flag(reporters[0], "listing", listing.id).id, "hide", reason="Publicidad")

    assert db.session.get(Listing, listing.id).hidden_at is not None
    assert [entry.action for entry in audit("listing.hide")] == ["listing.hide"]
    for browser in (client, signed_in(app, reporters[1]), signed_in(app, owner)):
        assert browser.get(f"/listings/{listing.id}").status_code == 404
        for page in ("/listings", "/countries/PE", "/search?q=publicidad+encubierta", "/listings/export.csv"):
            assert "Ficha de publicidad encubierta" not in browser.get(page).get_data(as_text=True), page
        assert browser.get("/api/v1/listings").get_json()["total"] == 0
        assert browser.get(f"/api/v1/listings/{listing.id}").status_code == 404
    shown = moderating.get(f"/listings/{listing.id}")
    assert shown.status_code == 200 and "Oculta por la moderación" in text_of(shown)
    assert "Ficha de publicidad encubierta" in text_of(moderating.get("/search?q=publicidad+encubierta"))

    moderating.post(f"/listings/{listing.id}/visibility", data={"action": "unhide"})
    assert client.get(f"/listings/{listing.id}").status_code == 200
    assert len(audit("listing.unhide")) == 1


def test_hide_a_chat_message_deletes_it_for_the_room(app, moderating, member, reporters):
    message = make_chat_message(member, "Insulto en la sala")
    watcher = connect(app, reporters[1])
    watcher.join(GENERAL)
    act(moderating, flag(reporters[0], "chat", message.id).id, "hide", reason="Lenguaje ofensivo")
    assert watcher.events("message_deleted") == [{"id": message.id, "room": GENERAL}]
    page = text_of(signed_in(app, reporters[1]).get(f"/rooms/{GENERAL}"))
    assert "Insulto en la sala" not in page and "Mensaje eliminado." in page
    [entry] = audit("chat.delete")
    assert (entry.target_id, entry.reason) == (message.id, "Lenguaje ofensivo")


@pytest.mark.parametrize("kind", ["post", "topic", "listing", "chat"])
def test_edit_replaces_the_text_readers_see(app, client, moderating, topic, reply, member, reporters, kind, make_user):
    item_id, page, audited = {
        "post": (reply.id, f"/t/{topic.id}", "post.edit"),
        "topic": (topic.id, f"/t/{topic.id}", "post.edit"),
        "listing": (make_listing(make_user("focal_point", country_code="PE")).id, None, "listing.edit"),
        "chat": (make_chat_message(member).id, f"/rooms/{GENERAL}", "chat.edit"),
    }[kind]
    page = page or f"/listings/{item_id}"
    response = act(
        moderating, flag(reporters[0], kind, item_id).id, "edit", text="Texto **corregido** por la moderación"
    )
    assert response.status_code == 302
    shown = signed_in(app, reporters[1]).get(page).get_data(as_text=True)
    assert "Texto <strong>corregido</strong> por la moderación" in shown
    assert len(audit(audited)) == 1
    assert "la moderación editó el contenido" in text_of(signed_in(app, reporters[0]).get("/notifications"))


def test_move_and_lock_a_topic(app, client, moderating, topic, reply, reporters, member):
    destination = category("experiencias-exitosas")
    act(moderating, flag(reporters[0], "post", reply.id).id, "move", category_id=str(destination.id))
    assert "Cooperación triangular en salud" in text_of(client.get("/c/cooperacion/experiencias-exitosas"))
    assert db.session.get(Topic, topic.id).category_id == destination.id and len(audit("topic.move")) == 1

    act(moderating, flag(reporters[0], "topic", topic.id).id, "lock", reason="Debate agotado")
    author = signed_in(app, member)
    refused = author.post(f"/t/{topic.id}/reply", data={"body": "Una respuesta más"})
    assert refused.status_code == 403 and "Este tema está cerrado" in text_of(refused)
    assert [entry.reason for entry in audit("topic.lock")] == ["Debate agotado"]


def test_warn_the_author_without_naming_the_flaggers(app, moderating, reply, member, reporters):
    first = flag(reporters[0], "post", reply.id)
    flag(reporters[1], "post", reply.id)
    act(moderating, first.id, "warn", text="Evite la publicidad en los debates.", reason="Primera advertencia")
    author = signed_in(app, member)
    assert "Avisos 1" in text_of(author.get("/"))
    page = text_of(author.get("/notifications"))
    assert "Advertencia de la moderación sobre «Cooperación triangular en salud»: Evite la publicidad" in page
    assert "Rosa Denunciante" not in page and "Tomás Denunciante" not in page
    assert "Marta Moderadora" not in page
    [entry] = audit("user.warn")
    assert (entry.target_type, entry.target_id, entry.reason) == ("user", member.id, "Primera advertencia")
    assert "la moderación advirtió a su autor" in text_of(signed_in(app, reporters[1]).get("/notifications"))


def test_suspend_the_author(app, moderating, topic, reply, member, reporters):
    act(moderating, flag(reporters[0], "post", reply.id).id, "suspend", days="3", reason="Publicidad reiterada")
    suspended = db.session.get(User, member.id)
    assert suspended.suspended_until > utcnow() + timedelta(days=2, hours=23)
    author = signed_in(app, member)
    page = text_of(author.get(f"/t/{topic.id}"))
    assert "Su cuenta está suspendida hasta el" in page and "Publicidad reiterada" in page  # the banner
    refused = author.post(f"/t/{topic.id}/reply", data={"body": "Quiero responder"})
    assert refused.status_code == 403
    assert "Su cuenta está suspendida hasta el" in text_of(refused) and "Publicidad reiterada" in text_of(refused)
    assert [entry.reason for entry in audit("user.suspend")] == ["Publicidad reiterada"]


# Refusals -------------------------------------------------------------------------


def test_acting_on_flags_already_handled_changes_nothing(app, moderating, reply, reporters, make_user, topic):
    flagged = flag(reporters[0], "post", reply.id)
    other = signed_in(app, make_user("moderator", name="Otra Moderadora"))
    act(other, flagged.id, "dismiss")
    late = act(moderating, flagged.id, "hide")
    assert late.status_code == 302
    message = text_of(moderating.get("/mod/queue"))
    assert "Estas denuncias ya fueron atendidas por Otra Moderadora (no se tomaron medidas)." in message
    assert db.session.get(Post, reply.id).hidden_at is None
    assert db.session.get(Flag, flagged.id).outcome == "dismiss" and audit("post.hide") == []
    assert len(notices_of(reporters[0])) == 1
    assert moderating.get(f"/mod/queue/{flagged.id}").status_code == 302
    assert act(moderating, 99999, "dismiss").status_code == 404


def test_bad_input_keeps_what_was_typed_and_the_flags_open(app, moderating, reply, reporters):
    flagged = flag(reporters[0], "post", reply.id)
    cases = [
        ({"action": "warn", "text": " ", "reason": "motivo escrito"}, "Escriba la advertencia que recibirá el autor."),
        ({"action": "move", "category_id": "99999"}, "Elija la categoría a la que mover el tema."),
        ({"action": "suspend", "days": "mil", "reason": "Spam"}, "Indique entre 1 y 365 días."),
        ({"action": "suspend", "days": "3"}, "Explique el motivo de la suspensión"),
        ({"action": "edit", "text": reply.body_source}, "El texto no cambió"),
        ({"action": "edit", "text": ""}, "Escriba el texto del mensaje."),
        ({"action": "explode"}, "Elija una acción: dismiss, hide, edit, move, lock, warn, suspend."),
        ({"action": "dismiss", "reason": "x" * 501}, "El motivo no puede pasar de 500 caracteres."),
    ]
    for data, message in cases:
        response = moderating.post(f"/mod/queue/{flagged.id}", data=data)
        assert response.status_code == 422, data
        assert message in text_of(response), data
    typed = moderating.post(f"/mod/queue/{flagged.id}", data=cases[0][0]).get_data(as_text=True)
    assert 'value="motivo escrito"' in typed
    db.session.commit()
    assert db.session.get(Flag, flagged.id).resolved_at is None
    assert db.session.scalar(db.select(db.func.count()).select_from(ModerationAction)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) == 0


def test_action_on_an_item_deleted_since_only_dismisses(app, moderating, reply, member, reporters):
    flagged = flag(reporters[0], "post", reply.id)
    discussions.delete_post(member, reply)
    page = text_of(moderating.get("/mod/queue"))
    assert "Este contenido fue eliminado después de la denuncia." in page
    assert "Descartar las denuncias" in page and "Suspender a su autor" not in page
    refused = act(moderating, flagged.id, "hide")
    assert refused.status_code == 422 and "solo puede descartar las denuncias" in text_of(refused)
    assert act(moderating, flagged.id, "dismiss").status_code == 302
    assert db.session.get(Flag, flagged.id).outcome == "dismiss"


def test_a_suspended_moderator_reads_the_queue_but_cannot_act(app, reply, reporters, make_user):
    moderator = make_user("moderator")
    moderator.suspended_until = utcnow() + timedelta(days=1)
    moderator.suspension_reason = "Revisión interna"
    db.session.commit()
    flagged = flag(reporters[0], "post", reply.id)
    browser = signed_in(app, moderator)
    assert browser.get("/mod/queue").status_code == 200
    refused = act(browser, flagged.id, "dismiss")
    assert refused.status_code == 403 and "Revisión interna" in text_of(refused)
    assert db.session.get(Flag, flagged.id).resolved_at is None


def test_moving_to_a_category_keeps_counters(app, moderating, topic, reply, reporters):
    destination = category("experiencias-exitosas")
    act(moderating, flag(reporters[0], "topic", topic.id).id, "move", category_id=str(destination.id))
    assert db.session.get(Category, destination.id).topic_count == 1


def test_a_moderator_cannot_suspend_an_admin_from_the_queue(app, moderating, topic, admin, reporters):
    post = discussions.reply(admin, topic, "Mensaje de la administración")
    flagged = flag(reporters[0], "post", post.id)
    assert "Suspender a su autor" not in text_of(moderating.get("/mod/queue"))
    refused = act(moderating, flagged.id, "suspend", days="2", reason="Desacuerdo")
    assert refused.status_code == 403 and "Solo la administración puede suspender" in text_of(refused)
    assert db.session.get(Flag, flagged.id).resolved_at is None
    assert db.session.get(User, admin.id).suspended_until is None
