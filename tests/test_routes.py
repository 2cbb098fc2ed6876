"""Every route, walked as a guest, member, focal point, moderator and admin."""

from datetime import timedelta

import pytest

from forum.auth import services as accounts
from forum.cooperation import services as cooperation
from forum.discussions import services
from forum.meetings import chat
from forum.meetings import services as meetings
from models import Post, Room, db, utcnow

from .conftest import category, login

ROLES = ("guest", "member", "focal_point", "moderator", "admin")


def expect(guest, member, focal_point, moderator, admin):
    return dict(zip(ROLES, (guest, member, focal_point, moderator, admin), strict=True))


ALL = lambda status: expect(*(status,) * 5)  # noqa: E731
SIGNED_IN = lambda status: expect(302, *(status,) * 4)  # noqa: E731
MODERATORS = lambda status: expect(302, 403, 403, status, status)  # noqa: E731


@pytest.fixture
def world(app, make_user):
    """One topic per confidentiality level, a hidden topic, and an author."""
    author = make_user("member", name="Autora")
    delegate = make_user("focal_point", country_code="AR")
    moderator = make_user("moderator")
    topics = {
        "public": services.create_topic(author, category("cooperacion-sur-sur"), "Tema público", "texto"),
        "members": services.create_topic(author, category("organismos-subregionales"), "Tema de miembros", "texto"),
        "delegates": services.create_topic(delegate, category("posiciones-regionales"), "Tema de delegados", "texto"),
        "secretariat": services.create_topic(moderator, category("secretaria"), "Tema de la Secretaría", "texto"),
        "hidden": services.create_topic(author, category("cooperacion-sur-sur"), "Tema oculto", "texto"),
    }
    topics["hidden"].hidden = True
    db.session.commit()
    reply = services.reply(author, topics["public"], "Una respuesta de la autora")
    hidden_post = db.session.scalar(db.select(Post).filter_by(topic_id=topics["hidden"].id))
    listing_fields = {
        "kind": "offer",
        "description_source": "Detalle",
        "sector": "health",
        "modality": "training",
        "status": "open",
    }
    listings = {
        code: cooperation.create_listing(
            moderator, listing_fields | {"title": f"Ficha de {code}", "country_code": code}
        )
        for code in ("CO", "AR")
    }
    now = utcnow()
    meeting_fields = {
        "description": "Orden del día abierto.",
        "agenda": ["Apertura", "Informes"],
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(hours=1),
        "chair_id": moderator.id,
        "space_id": category("cooperacion-sur-sur").space_id,
    }
    open_meeting = meetings.schedule_meeting(
        moderator, meetings.MeetingFields(title="Reunión abierta", **meeting_fields)
    )
    invited_meeting = meetings.schedule_meeting(
        moderator,
        meetings.MeetingFields(title="Reunión con invitación", open_to_all=False, countries=["AR"], **meeting_fields),
    )
    general = db.session.scalar(db.select(Room).filter_by(slug="sala-general-cooperacion"))
    message = chat.post_message(author, general, "Buenos días a todos", "mensaje-1").message
    return {
        "author": author,
        "topics": topics,
        "reply": reply,
        "hidden_post": hidden_post,
        "listings": listings,
        "meetings": {"open": open_meeting, "invited": invited_meeting},
        "message": message,
    }


