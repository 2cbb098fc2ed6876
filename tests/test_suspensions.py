"""Suspensions: set from a profile (or the review queue), a suspended person
reads as before, writes nowhere, is told why and until when everywhere; the
suspension ends by itself."""

from datetime import timedelta

import pytest

from forum.auth import services as accounts
from forum.discussions import services as discussions
from forum.errors import PermissionDenied
from forum.moderation import suspensions
from models import ModerationAction, Notification, User, db, utcnow

from .conftest import text_of
from .test_chat import connect
from .test_flags import GENERAL, make_listing, signed_in

REASON = "Publicidad reiterada en los debates"


def suspend_for(person, days=3, reason=REASON, ago=None):
    """Set a suspension directly; `ago`: one that ended that long ago."""
    person.suspended_until = utcnow() - ago if ago else utcnow() + timedelta(days=days)
    person.suspension_reason = reason
    db.session.commit()
    return person


def fresh(user) -> User:
    db.session.commit()
    return db.session.get(User, user.id)


def test_a_moderator_suspends_from_the_profile(app, moderator, member):
    browser = signed_in(app, moderator)
    profile = browser.get(f"/u/{member.id}").get_data(as_text=True)
    assert f'action="/u/{member.id}/suspend"' in profile
    response = browser.post(f"/u/{member.id}/suspend", data={"days": "3", "reason": REASON})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/u/{member.id}")
    assert "Suspendida hasta el" in text_of(browser.get(f"/u/{member.id}"))
    suspended = fresh(member)
    assert utcnow() + timedelta(days=2, hours=23) < suspended.suspended_until < utcnow() + timedelta(days=3, hours=1)
    assert suspended.suspension_reason == REASON
    entry = db.session.scalar(db.select(ModerationAction))
    assert (entry.action, entry.target_id, entry.reason) == ("user.suspend", member.id, REASON)

    person = signed_in(app, member)
    home = text_of(person.get("/"))
    assert "Su cuenta está suspendida hasta el" in home and REASON in home and "Puede leer, pero no escribir." in home
    assert "Su cuenta quedó suspendida hasta el" in text_of(person.get("/notifications"))
    assert "Suspendida hasta el" not in text_of(person.get(f"/u/{member.id}"))  # moderators' information


def test_bad_input_is_refused_with_what_was_typed(app, moderator, member):
    browser = signed_in(app, moderator)
    for data, message in (
        ({"days": "0", "reason": REASON}, "Indique entre 1 y 365 días."),
        ({"days": "400", "reason": REASON}, "Indique entre 1 y 365 días."),
        ({"days": "tres", "reason": REASON}, "Indique entre 1 y 365 días."),
        ({"days": "²", "reason": REASON}, "Indique entre 1 y 365 días."),  # a digit int() refuses
        ({"days": "3", "reason": " "}, "Explique el motivo de la suspensión: la persona lo verá."),
        ({"days": "3", "reason": "x" * 501}, "El motivo no puede pasar de 500 caracteres."),
    ):
        response = browser.post(f"/u/{member.id}/suspend", data=data)
        assert response.status_code == 422 and message in text_of(response), data
        assert f'value="{data["days"]}"' in response.get_data(as_text=True)
    assert fresh(member).suspended_until is None
    assert browser.post("/u/99999/suspend", data={"days": "3", "reason": REASON}).status_code == 404


def test_who_may_suspend_whom(app, moderator, admin, member, focal_point, make_user):
    other_moderator = make_user("moderator")
    browser = signed_in(app, moderator)
    for person in (admin, other_moderator, moderator):
        assert browser.get(f"/u/{person.id}/suspend").status_code == 403
        assert browser.post(f"/u/{person.id}/suspend", data={"days": "3", "reason": REASON}).status_code == 403
        assert f"/u/{person.id}/suspend" not in browser.get(f"/u/{person.id}").get_data(as_text=True)
        assert fresh(person).suspended_until is None
    refused = browser.post(f"/u/{moderator.id}/suspend", data={"days": "3", "reason": REASON})
    assert "No puede suspender su propia cuenta." in text_of(refused)
    assert browser.post(f"/u/{focal_point.id}/suspend", data={"days": "3", "reason": REASON}).status_code == 302

    for person in (member, focal_point):
        assert (
            signed_in(app, person).post(f"/u/{admin.id}/suspend", data={"days": "1", "reason": REASON}).status_code
            == 403
        )
    assert signed_in(app, member).get(f"/u/{focal_point.id}/suspend").status_code == 403

    admin_browser = signed_in(app, admin)
    assert admin_browser.post(f"/u/{moderator.id}/suspend", data={"days": "1", "reason": REASON}).status_code == 302
    assert fresh(moderator).suspended_until is not None
    with pytest.raises(PermissionDenied):
        suspensions.suspend(fresh(moderator), member, days=1, reason=REASON)  # a suspended moderator


