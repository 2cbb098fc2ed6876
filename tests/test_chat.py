"""The chat rooms through the real stack: Socket.IO events (Flask-SocketIO's
test client, signed in with the session cookie or an API token), the
no-JavaScript form and the JSON API."""

import contextvars
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.auth import services as accounts
from forum.extensions import socketio
from forum.meetings import chat
from forum.meetings import services as meetings
from models import ChatMessage, ModerationAction, User, db, utcnow

from .conftest import category, login

GENERAL = "sala-general-cooperacion"
OTHER = "sala-general-dimension-social"
FOCAL_POINTS = "grupo-puntos-focales"


# Helpers (also used by tests/test_meetings.py) -------------------------------------


def isolated(function, *args, **kwargs):
    """Run a socket call as its own request would: its own app context, `g`
    and database session (as conftest.IsolatedClient does for HTTP). The
    test's session ends its transaction first and forgets what it loaded
    after, so each side reads what the other wrote."""
    db.session.commit()
    result = contextvars.Context().run(function, *args, **kwargs)
    db.session.expire_all()
    return result


class Socket:
    """One browser tab's Socket.IO connection."""

    def __init__(self, app, http=None, token=None):
        self.http = http
        self.raw = isolated(socketio.test_client, app, flask_test_client=http, auth={"token": token} if token else None)

    @property
    def connected(self) -> bool:
        return self.raw.is_connected()

    def emit(self, event: str, data: dict | None = None) -> dict:
        return isolated(self.raw.emit, event, data or {}, callback=True)

    def join(self, room: str, **data) -> dict:
        answer = self.emit("join", {"room": room, **data})
        assert answer["ok"], answer
        return answer

    def send(self, room: str, body: str, client_id: str) -> dict:
        return self.emit("send", {"room": room, "body": body, "client_id": client_id})

    def events(self, name: str | None = None) -> list:
        """The payloads received since the last call (of one event, or all as (name, payload))."""
        received = []
        for packet in self.raw.get_received():
            # The test client hands the `message` event's payload unwrapped.
            payload = packet["args"] if packet["name"] == "message" else packet["args"][0]
            received.append((packet["name"], payload))
        if name is None:
            return received
        return [payload for event, payload in received if event == name]

    def drop(self) -> None:
        """The connection goes away; whatever was in flight is lost."""
        self.raw.queue.clear()
        isolated(self.raw.disconnect)


def connect(app, user: User, **kwargs) -> Socket:
    """A signed-in browser tab (its own Flask client and session cookie)."""
    socket = Socket(app, login(app.test_client(), user), **kwargs)
    assert socket.connected
    return socket


def schedule(moderator: User, title="Reunión de prueba", starts=-60, ends=60, **fields):
    """A meeting starting and ending `starts`/`ends` minutes from now."""
    now = utcnow()
    return meetings.schedule_meeting(
        moderator,
        meetings.MeetingFields(
            title=title,
            starts_at=now + timedelta(minutes=starts),
            ends_at=now + timedelta(minutes=ends),
            chair_id=moderator.id,
            space_id=category("cooperacion-sur-sur").space_id,
            **fields,
        ),
    )


def stored(**where) -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(ChatMessage).filter_by(**where))


def ids(messages) -> list[int]:
    return [message["id"] for message in messages]


# Connecting --------------------------------------------------------------------------


def test_guests_and_bad_tokens_are_refused(app, member):
    assert not Socket(app).connected
    assert not Socket(app, app.test_client()).connected
    assert not Socket(app, token="no-es-un-token").connected
    token, secret = accounts.issue_token(member)
    accounts.revoke_token(member, token.id)
    assert not Socket(app, token=secret).connected


def test_token_signs_in_and_a_revoked_token_stops_the_next_event(app, member):
    token, secret = accounts.issue_token(member)
    socket = Socket(app, token=secret)
    assert socket.connected
    joined = socket.join(GENERAL)
    assert [person["id"] for person in joined["people"]] == [member.id]
    assert socket.send(GENERAL, "Con token", "t-1")["ok"]

    accounts.revoke_token(member, token.id)
    answer = socket.send(GENERAL, "Después de revocar", "t-2")
    assert answer["ok"] is False and answer["status"] == 401
    assert "vuelva a identificarse" in answer["error"]
    assert socket.emit("history", {"room": GENERAL})["status"] == 401
    assert stored() == 1


# Joining and presence ----------------------------------------------------------------