def routes(world):
    """(method, url, expected status per role) for every endpoint."""
    t = world["topics"]
    co, ar = world["listings"]["CO"].id, world["listings"]["AR"].id
    reply = world["reply"]
    author = world["author"]
    opened, invited = world["meetings"]["open"], world["meetings"]["invited"]
    message = world["message"]
    return {
        "health.healthz": [("GET", "/healthz", ALL(200))],
        "static": [("GET", "/static/css/site.css", ALL(200))],
        "auth.signup": [("GET", "/signup", expect(200, 302, 302, 302, 302))],
        "auth.login": [("GET", "/login", expect(200, 302, 302, 302, 302))],
        "auth.logout": [("POST", "/logout", ALL(302))],
        "auth.profile": [("GET", f"/u/{author.id}", ALL(200)), ("GET", "/u/99999", ALL(404))],
        "auth.set_timezone": [("POST", "/u/timezone", SIGNED_IN(302))],
        "auth.set_language": [("GET", "/language?lang=en", ALL(302)), ("POST", "/language", ALL(302))],
        "discussions.index": [("GET", "/", ALL(200))],
        "discussions.space": [("GET", "/s/cooperacion", ALL(200)), ("GET", "/s/dimension-social", ALL(200))],
        "discussions.category": [
            ("GET", "/c/cooperacion/cooperacion-sur-sur", ALL(200)),
            ("GET", "/c/dimension-social/organismos-subregionales", expect(404, 200, 200, 200, 200)),
            ("GET", "/c/cooperacion/posiciones-regionales", expect(404, 404, 200, 200, 200)),
            ("GET", "/c/cooperacion/secretaria", expect(404, 404, 404, 200, 200)),
        ],
        "discussions.new_topic": [
            ("GET", "/c/cooperacion/cooperacion-sur-sur/new", SIGNED_IN(200)),
            ("GET", "/c/cooperacion/posiciones-regionales/new", expect(302, 404, 200, 200, 200)),
        ],
        "discussions.topic": [
            ("GET", f"/t/{t['public'].id}", ALL(200)),
            ("GET", f"/t/{t['public'].id}/{t['public'].slug}", ALL(200)),
            ("GET", f"/t/{t['members'].id}", expect(404, 200, 200, 200, 200)),
            ("GET", f"/t/{t['delegates'].id}", expect(404, 404, 200, 200, 200)),
            ("GET", f"/t/{t['secretariat'].id}", expect(404, 404, 404, 200, 200)),
            ("GET", f"/t/{t['hidden'].id}", expect(404, 404, 404, 200, 200)),
        ],
        "discussions.reply": [
            ("GET", f"/t/{t['public'].id}/reply", SIGNED_IN(200)),
            ("GET", f"/t/{t['delegates'].id}/reply", expect(302, 404, 200, 200, 200)),
        ],
        "discussions.post": [
            ("GET", f"/p/{reply.id}", ALL(302)),
            ("GET", f"/p/{world['hidden_post'].id}", expect(404, 404, 404, 302, 302)),
        ],
        "discussions.edit_post": [("GET", f"/p/{reply.id}/edit", expect(302, 200, 403, 200, 200))],
        "discussions.delete_post": [("GET", f"/p/{reply.id}/delete", expect(302, 200, 403, 403, 403))],
        "discussions.post_history": [("GET", f"/p/{reply.id}/history", MODERATORS(200))],
        "moderation.moderate_topic": [("POST", f"/t/{t['public'].id}/moderate", MODERATORS(302))],
        "moderation.move_topic": [("GET", f"/t/{t['public'].id}/move", MODERATORS(200))],
        "moderation.moderate_post": [("POST", f"/p/{reply.id}/moderate", MODERATORS(302))],
        "moderation.audit_log": [("GET", "/mod/log", MODERATORS(200))],
        "cooperation.listings": [
            ("GET", "/listings", ALL(200)),
            ("GET", "/listings?sector=health&kind=offer", ALL(200)),
        ],
        "cooperation.export": [
            ("GET", "/listings/export.csv", ALL(200)),
            ("GET", "/listings/export.json", ALL(200)),
            ("GET", "/listings/export.xml", ALL(422)),
        ],
        "cooperation.matrix": [("GET", "/listings/matrix", ALL(200))],
        "cooperation.new_listing": [("GET", "/listings/new", expect(302, 403, 200, 200, 200))],
        "cooperation.listing": [("GET", f"/listings/{co}", ALL(200)), ("GET", "/listings/999", ALL(404))],
        "cooperation.edit_listing": [
            ("GET", f"/listings/{co}/edit", expect(302, 403, 200, 200, 200)),
            ("GET", f"/listings/{ar}/edit", expect(302, 403, 403, 200, 200)),
        ],
        "cooperation.validate_listing": [
            ("POST", f"/listings/{co}/validate", expect(302, 403, 302, 302, 302)),
            ("POST", f"/listings/{ar}/validate", expect(302, 403, 403, 302, 302)),
        ],
        "cooperation.open_topic": [("POST", f"/listings/{co}/topic", ALL(302))],
        "cooperation.mark_in_talks": [("POST", f"/listings/{co}/talks", ALL(302))],
        "cooperation.countries": [("GET", "/countries", ALL(200))],
        "cooperation.country": [
            ("GET", "/countries/CO", ALL(200)),
            ("GET", "/countries/co", ALL(200)),
            ("GET", "/countries/ZZ", ALL(404)),
        ],
        "api_cooperation.listings": [("GET", "/api/v1/listings?status=open", ALL(200))],
        "api_cooperation.listing": [
            ("GET", f"/api/v1/listings/{co}", ALL(200)),
            ("GET", "/api/v1/listings/999", ALL(404)),
        ],
        "api_cooperation.create_listing": [("POST", "/api/v1/listings", expect(401, 400, 400, 400, 400))],
        "api_cooperation.update_listing": [("PATCH", f"/api/v1/listings/{co}", expect(401, 400, 400, 400, 400))],
        "api_cooperation.countries": [("GET", "/api/v1/countries", ALL(200))],
        "api_cooperation.country": [
            ("GET", "/api/v1/countries/JM", ALL(200)),
            ("GET", "/api/v1/countries/XX", ALL(404)),
        ],
        "searching.search": [("GET", "/search?q=tema", ALL(200)), ("GET", '/search?q="sin cerrar', ALL(422))],
        "searching.advanced": [("GET", "/search/advanced", ALL(200)), ("GET", "/search/advanced?go=1&all=x", ALL(302))],
        "api.search": [("GET", "/api/v1/search?q=tema", ALL(200)), ("GET", "/api/v1/search?q=x&sort=bad", ALL(422))],
        # The API authenticates with bearer tokens, walked with each role's token.
        "api.create_token": [("POST", "/api/v1/tokens", ALL(400))],
        "api.revoke_token": [("DELETE", "/api/v1/tokens/999", expect(401, 404, 404, 404, 404))],
        "api.spaces": [("GET", "/api/v1/spaces", ALL(200))],
        "api.category_topics": [
            ("GET", f"/api/v1/categories/{t['public'].category_id}/topics", ALL(200)),
            ("GET", f"/api/v1/categories/{t['delegates'].category_id}/topics", expect(404, 404, 200, 200, 200)),
        ],
        "api.topic": [
            ("GET", f"/api/v1/topics/{t['public'].id}", ALL(200)),
            ("GET", f"/api/v1/topics/{t['secretariat'].id}", expect(404, 404, 404, 200, 200)),
            ("GET", f"/api/v1/topics/{t['hidden'].id}", expect(404, 404, 404, 200, 200)),
        ],
        "api.create_topic": [("POST", "/api/v1/topics", expect(401, 400, 400, 400, 400))],
        "api.create_post": [("POST", f"/api/v1/topics/{t['public'].id}/posts", expect(401, 400, 400, 400, 400))],
        "meetings.rooms": [("GET", "/rooms", SIGNED_IN(200))],
        "meetings.new_room": [("GET", "/rooms/new", MODERATORS(200)), ("POST", "/rooms/new", MODERATORS(422))],
        "meetings.room": [
            ("GET", "/rooms/sala-general-cooperacion", SIGNED_IN(200)),
            ("GET", "/rooms/grupo-puntos-focales", expect(302, 403, 200, 200, 200)),
            ("GET", f"/rooms/{invited.room.slug}", expect(302, 403, 403, 200, 200)),
            ("GET", "/rooms/no-existe", expect(302, 404, 404, 404, 404)),
        ],
        "meetings.post_message": [
            ("POST", "/rooms/sala-general-cooperacion/messages", expect(302, 422, 422, 422, 422))
        ],
        "meetings.delete_message": [
            ("POST", f"/rooms/sala-general-cooperacion/messages/{message.id}/delete", expect(302, 302, 403, 302, 302))
        ],
        "meetings.message_link": [
            ("GET", f"/chat/{message.id}", SIGNED_IN(302)),
            ("GET", "/chat/999", expect(302, 404, 404, 404, 404)),
        ],
        "meetings.mute": [("POST", "/rooms/sala-general-cooperacion/mute", MODERATORS(302))],
        "meetings.meetings_list": [("GET", "/meetings", SIGNED_IN(200))],
        "meetings.new_meeting": [("GET", "/meetings/new", MODERATORS(200))],
        "meetings.edit_meeting": [("GET", f"/meetings/{opened.id}/edit", MODERATORS(200))],
        "meetings.meeting": [
            ("GET", f"/meetings/{opened.id}", SIGNED_IN(200)),
            ("GET", f"/meetings/{invited.id}", expect(302, 403, 403, 200, 200)),
            ("GET", "/meetings/999", expect(302, 404, 404, 404, 404)),
        ],
        "meetings.meeting_calendar": [("GET", f"/meetings/{opened.id}.ics", SIGNED_IN(200))],
        "meetings.save_summary": [("POST", f"/meetings/{opened.id}/summary", MODERATORS(302))],
        "meetings.follow_up": [("POST", f"/meetings/{opened.id}/follow-up", MODERATORS(302))],
        "meetings.floor_action": [("POST", f"/meetings/{opened.id}/floor", SIGNED_IN(302))],
        "meetings.announce": [("POST", f"/meetings/{opened.id}/announce", expect(302, 403, 403, 403, 302))],
        "api_meetings.rooms": [("GET", "/api/v1/rooms", expect(401, 200, 200, 200, 200))],
        # Last: it ends the meeting. The chair is another moderator; an admin may stand in.
        "meetings.close_meeting": [("POST", f"/meetings/{opened.id}/close", expect(302, 403, 403, 403, 302))],
    }


def test_every_endpoint_is_walked(app, world):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(routes(world)), "add new routes to the walk in tests/test_routes.py"


@pytest.mark.parametrize("role", ROLES)
def test_route_statuses_by_role(app, world, role, make_user):
    client = app.test_client()
    token = None
    if role != "guest":
        person = (
            world["author"]
            if role == "member"
            else make_user(role, country_code="CO" if role == "focal_point" else None)
        )
        login(client, person)
        token = accounts.issue_token(person)[1]
    failures = []
    for endpoint, checks in routes(world).items():
        for method, url, expected in checks:
            headers = {"Authorization": f"Bearer {token}"} if token and url.startswith("/api/") else {}
            response = client.open(url, method=method, headers=headers)
            if response.status_code != expected[role]:
                failures.append(f"{method} {url} ({endpoint}): {response.status_code} != {expected[role]}")
            if endpoint == "auth.logout" and token:
                login(client, person)
    assert not failures, "\n".join(failures)
