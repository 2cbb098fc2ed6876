"""Flags: any member reports a topic, a post, a cooperation listing or a chat
message to the moderators, once, with a reason; never their own; never
something they cannot read. (Helpers here serve the other moderation tests.)"""

from datetime import timedelta

import pytest

from forum.auth import services as accounts
from forum.cooperation import services as cooperation
from forum.discussions import services as discussions
from forum.errors import Conflict
from forum.meetings import chat
from forum.moderation import flags
from forum.moderation import services as moderation
from models import FLAG_REASONS, Flag, Post, db, utcnow

from .conftest import category, login, text_of

GENERAL = "sala-general-cooperacion"
FOCAL_POINTS = "grupo-puntos-focales"


# Helpers (also used by the review, notification, suspension and API tests) ------------


def signed_in(app, user):
    """A browser of its own for `user`."""
    return login(app.test_client(), user)


def make_listing(author, title="Formación de parteras comunitarias", **fields):
    data = {
        "kind": "offer",
        "title": title,
        "description_source": "Cursos de **formación** para parteras.",
        "sector": "health",
        "modality": "training",
    }
    data.update(fields)
    return cooperation.create_listing(author, data)


def make_chat_message(author, body="Mensaje en la sala general", room=GENERAL, client_id="c-1"):
    return chat.post_message(author, chat.get_room(author, room), body, client_id).message


def make_item(kind, author, topic, focal_point=None):
    """An item of `kind` written by `author` (a listing by a focal point), and the page showing it."""
    if kind == "topic":
        return topic.id, f"/t/{topic.id}"
    if kind == "post":
        post = discussions.reply(author, topic, "Una respuesta fuera de lugar")
        return post.id, f"/t/{topic.id}"
    if kind == "listing":
        listing = make_listing(focal_point)
        return listing.id, f"/listings/{listing.id}"
    message = make_chat_message(author)
    return message.id, f"/rooms/{GENERAL}"


def flag_count(**where) -> int:
    db.session.commit()
    return db.session.scalar(db.select(db.func.count()).select_from(Flag).filter_by(**where))


# Flagging each kind -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["topic", "post", "listing", "chat"])
def test_a_member_flags_each_kind_from_its_page(app, kind, topic, member, make_user):
    item_id, page = make_item(kind, member, topic, focal_point=make_user("focal_point", country_code="PE"))
    reader = make_user(name="Rosa Lectora")
    client = signed_in(app, reader)

    assert f"/flag/{kind}/{item_id}" in client.get(page).get_data(as_text=True)
    form = client.get(f"/flag/{kind}/{item_id}")
    assert form.status_code == 200
    for label in flags.REASON_LABELS.values():
        assert str(label) in text_of(form)

    response = client.post(f"/flag/{kind}/{item_id}", data={"reason": "spam", "text": "Publicidad"})
    assert response.status_code == 302
    back = client.get(response.headers["Location"], follow_redirects=True)
    assert "Gracias: los moderadores revisarán su denuncia." in text_of(back)
    stored = db.session.scalar(db.select(Flag))
    assert (stored.reporter_id, stored.target_type, stored.target_id, stored.reason, stored.text) == (
        reader.id,
        kind,
        item_id,
        "spam",
        "Publicidad",
    )
    assert stored.resolved_at is None


@pytest.mark.parametrize("reason", FLAG_REASONS)
def test_every_reason_is_accepted(app, topic, member, make_user, reason):
    post = discussions.reply(member, topic, "Respuesta")
    client = signed_in(app, make_user())
    response = client.post(f"/flag/post/{post.id}", data={"reason": reason, "text": "Lo explico aquí."})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Flag.reason)) == reason


def test_no_reason_or_other_without_text_is_refused_and_keeps_what_was_typed(app, topic, member, make_user):
    post = discussions.reply(member, topic, "Respuesta")
    client = signed_in(app, make_user())
    no_reason = client.post(f"/flag/post/{post.id}", data={"text": "Me parece mal"})
    assert no_reason.status_code == 422
    assert "Elija el motivo de la denuncia." in text_of(no_reason) and "Me parece mal" in text_of(no_reason)
    unexplained = client.post(f"/flag/post/{post.id}", data={"reason": "other", "text": "  "})
    assert unexplained.status_code == 422 and "Explique el motivo de la denuncia." in text_of(unexplained)
    too_long = client.post(f"/flag/post/{post.id}", data={"reason": "spam", "text": "x" * 501})
    assert too_long.status_code == 422 and "no puede pasar de 500 caracteres" in text_of(too_long)
    unknown = client.post(f"/flag/post/{post.id}", data={"reason": "aburrido"})
    assert unknown.status_code == 422 and "Motivo desconocido" in text_of(unknown)
    assert flag_count() == 0


def test_one_flag_per_person_per_item(app, topic, member, make_user):
    post = discussions.reply(member, topic, "Respuesta")
    client = signed_in(app, make_user())
    client.post(f"/flag/post/{post.id}", data={"reason": "spam"})
    page = client.get(f"/flag/post/{post.id}")
    assert "Ya denunció este mensaje." in text_of(page) and "Enviar la denuncia" not in text_of(page)
    again = client.post(f"/flag/post/{post.id}", data={"reason": "off_topic"}, follow_redirects=True)
    assert "Ya denunció este mensaje." in text_of(again)
    assert flag_count() == 1


