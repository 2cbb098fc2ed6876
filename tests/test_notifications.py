"""Private notices: the list, newest first; the unread count in the header
(from the query that loads the signed-in person); marking them read."""

import pytest

from forum.notifications import services as notices
from models import Notification, db

from .conftest import text_of
from .test_flags import signed_in
from .test_query_count import count_queries


def warn(user, text, title="Tema de prueba"):
    notices.notify(user, "warning", {"title": title, "text": text}, link="/t/1")
    db.session.commit()


def test_guests_are_sent_to_sign_in(client):
    assert "/login" in client.get("/notifications").headers["Location"]
    assert "/login" in client.post("/notifications/read").headers["Location"]
    assert "Avisos" not in text_of(client.get("/"))


def test_list_newest_first_with_unread_count_until_marked_read(app, member, make_user):
    warn(member, "Primera advertencia")
    warn(member, "Segunda advertencia")
    warn(make_user(), "Advertencia para otra persona")
    browser = signed_in(app, member)

    assert "Avisos 2" in text_of(browser.get("/"))
    page = text_of(browser.get("/notifications"))
    assert page.index("Segunda advertencia") < page.index("Primera advertencia")
    assert page.count("nuevo") == 2 and "otra persona" not in page
    assert "Advertencia de la moderación sobre «Tema de prueba»: Primera advertencia" in page

    response = browser.post("/notifications/read")
    assert response.status_code == 302
    after = text_of(browser.get(response.headers["Location"]))
    assert "Todos los avisos quedan marcados como leídos." in after
    assert "nuevo" not in after and "Marcar todo como leído" not in after and "Primera advertencia" in after
    assert "Avisos 2" not in text_of(browser.get("/"))
    db.session.commit()
    unread = db.select(db.func.count()).select_from(Notification).where(Notification.read_at.is_(None))
    assert db.session.scalar(unread) == 1  # the other person's


def test_the_list_is_paginated(app, member):
    for number in range(31):
        warn(member, f"Aviso número {number}")
    browser = signed_in(app, member)
    first = text_of(browser.get("/notifications"))
    assert "Aviso número 30" in first and "Aviso número 0 " not in first and "Página 1 de 2" in first
    assert "Aviso número 0" in text_of(browser.get("/notifications?page=2"))


def test_the_header_count_costs_no_query_of_its_own(app, member):
    browser = signed_in(app, member)
    with count_queries() as without:
        browser.get("/")
    warn(member, "Un aviso")
    db.session.expire_all()
    with count_queries() as with_one:
        page = browser.get("/")
    assert "Avisos 1" in text_of(page)
    assert len(with_one) == len(without)


def test_a_kind_is_added_by_registering_its_text(app, member, monkeypatch):
    monkeypatch.setitem(notices.TEXTS, "post_approved", lambda data: f"Su mensaje en «{data['title']}» fue aprobado.")
    notices.notify(member, "post_approved", {"title": "Salud"})
    db.session.add(Notification(user_id=member.id, kind="retired_kind", data={}))
    db.session.commit()
    page = text_of(signed_in(app, member).get("/notifications"))
    assert "Su mensaje en «Salud» fue aprobado." in page
    assert "Aviso de la moderación." in page  # a kind no longer known still shows
    with pytest.raises(ValueError):
        notices.notify(member, "never_registered", {})