def test_join_returns_recent_history_in_order_and_people_present(app, member, moderator):
    room = db.session.scalar(sa.select(chat.Room).filter_by(slug=GENERAL))
    posted = [chat.post_message(moderator, room, f"Mensaje {n}", f"h-{n}").message.id for n in range(1, 4)]
    first = connect(app, moderator)
    first.join(GENERAL)
    first.events()

    answer = connect(app, member).join(GENERAL)
    assert ids(answer["messages"]) == posted
    assert [m["body_html"] for m in answer["messages"]] == [f"<p>Mensaje {n}</p>\n" for n in range(1, 4)]
    assert answer["more"] is False and answer["can_send"] is True
    assert {person["id"] for person in answer["people"]} == {member.id, moderator.id}
    # The others hear of the arrival alone, not the whole list again.
    [presence] = first.events("presence")
    assert presence == {"room": GENERAL, "joined": {"id": member.id, "name": member.name, "affiliation": ""}}


def test_a_person_stays_present_until_their_last_tab_closes(app, member, moderator):
    watcher = connect(app, moderator)
    watcher.join(GENERAL)
    http = login(app.test_client(), member)
    tab1, tab2 = Socket(app, http), Socket(app, http)
    tab1.join(GENERAL)
    tab2.join(GENERAL)
    watcher.events()

    tab1.drop()
    assert watcher.events("presence") == []  # still there in the other tab
    tab2.drop()
    [event] = watcher.events("presence")
    assert event["left"]["id"] == member.id
    assert [person["id"] for person in connect(app, moderator).join(GENERAL)["people"]] == [moderator.id]


# Sending -------------------------------------------------------------------------------


def test_a_message_is_stored_before_it_is_broadcast_and_reaches_only_its_room(app, member, moderator, make_user):
    alice, bruno, carla = member, moderator, make_user(name="Carla")
    a, b, c = connect(app, alice), connect(app, bruno), connect(app, carla)
    a.join(GENERAL)
    b.join(GENERAL)
    c.join(OTHER)
    for socket in (a, b, c):
        socket.events()

    # Note, at the moment the broadcast reaches B, whether another connection
    # to the database can already read the message.
    in_database_at_broadcast = []

    class Watched(list):
        def append(self, packet):
            if packet["name"] == "message":
                with db.engine.connect() as other:
                    found = other.execute(sa.select(ChatMessage.id).filter_by(id=packet["args"]["id"])).first()
                in_database_at_broadcast.append(found is not None)
            super().append(packet)

    b.raw.queue = Watched()
    answer = a.send(GENERAL, "Hola a **todos**", "m-1")
    assert answer["ok"] and answer["duplicate"] is False
    sent = answer["message"]
    assert sent["body_html"] == "<p>Hola a <strong>todos</strong></p>\n"
    assert sent["author"]["id"] == alice.id and sent["client_id"] == "m-1"

    assert in_database_at_broadcast == [True]
    assert b.events("message") == [sent]
    assert a.events("message") == [sent]  # the sender too: every tab shows it
    assert c.events() == []
    assert ids(c.emit("history", {"room": GENERAL})["messages"]) == [sent["id"]]
    assert c.emit("history", {"room": OTHER})["messages"] == []


def test_a_retried_send_is_stored_and_broadcast_once(app, member, moderator):
    a, b = connect(app, member), connect(app, moderator)
    a.join(GENERAL)
    b.join(GENERAL)
    b.events()
    first = a.send(GENERAL, "Solo una vez", "retry-1")
    again = a.send(GENERAL, "Solo una vez", "retry-1")
    assert again["ok"] and again["duplicate"] is True
    assert again["message"]["id"] == first["message"]["id"]
    assert ids(b.events("message")) == [first["message"]["id"]]
    assert stored() == 1

    # Another author's client may happen to choose the same id.
    other = b.send(GENERAL, "Mi propio mensaje", "retry-1")
    assert other["duplicate"] is False and other["message"]["id"] != first["message"]["id"]
    assert stored() == 2


@pytest.mark.parametrize("client_id", [None, "", "con espacios", "x" * 65, 42, "<script>"])
def test_a_send_without_a_valid_client_id_is_refused(app, member, client_id):
    socket = connect(app, member)
    socket.join(GENERAL)
    data = {"room": GENERAL, "body": "Hola"}
    if client_id is not None:
        data["client_id"] = client_id
    answer = socket.emit("send", data)
    assert answer["ok"] is False and answer["status"] == 422
    assert answer["errors"]["client_id"] == "Falta el identificador del mensaje (client_id) o no es válido."
    assert stored() == 0