def test_two_flags_at_once_store_one(app, topic, member, make_user, monkeypatch):
    """A double click: both requests pass the check before either writes; the
    unique constraint keeps one and the second gets the same clear message."""
    post = discussions.reply(member, topic, "Respuesta")
    reader = make_user()
    monkeypatch.setattr(flags, "has_flagged", lambda user, target: False)
    flags.flag(reader, "post", post.id, "spam")
    with pytest.raises(Conflict, match="Ya denunció este mensaje."):
        flags.flag(reader, "post", post.id, "spam")
    assert flag_count() == 1


def test_nobody_flags_their_own_item_but_moderators_may(app, topic, member, moderator):
    post = discussions.reply(member, topic, "Mi propia respuesta")
    client = signed_in(app, member)
    assert f"/flag/post/{post.id}" not in client.get(f"/t/{topic.id}").get_data(as_text=True)
    refused = client.get(f"/flag/post/{post.id}")
    assert refused.status_code == 403 and "No puede denunciar lo que usted mismo escribió." in text_of(refused)
    assert client.post(f"/flag/post/{post.id}", data={"reason": "spam"}).status_code == 403

    own = discussions.reply(moderator, topic, "Nota de la moderación")
    moderator_client = signed_in(app, moderator)
    assert moderator_client.post(f"/flag/post/{own.id}", data={"reason": "duplicate"}).status_code == 302
    assert flag_count() == 1


def test_what_a_person_cannot_read_cannot_be_flagged(app, topic, member, focal_point, moderator, make_user):
    delegates_topic = discussions.create_topic(
        focal_point, category("posiciones-regionales"), "Posición sobre financiamiento", "Texto reservado"
    )
    hidden = discussions.reply(focal_point, topic, "Respuesta que la moderación ocultó")
    hidden.hidden_at = utcnow()
    hidden_listing = make_listing(focal_point)
    hidden_listing.hidden_at = utcnow()
    deleted = discussions.reply(focal_point, topic, "Respuesta borrada")
    discussions.delete_post(focal_point, deleted)
    reserved = make_chat_message(focal_point, room=FOCAL_POINTS)
    db.session.commit()

    client = signed_in(app, make_user())
    for url in (
        f"/flag/topic/{delegates_topic.id}",
        f"/flag/post/{hidden.id}",
        f"/flag/post/{deleted.id}",
        f"/flag/listing/{hidden_listing.id}",
        f"/flag/chat/{reserved.id}",
        "/flag/post/99999",
        f"/flag/meeting/{topic.id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert client.post(url, data={"reason": "spam"}).status_code == 404, url
    assert flag_count() == 0


def test_guests_are_sent_to_sign_in(client, topic):
    response = client.get(f"/flag/topic/{topic.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/flag/topic/{topic.id}", data={"reason": "spam"}).status_code == 302
    assert f"/flag/topic/{topic.id}" not in client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert flag_count() == 0


def test_a_suspended_person_cannot_flag(app, topic, make_user):
    reader = make_user()
    reader.suspended_until = utcnow() + timedelta(days=2)
    reader.suspension_reason = "Mensajes reiterados fuera de tema"
    db.session.commit()
    client = signed_in(app, reader)
    assert f"/flag/topic/{topic.id}" not in client.get(f"/t/{topic.id}").get_data(as_text=True)
    refused = client.post(f"/flag/topic/{topic.id}", data={"reason": "spam"})
    assert refused.status_code == 403
    assert "Su cuenta está suspendida hasta el" in text_of(refused)
    assert "Mensajes reiterados fuera de tema" in text_of(refused)
    assert flag_count() == 0


def test_chat_messages_carry_the_link_with_and_without_javascript(app, member, make_user):
    message = make_chat_message(member)
    page = signed_in(app, make_user()).get(f"/rooms/{GENERAL}").get_data(as_text=True)
    assert f'href="/flag/chat/{message.id}"' in page  # the no-JS list
    assert 'data-flag-url="/flag/chat/"' in page and 'data-t-flag="Denunciar"' in page  # what chat.js builds on
    own_page = signed_in(app, member).get(f"/rooms/{GENERAL}").get_data(as_text=True)
    assert f'href="/flag/chat/{message.id}"' not in own_page


def test_the_flagged_author_sees_no_trace_of_the_flag(app, topic, member, make_user):
    post = discussions.reply(member, topic, "Respuesta discutida")
    reporter = make_user(name="Quien Denuncia")
    signed_in(app, reporter).post(f"/flag/post/{post.id}", data={"reason": "inappropriate"})
    author = signed_in(app, member)
    for url in (f"/t/{topic.id}", "/notifications", f"/u/{member.id}"):
        assert "Quien Denuncia" not in text_of(author.get(url)), url


def test_flagging_a_topic_shows_its_opening_post_only_as_the_reader_may_read_it(app, topic, make_user, moderator):
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
    moderation.set_post_hidden(moderator, opening, "hide")
    page = text_of(signed_in(app, make_user()).get(f"/flag/topic/{topic.id}"))
    assert "Mensaje oculto por la moderación." in page
    assert opening.body_source not in page


@pytest.mark.parametrize("item_id", [10**20, 0, -3])
def test_ids_no_column_holds_are_refused_cleanly(app, member, item_id):
    client = signed_in(app, member)
    token = accounts.issue_token(member)[1]
    response = client.post(
        "/api/v1/flags",
        json={"kind": "post", "id": item_id, "reason": "spam"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422 and "id" in response.json["errors"]
    assert client.get(f"/flag/post/{10**20}").status_code == 404
    assert client.get(f"/t/{10**20}").status_code == 404
