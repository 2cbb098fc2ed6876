"""Guests get pages kept a few seconds; nobody else does, and a write in the
same process shows at once.

Requests here run outside the test's app context, so no test-side commit
empties the cache between them; "another process" writes through its own
sqlite3 connection, which this process's cache cannot hear about.
"""

import sqlite3
import time

import pytest

from forum.discussions import services as discussions

from .conftest import PASSWORD, category


@pytest.fixture
def site(make_app, make_user):
    """An app keeping guest pages for a minute, with one public topic."""

    def build(seconds=60):
        app = make_app(GUEST_PAGE_CACHE_SECONDS=seconds)
        with app.app_context():
            author = make_user("member", name="Autora Inicial")
            topic = discussions.create_topic(
                author, category("cooperacion-sur-sur"), "Título original", "Texto inicial del tema."
            )
            return app, author.email, topic.id

    return build


def write_elsewhere(app, topic_id: int, title: str) -> None:
    """Change the topic as another worker process would: not through our session."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE topics SET title = ? WHERE id = ?", (title, topic_id))


def sign_in(client, email: str) -> None:
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


GUEST_PAGES = ["/", "/s/cooperacion", "/c/cooperacion/cooperacion-sur-sur", "/listings", "/countries", "/countries/CO"]


@pytest.mark.parametrize("path", GUEST_PAGES)
def test_guest_pages_set_no_cookie(site, path):
    app, _email, _topic_id = site()
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_guest_switches_language_without_a_session(site):
    app, _email, _topic_id = site()
    client = app.test_client()
    response = client.get("/language", query_string={"lang": "fr", "next": "/s/cooperacion"})
    assert response.headers["Location"] == "/s/cooperacion"
    assert [cookie.key for cookie in client._cookies.values()] == ["lang"]
    assert '<html lang="fr">' in client.get("/s/cooperacion").get_data(as_text=True)


def test_guest_sees_a_kept_page_until_it_expires(site):
    app, _email, topic_id = site(seconds=0.5)
    guest = app.test_client()
    assert "Título original" in guest.get(f"/t/{topic_id}").get_data(as_text=True)
    write_elsewhere(app, topic_id, "Título cambiado en otro proceso")
    assert "Título original" in guest.get(f"/t/{topic_id}").get_data(as_text=True)
    time.sleep(0.6)
    assert "Título cambiado en otro proceso" in guest.get(f"/t/{topic_id}").get_data(as_text=True)


def test_signed_in_people_never_get_a_kept_page(site):
    app, email, topic_id = site()
    app.test_client().get(f"/t/{topic_id}")
    write_elsewhere(app, topic_id, "Título nuevo")
    member = app.test_client()
    sign_in(member, email)
    assert "Título nuevo" in member.get(f"/t/{topic_id}").get_data(as_text=True)


def test_each_language_has_its_own_page(site):
    app, _email, topic_id = site()
    guest = app.test_client()
    assert '<html lang="es">' in guest.get(f"/t/{topic_id}").get_data(as_text=True)
    english = guest.get(f"/t/{topic_id}", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_a_reply_in_this_process_shows_to_guests_at_once(site):
    app, email, topic_id = site()
    guest = app.test_client()
    guest.get(f"/t/{topic_id}")
    guest.get("/c/cooperacion/cooperacion-sur-sur")
    member = app.test_client()
    sign_in(member, email)
    response = member.post(f"/t/{topic_id}/reply", data={"body": "Una respuesta recién escrita."})
    assert response.status_code == 302
    assert "Una respuesta recién escrita." in guest.get(f"/t/{topic_id}").get_data(as_text=True)
    listing = guest.get("/c/cooperacion/cooperacion-sur-sur").get_data(as_text=True)
    assert "Autora Inicial" in listing and ">1<" in listing.replace(" ", "")


def test_a_guest_with_a_message_waiting_gets_it(site):
    app, _email, _topic_id = site()
    guest = app.test_client()
    guest.get("/")
    with guest.session_transaction() as session:
        session["_flashes"] = [("info", "Mensaje pendiente para esta visita")]
    assert "Mensaje pendiente para esta visita" in guest.get("/").get_data(as_text=True)
    assert "Mensaje pendiente para esta visita" not in guest.get("/").get_data(as_text=True)


def test_turned_off_with_zero_seconds(site):
    app, _email, topic_id = site(seconds=0)
    guest = app.test_client()
    guest.get(f"/t/{topic_id}")
    write_elsewhere(app, topic_id, "Título sin espera")
    assert "Título sin espera" in guest.get(f"/t/{topic_id}").get_data(as_text=True)