def test_empty_and_too_long_messages_are_refused(app, member):
    socket = connect(app, member)
    socket.join(GENERAL)
    for body in ("", "   \n  ", None):
        answer = socket.send(GENERAL, body, "vacio")
        assert (answer["status"], answer["errors"]) == (422, {"body": "Escriba el mensaje."})
    limit = app.config["CHAT_MESSAGE_MAX"]
    answer = socket.send(GENERAL, "x" * (limit + 1), "largo")
    assert answer["status"] == 422
    assert answer["errors"]["body"] == f"El mensaje no puede pasar de {limit} caracteres (tiene {limit + 1})."
    assert stored() == 0
    assert socket.send(GENERAL, "x" * limit, "justo")["ok"]


def test_markdown_is_rendered_safely_and_mentions_are_marked(app, member, focal_point):
    socket = connect(app, member)
    socket.join(GENERAL)
    body = (
        "Hola @**Ana Restrepo** y @**Nadie Conocido**, *bienvenidos*.\n\n"
        "<script>alert(1)</script> [pinche aquí](javascript:alert(2)) <img src=x onerror=alert(3)> "
        '<a href="javascript:alert(4)">enlace</a> [el SELA](https://www.sela.org)'
    )
    html = socket.send(GENERAL, body, "md-1")["message"]["body_html"]
    assert f'<span class="mention" data-user-id="{focal_point.id}">@Ana Restrepo</span>' in html
    assert "@<strong>Nadie Conocido</strong>" in html  # nobody by that name: just bold
    assert "<em>bienvenidos</em>" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not run
    assert '<a href="https://www.sela.org"' in html and "el SELA</a>" in html


# The issue: dropped connections ---------------------------------------------------------


def test_a_dropped_connection_catches_up_every_message_exactly_once_in_order(app, member, moderator):
    """A sends a burst; B's connection drops twice in the middle (losing what
    was in flight) and A's once (retrying sends whose ack it never saw).
    Like chat.js, B keeps the last id it saw and on reconnecting joins from
    it, paging on with `history` while `more`."""
    a = connect(app, member)
    a.join(GENERAL)
    b = connect(app, moderator)
    b.join(GENERAL)
    sent: dict[int, int] = {}  # n -> message id
    seen: list[int] = []  # what B shows, in order

    def send(numbers, socket=None):
        for n in numbers:
            answer = (socket or a).send(GENERAL, f"Ráfaga {n}", f"burst-{n}")
            assert answer["ok"] and not answer["duplicate"], answer
            sent[n] = answer["message"]["id"]

    def live():
        seen.extend(ids(b.events("message")))

    def reconnect():
        socket = connect(app, moderator)
        page = socket.join(GENERAL, after_id=seen[-1])
        seen.extend(ids(page["messages"]))
        while page["more"]:
            page = socket.emit("history", {"room": GENERAL, "after_id": seen[-1], "limit": 20})
            assert page["ok"]
            seen.extend(ids(page["messages"]))
        return socket

    send(range(1, 11))
    live()
    send(range(11, 13))  # in flight when B's connection drops
    b.drop()
    send(range(13, 66))  # more than one page of history while B is away
    b = reconnect()
    send(range(66, 71))
    live()

    # A's connection drops before the acks for 68-70 arrive: it retries them.
    a.drop()
    a = connect(app, member)
    a.join(GENERAL, after_id=sent[67])
    for n in (68, 69, 70):
        again = a.send(GENERAL, f"Ráfaga {n}", f"burst-{n}")
        assert again["duplicate"] is True and again["message"]["id"] == sent[n]
    live()  # no second broadcast of the retried ones

    send(range(71, 73))
    b.drop()
    send(range(73, 81))
    b = reconnect()
    send(range(81, 86))
    live()

    everything = [sent[n] for n in range(1, 86)]
    assert seen == everything  # every message, once, in order
    assert everything == sorted(everything)
    assert stored() == 85
    last = b.emit("history", {"room": GENERAL, "limit": 200})
    assert [m["body_html"] for m in last["messages"]] == [f"<p>Ráfaga {n}</p>\n" for n in range(1, 86)]