def test_a_suspended_person_reads_but_writes_nowhere(app, topic, make_user):
    person = make_user("focal_point", country_code="PE")
    own_post = discussions.reply(person, topic, "Mi respuesta")
    listing = make_listing(person)
    _token, secret = accounts.issue_token(person)
    suspend_for(person)
    browser = signed_in(app, person)

    assert browser.get(f"/t/{topic.id}").status_code == 200
    assert browser.get(f"/listings/{listing.id}").status_code == 200
    assert browser.get(f"/rooms/{GENERAL}").status_code == 200
    writes = [
        ("get", "/c/cooperacion/cooperacion-sur-sur/new", None),
        ("post", "/c/cooperacion/cooperacion-sur-sur/new", {"title": "Tema nuevo", "body": "texto"}),
        ("post", f"/t/{topic.id}/reply", {"body": "Una respuesta"}),
        ("post", f"/p/{own_post.id}/edit", {"body": "Cambio"}),
        ("post", f"/p/{own_post.id}/delete", {}),
        ("post", "/listings/new", {"title": "Ficha nueva"}),
        ("post", f"/listings/{listing.id}/edit", {"title": "Otro título"}),
        ("post", f"/listings/{listing.id}/validate", {}),
        ("post", f"/flag/topic/{topic.id}", {"reason": "spam"}),
    ]
    for method, url, data in writes:
        response = getattr(browser, method)(url, data=data)
        assert response.status_code == 403, url
        assert "Su cuenta está suspendida hasta el" in text_of(response) and REASON in text_of(response), url

    chat_form = browser.post(f"/rooms/{GENERAL}/messages", data={"body": "Hola", "client_id": "form-1"})
    assert chat_form.status_code == 403 and REASON in text_of(chat_form)
    socket = connect(app, person)
    socket.join(GENERAL)
    answer = socket.send(GENERAL, "Por el socket", "s-1")
    assert answer["ok"] is False and answer["status"] == 403 and REASON in answer["error"]

    headers = {"Authorization": f"Bearer {secret}"}
    for url, body in (
        ("/api/v1/topics", {"category_id": topic.category_id, "title": "Tema por API", "body": "texto"}),
        (f"/api/v1/topics/{topic.id}/posts", {"body": "Respuesta por API"}),
        ("/api/v1/listings", {"title": "Ficha por API"}),
        ("/api/v1/flags", {"kind": "topic", "id": topic.id, "reason": "spam"}),
    ):
        response = browser.post(url, json=body, headers=headers)
        assert response.status_code == 403, url
        assert response.get_json()["error"].startswith("Su cuenta está suspendida hasta el"), url
    assert topic.reply_count == 1 and fresh(person).post_count == 1


def test_a_suspension_ends_by_itself(app, topic, member):
    suspend_for(member, ago=timedelta(minutes=1))
    browser = signed_in(app, member)
    assert "suspendida" not in text_of(browser.get("/"))
    assert browser.post(f"/t/{topic.id}/reply", data={"body": "Ya puedo escribir"}).status_code == 302


def test_lifting_a_suspension(app, moderator, member):
    suspend_for(member)
    browser = signed_in(app, moderator)
    assert "Levantar la suspensión" in text_of(browser.get(f"/u/{member.id}"))
    response = browser.post(f"/u/{member.id}/unsuspend", follow_redirects=True)
    assert "Suspensión de" in text_of(response) and "levantada" in text_of(response)
    assert fresh(member).suspended_until is None
    again = browser.post(f"/u/{member.id}/unsuspend", follow_redirects=True)
    assert "Esta cuenta no está suspendida." in text_of(again)
    db.session.commit()
    assert [row.action for row in db.session.scalars(db.select(ModerationAction))] == ["user.unsuspend"]
    kinds = [notice.kind for notice in db.session.scalars(db.select(Notification).filter_by(user_id=member.id))]
    assert kinds == ["suspension_lifted"]
    assert "Su suspensión fue levantada" in text_of(signed_in(app, member).get("/notifications"))
    assert signed_in(app, member).post(f"/u/{member.id}/unsuspend").status_code == 403
