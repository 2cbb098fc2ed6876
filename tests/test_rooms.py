"""Standing rooms that moderators open, e.g. for a working group."""

from forum.meetings import chat
from models import DELEGATES, Room, Space, db

from .conftest import login, text_of


def _space_id() -> int:
    return db.session.scalar(db.select(Space.id).filter_by(slug="cooperacion"))


def test_a_moderator_opens_a_working_group_room_for_delegates(app, moderator, focal_point, member):
    client = login(app.test_client(), moderator)
    response = client.post(
        "/rooms/new",
        data={
            "title": "Grupo de trabajo sobre medición",
            "description": "Indicadores de la cooperación Sur-Sur",
            "space_id": _space_id(),
            "visibility": DELEGATES,
        },
    )
    room = db.session.scalar(db.select(Room).filter_by(title="Grupo de trabajo sobre medición"))
    assert response.status_code == 302 and response.headers["Location"] == f"/rooms/{room.slug}"
    assert room.kind == "group" and room.slug.startswith(f"grupo-{room.id}-grupo-de-trabajo")
    delegate = login(app.test_client(), focal_point)
    assert "Grupo de trabajo sobre medición" in text_of(delegate.get("/rooms"))
    assert delegate.get(f"/rooms/{room.slug}").status_code == 200
    plain_member = login(app.test_client(), member)
    assert "Grupo de trabajo sobre medición" not in text_of(plain_member.get("/rooms"))
    assert plain_member.get(f"/rooms/{room.slug}").status_code == 403


def test_bad_input_keeps_what_was_typed_and_saves_nothing(app, moderator):
    client = login(app.test_client(), moderator)
    before = db.session.scalar(db.select(db.func.count()).select_from(Room))
    response = client.post(
        "/rooms/new", data={"title": "G", "description": "Un grupo sin nombre", "space_id": 999, "visibility": 0}
    )
    page = text_of(response)
    assert response.status_code == 422
    assert "El nombre debe tener entre 3 y 200 caracteres." in page
    assert "Elija el espacio de la sala." in page and "Elija quién puede entrar en la sala." in page
    assert 'value="Un grupo sin nombre"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Room)) == before


def test_members_cannot_open_rooms(app, member):
    client = login(app.test_client(), member)
    response = client.post("/rooms/new", data={"title": "Mi sala", "space_id": _space_id(), "visibility": 1})
    assert response.status_code == 403
    assert db.session.scalar(db.select(Room).filter_by(title="Mi sala")) is None


def test_a_message_address_opens_the_room_page_that_ends_with_it(app, member):
    room = db.session.scalar(db.select(Room).filter_by(slug="sala-general-cooperacion"))
    said = chat.post_message(member, room, "Mensaje que se enlaza", "link-1").message
    chat.post_message(member, room, "Mensaje posterior", "link-2")
    client = login(app.test_client(), member)
    response = client.get(f"/chat/{said.id}")
    assert response.headers["Location"] == f"/rooms/{room.slug}?before={said.id + 1}#m{said.id}"
    page = text_of(client.get(response.headers["Location"]))
    assert "Mensaje que se enlaza" in page and "Mensaje posterior" not in page