def test_history_pages_forwards_from_an_id_and_backwards_when_scrolling_up(app, member):
    room = db.session.scalar(sa.select(chat.Room).filter_by(slug=GENERAL))
    posted = [chat.post_message(member, room, f"n{n}", f"p-{n}").message.id for n in range(12)]
    socket = connect(app, member)

    def page(**data):
        answer = socket.emit("history", {"room": GENERAL, "limit": 5, **data})
        return ids(answer["messages"]), answer["more"]

    assert page(after_id=0) == (posted[:5], True)
    assert page(after_id=posted[4]) == (posted[5:10], True)
    assert page(after_id=posted[9]) == (posted[10:], False)
    assert page(after_id=posted[-1]) == ([], False)

    assert page() == (posted[7:], True)  # the latest, oldest first
    assert page(before_id=posted[7]) == (posted[2:7], True)
    assert page(before_id=posted[2]) == (posted[:2], False)

    bad = socket.emit("history", {"room": GENERAL, "after_id": "ayer"})
    assert bad["status"] == 422 and "after_id" in bad["errors"]


# Permissions, checked on every event ----------------------------------------------------


def test_a_suspension_takes_effect_on_the_next_send(app, member):
    socket = connect(app, member)
    socket.join(GENERAL)
    assert socket.send(GENERAL, "Antes", "s-1")["ok"]
    member.suspended_until = utcnow() + timedelta(days=3)
    answer = socket.send(GENERAL, "Después", "s-2")
    assert answer["ok"] is False and answer["status"] == 403
    assert answer["error"].startswith("Su cuenta está suspendida hasta el")
    assert stored() == 1
    assert socket.emit("history", {"room": GENERAL})["ok"]  # still reads


def test_the_focal_points_room_is_only_for_delegates(app, member, focal_point):
    answer = connect(app, member).emit("join", {"room": FOCAL_POINTS})
    assert (answer["ok"], answer["status"], answer["error"]) == (False, 403, "No tiene acceso a esta sala.")
    assert connect(app, member).send(FOCAL_POINTS, "Hola", "f-1")["status"] == 403
    assert connect(app, focal_point).join(FOCAL_POINTS)["can_send"] is True
    assert connect(app, member).emit("join", {"room": "no-existe"})["status"] == 404


def test_an_invitation_only_meeting_room_admits_only_the_invited(app, make_user, moderator, focal_point):
    meeting = schedule(moderator, open_to_all=False, countries=["CO"])
    slug = meeting.room.slug
    for outsider in (make_user("member"), make_user("focal_point", country_code="AR")):
        assert connect(app, outsider).emit("join", {"room": slug})["status"] == 403
    joined = connect(app, focal_point).join(slug)
    assert joined["can_send"] is True and joined["chair"] is False
    assert joined["floor"]["queue"] == []


def test_a_meeting_room_refuses_messages_once_the_meeting_is_closed(app, member, moderator):
    meeting = schedule(moderator)
    socket = connect(app, member)
    socket.join(meeting.room.slug)
    assert socket.send(meeting.room.slug, "Durante", "c-1")["ok"]
    meetings.close_meeting(moderator, meeting)
    answer = socket.send(meeting.room.slug, "Después", "c-2")
    assert (answer["status"], answer["error"]) == (403, "La reunión terminó: la sala ya no admite mensajes.")
    assert connect(app, member).join(meeting.room.slug)["can_send"] is False
    assert stored() == 1
    # Nor may the record be rewritten afterwards.
    [said] = socket.emit("history", {"room": meeting.room.slug})["messages"]
    answer = socket.emit("edit", {"id": said["id"], "body": "Lo que quise decir"})
    assert (answer["status"], answer["error"]) == (403, "La reunión terminó: la sala ya no admite mensajes.")
    assert db.session.get(ChatMessage, said["id"]).body_source == "Durante"


def test_sending_too_fast_is_refused_with_429(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_CHAT="3 per minute")
    with app.app_context():
        member = make_user("member")
        socket = connect(app, member)
        socket.join(GENERAL)
        for n in range(3):
            assert socket.send(GENERAL, f"Rápido {n}", f"r-{n}")["ok"]
        answer = socket.send(GENERAL, "Uno más", "r-3")
        assert answer["ok"] is False and answer["status"] == 429
        assert answer["error"].startswith("Está enviando mensajes con demasiada frecuencia. Espere unos segundos")
        assert stored() == 3
        # A retry of a stored message is not a new message: it still gets its answer.
        assert socket.send(GENERAL, "Rápido 2", "r-2")["duplicate"] is True


# Editing, deleting, muting --------------------------------------------------------------


def test_authors_edit_their_own_messages_only(app, member, make_user):
    other = make_user("member")
    a, b = connect(app, member), connect(app, other)
    a.join(GENERAL)
    b.join(GENERAL)
    message = a.send(GENERAL, "Primera versión", "e-1")["message"]
    b.events()

    answer = a.emit("edit", {"id": message["id"], "body": "Versión *corregida*"})
    assert answer["ok"] and answer["message"]["body_html"] == "<p>Versión <em>corregida</em></p>\n"
    [edited] = b.events("message_edited")
    assert edited["id"] == message["id"] and edited["edited_at"] is not None
    assert edited["body_html"] == answer["message"]["body_html"]

    refused = b.emit("edit", {"id": message["id"], "body": "Lo cambio yo"})
    assert refused["status"] == 403
    assert refused["error"] == "Solo quien lo escribió o la moderación pueden cambiar este mensaje."
    assert b.emit("delete", {"id": message["id"]})["status"] == 403
    assert a.emit("edit", {"id": message["id"], "body": " "})["status"] == 422
    assert b.emit("edit", {"id": 999_999, "body": "x"})["status"] == 404
    assert db.session.get(ChatMessage, message["id"]).body_source == "Versión *corregida*"


def test_a_moderator_deletes_a_message_and_it_is_audited(app, member, moderator):
    a, mod = connect(app, member), connect(app, moderator)
    a.join(GENERAL)
    mod.join(GENERAL)
    message = a.send(GENERAL, "Algo inapropiado", "d-1")["message"]
    a.events()

    answer = mod.emit("delete", {"id": message["id"], "reason": "Lenguaje ofensivo"})
    assert answer == {"ok": True, "id": message["id"]}
    assert a.events("message_deleted") == [{"id": message["id"], "room": GENERAL}]
    action = db.session.scalar(sa.select(ModerationAction).filter_by(action="chat.delete"))
    assert (action.actor_id, action.target_type, action.target_id) == (moderator.id, "chat_message", message["id"])
    assert action.reason == "Lenguaje ofensivo"
    [shown] = a.emit("history", {"room": GENERAL})["messages"]
    assert shown["deleted"] is True and shown["body_html"] == ""
    assert a.emit("edit", {"id": message["id"], "body": "revivir"})["status"] == 403


def test_a_muted_person_cannot_write_until_unmuted(app, make_user, moderator):
    member = make_user("member")
    member.timezone = "America/Bogota"
    a, mod = connect(app, member), connect(app, moderator)
    a.join(GENERAL)
    mod.join(GENERAL)
    earlier = a.send(GENERAL, "Antes del silencio", "mu-0")["message"]

    refused = a.emit("mute", {"room": GENERAL, "user_id": moderator.id, "minutes": 10})
    assert (refused["status"], refused["error"]) == (403, "Solo los moderadores pueden hacer esto.")
    bad = mod.emit("mute", {"room": GENERAL, "user_id": member.id, "minutes": 0})
    assert bad["status"] == 422 and "minutes" in bad["errors"]

    answer = mod.emit("mute", {"room": GENERAL, "user_id": member.id, "minutes": 30, "reason": "Spam"})
    assert answer["ok"]
    until = db.session.scalar(sa.select(chat.RoomMute).filter_by(user_id=member.id)).until
    assert abs(until - (utcnow() + timedelta(minutes=30))) < timedelta(seconds=5)
    [muted] = a.events("muted")
    assert muted["user_id"] == member.id
    action = db.session.scalar(sa.select(ModerationAction).filter_by(action="chat.mute"))
    assert (action.actor_id, action.target_id, action.reason) == (moderator.id, member.id, "Spam")

    refused = a.send(GENERAL, "¿Me oyen?", "mu-1")
    bogota = until - timedelta(hours=5)  # in the person's own zone (UTC-5)
    assert refused["status"] == 403
    assert refused["error"].startswith("La moderación le impidió escribir en esta sala hasta el ")
    assert refused["error"].endswith(f"{bogota:%H:%M}.")
    assert a.emit("typing", {"room": GENERAL})["status"] == 403
    assert a.emit("edit", {"id": earlier["id"], "body": "Lo digo igual"})["status"] == 403  # no way around it
    assert connect(app, member).join(GENERAL)["can_send"] is False  # a new tab knows it too
    assert a.send(OTHER, "En otra sala sí", "mu-2")["ok"]

    assert mod.emit("unmute", {"room": GENERAL, "user_id": member.id})["ok"]
    assert a.send(GENERAL, "Ya puedo", "mu-3")["ok"]
    assert db.session.scalar(sa.select(ModerationAction).filter_by(action="chat.unmute")) is not None


def test_typing_reaches_the_others_and_needs_a_join(app, member, moderator):
    a, b = connect(app, member), connect(app, moderator)
    a.join(GENERAL)
    b.join(GENERAL)
    a.events()
    b.events()
    assert a.emit("typing", {"room": GENERAL}) == {"ok": True}
    assert b.events() == [("typing", {"room": GENERAL, "person": {"id": member.id, "name": member.name}})]
    assert a.events() == []

    outside = connect(app, member)
    answer = outside.emit("typing", {"room": GENERAL})
    assert (answer["status"], answer["error"]) == (403, "Entre en la sala primero (evento join).")
    assert b.events() == []


def test_leaving_a_room_stops_its_broadcasts(app, member, moderator):
    a, b = connect(app, member), connect(app, moderator)
    a.join(GENERAL)
    b.join(GENERAL)
    assert a.emit("leave", {"room": GENERAL}) == {"ok": True, "room": GENERAL}
    a.events()
    assert b.events("presence")[-1]["left"]["id"] == member.id
    b.send(GENERAL, "¿Sigue ahí?", "l-1")
    assert a.events() == []


# Without JavaScript ------------------------------------------------------------------------


def test_the_form_stores_once_redirects_to_the_message_and_is_broadcast(app, member, moderator):
    watcher = connect(app, moderator)
    watcher.join(GENERAL)
    watcher.events()
    http = login(app.test_client(), member)
    form = {"body": "Desde el **formulario**", "client_id": "form-123"}
    first = http.post(f"/rooms/{GENERAL}/messages", data=form)
    again = http.post(f"/rooms/{GENERAL}/messages", data=form)
    message = db.session.scalar(sa.select(ChatMessage))
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert first.headers["Location"].endswith(f"/rooms/{GENERAL}#m{message.id}")
    assert stored() == 1
    [broadcast] = watcher.events("message")
    assert broadcast["id"] == message.id and broadcast["body_html"] == "<p>Desde el <strong>formulario</strong></p>\n"
    page = http.get(f"/rooms/{GENERAL}").get_data(as_text=True)
    assert f'id="m{message.id}"' in page


def body_kept(page: str) -> str:
    return re.search(r'<textarea[^>]* name="body"[^>]*>\s*([^<]*)</textarea>', page).group(1)


def test_the_form_keeps_the_typed_text_when_refused(app, member):
    app.config["CHAT_MESSAGE_MAX"] = 30
    http = login(app.test_client(), member)
    typed = "Un texto demasiado largo para esta sala"
    response = http.post(f"/rooms/{GENERAL}/messages", data={"body": typed, "client_id": "form-1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"El mensaje no puede pasar de 30 caracteres (tiene {len(typed)})." in page
    assert body_kept(page) == typed
    assert 'name="client_id" type="hidden" value="form-1"' in page  # sending it again stays one message

    response = http.post(f"/rooms/{GENERAL}/messages", data={"body": "Corto", "client_id": "con espacios"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Falta el identificador del mensaje (client_id) o no es válido." in page
    assert body_kept(page) == "Corto"
    assert stored() == 0
    fresh = re.search(r'name="client_id" type="hidden" value="([^"]+)"', page).group(1)
    assert http.post(f"/rooms/{GENERAL}/messages", data={"body": "Corto", "client_id": fresh}).status_code == 302
    assert stored() == 1


# The API -----------------------------------------------------------------------------------


def test_the_api_lists_the_rooms_the_token_owner_may_join(app, client, member, focal_point, moderator):
    invited = schedule(moderator, title="Solo Colombia", open_to_all=False, countries=["CO"])

    def rooms(user):
        secret = accounts.issue_token(user)[1]
        response = client.get("/api/v1/rooms", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200
        return {room["slug"]: room for room in response.get_json()["rooms"]}

    for_member, for_focal_point = rooms(member), rooms(focal_point)
    assert GENERAL in for_member and FOCAL_POINTS not in for_member
    assert invited.room.slug not in for_member
    assert FOCAL_POINTS in for_focal_point and invited.room.slug in for_focal_point
    general = for_member[GENERAL]
    assert isinstance(general["id"], int) and general["title"] and general["meeting"] is None
    meeting = for_focal_point[invited.room.slug]["meeting"]
    assert meeting["id"] == invited.id and meeting["title"] == "Solo Colombia"
    assert client.get("/api/v1/rooms").status_code == 401
