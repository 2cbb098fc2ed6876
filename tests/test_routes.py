"""Every route, walked as a guest, member, focal point, moderator and admin."""

from datetime import timedelta

import pytest

from forum.auth import services as accounts
from forum.cooperation import services as cooperation
from forum.curation import approval
from forum.curation import services as curation
from forum.digest import services as digest
from forum.discussions import services
from forum.meetings import chat
from forum.meetings import services as meetings
from forum.moderation import flags, suspensions
from forum.positions import services as positions
from models import Post, Room, Space, db, utcnow

from .conftest import category, login

ROLES = ("guest", "member", "focal_point", "moderator", "admin")


def expect(guest, member, focal_point, moderator, admin):
    return dict(zip(ROLES, (guest, member, focal_point, moderator, admin), strict=True))


ALL = lambda status: expect(*(status,) * 5)  # noqa: E731
SIGNED_IN = lambda status: expect(302, *(status,) * 4)  # noqa: E731
MODERATORS = lambda status: expect(302, 403, 403, status, status)  # noqa: E731


@pytest.fixture
def world(app, make_user):
    """One topic per confidentiality level, a hidden topic, and an author;
    flags, a held reply, magazine issues and regional positions."""
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
    hidden_listing = cooperation.create_listing(
        moderator, listing_fields | {"title": "Ficha oculta", "country_code": "PE"}
    )
    cooperation.set_listing_hidden(moderator, hidden_listing, True, "Duplicada")
    # Curation: the reply is featured and is the public topic's conclusion.
    curation.feature_post(moderator, reply, "La respuesta de la autora, en una línea")
    curation.mark_answer(moderator, reply)
    # New-member review: a newcomer's reply waits for a moderator.
    space = db.session.scalar(db.select(Space).filter_by(slug="cooperacion"))
    approval.set_review_first_posts(moderator, space, 1)
    held_post = services.reply(make_user("member", name="Nueva"), topics["public"], "Una respuesta en espera")
    approval.set_review_first_posts(moderator, space, 0)
    # Flags waiting in the review queue: a post, a topic, a listing, a chat message.
    flag = flags.flag(delegate, "post", reply.id, "spam")
    flags.flag(delegate, "topic", topics["members"].id, "off_topic")
    flags.flag(author, "listing", listings["CO"].id, "duplicate")
    flags.flag(delegate, "chat", message.id, "other", "Fuera de lugar")
    suspended = make_user("member", name="Suspendida")
    suspensions.suspend(moderator, suspended, days=7, reason="Mensajes repetidos")
    # The magazine: a draft (without introduction, so it cannot be published)
    # and a published issue.
    today = now.date()
    draft = digest.build_issue(moderator, digest.last_complete_quarter(today))
    issue = digest.build_issue(moderator, digest.Period(today - timedelta(days=30), today))
    digest.update_issue(moderator, issue, issue.title, "Presentación del número.")
    digest.publish_issue(moderator, issue)
    # Regional positions proposed by Argentina with Colombia, the walk's focal
    # point: it holds a seat but does not manage them.
    proposal = {
        "text": "Primer párrafo.\n\nSegundo párrafo.",
        "closes_at": now + timedelta(days=7),
        "scope": "countries",
        "countries": ["AR", "CO"],
    }
    public_position = positions.open_position(delegate, topics["public"], positions.ProposalFields(**proposal))
    delegates_position = positions.open_position(delegate, topics["delegates"], positions.ProposalFields(**proposal))
    positions.record_stance(delegate, public_position, "agree")
    amendment = positions.propose_amendment(delegate, public_position, 0, "Otro primer párrafo.")
    rejected = positions.propose_amendment(delegate, public_position, 1, "Otro segundo párrafo.")
    positions.decide_amendment(delegate, rejected, accept=False)
    return {
        "author": author,
        "topics": topics,
        "reply": reply,
        "hidden_post": hidden_post,
        "listings": listings,
        "meetings": {"open": open_meeting, "invited": invited_meeting},
        "message": message,
        "opening": db.session.scalar(db.select(Post).filter_by(topic_id=topics["public"].id, parent_id=None)),
        "moderator": moderator,
        "suspended": suspended,
        "hidden_listing": hidden_listing,
        "held_post": held_post,
        "flag": flag,
        "issues": {"draft": draft, "published": issue},
        "positions": {"public": public_position, "delegates": delegates_position},
        "amendments": {"pending": amendment, "rejected": rejected},
    }


def routes(world):
    """(method, url, expected status per role[, body]) for every endpoint.

    A body is sent as JSON to the API and as form fields to pages."""
    t = world["topics"]
    co, ar = world["listings"]["CO"].id, world["listings"]["AR"].id
    hidden_listing = world["hidden_listing"].id
    reply, opening, held = world["reply"], world["opening"], world["held_post"]
    author = world["author"]
    opened, invited = world["meetings"]["open"], world["meetings"]["invited"]
    message = world["message"]
    flag = world["flag"].id
    draft, issue = world["issues"]["draft"], world["issues"]["published"]
    pp, dp = world["positions"]["public"].id, world["positions"]["delegates"].id
    amendment, rejected = world["amendments"]["pending"].id, world["amendments"]["rejected"].id
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
            ("GET", f"/p/{held.id}", expect(404, 404, 404, 302, 302)),
        ],
        "discussions.edit_post": [("GET", f"/p/{reply.id}/edit", expect(302, 200, 403, 200, 200))],
        "discussions.delete_post": [("GET", f"/p/{reply.id}/delete", expect(302, 200, 403, 403, 403))],
        "discussions.post_history": [("GET", f"/p/{reply.id}/history", MODERATORS(200))],
        "moderation.moderate_topic": [("POST", f"/t/{t['public'].id}/moderate", MODERATORS(302))],
        "moderation.move_topic": [("GET", f"/t/{t['public'].id}/move", MODERATORS(200))],
        "moderation.moderate_post": [("POST", f"/p/{reply.id}/moderate", MODERATORS(302))],
        "moderation.audit_log": [("GET", "/mod/log", MODERATORS(200))],
        # Thread tools: a form sent empty is sent back to be corrected.
        "moderation.split_branch": [
            ("GET", f"/mod/p/{reply.id}/split", MODERATORS(200)),
            ("POST", f"/mod/p/{reply.id}/split", MODERATORS(422)),
        ],
        "moderation.move_post": [
            ("GET", f"/mod/p/{reply.id}/move", MODERATORS(200)),
            ("POST", f"/mod/p/{reply.id}/move", MODERATORS(422)),
        ],
        "moderation.merge_topic": [
            ("GET", f"/mod/t/{t['public'].id}/merge", MODERATORS(200)),
            ("POST", f"/mod/t/{t['public'].id}/merge", MODERATORS(422)),
        ],
        "moderation.slow_mode": [
            ("GET", f"/mod/t/{t['public'].id}/slow-mode", MODERATORS(200)),
            ("POST", f"/mod/t/{t['public'].id}/slow-mode", MODERATORS(422)),
        ],
        "moderation.edit_topic": [
            ("GET", f"/mod/t/{t['public'].id}/edit", MODERATORS(200)),
            ("GET", f"/mod/t/{t['secretariat'].id}/edit", MODERATORS(200)),
            ("GET", "/mod/t/99999/edit", expect(302, 403, 403, 404, 404)),
            ("POST", f"/mod/t/{t['public'].id}/edit", MODERATORS(422)),
        ],
        # Flags: any signed-in person flags what others wrote and may read.
        "review.flag": [
            ("GET", f"/flag/post/{reply.id}", expect(302, 403, 200, 200, 200)),
            ("GET", f"/flag/topic/{t['public'].id}", expect(302, 403, 200, 200, 200)),
            ("GET", f"/flag/topic/{t['delegates'].id}", expect(302, 404, 200, 200, 200)),
            ("GET", f"/flag/listing/{co}", SIGNED_IN(200)),  # the member flagged it already
            ("GET", f"/flag/listing/{hidden_listing}", expect(302, 404, 404, 200, 200)),
            ("GET", f"/flag/chat/{message.id}", expect(302, 403, 200, 200, 200)),
            ("GET", f"/flag/user/{author.id}", SIGNED_IN(404)),
            ("GET", "/flag/post/99999", SIGNED_IN(404)),
            ("POST", f"/flag/post/{reply.id}", expect(302, 403, 422, 422, 422)),
            ("POST", f"/flag/listing/{co}", expect(302, 302, 422, 422, 422)),
        ],
        "review.queue": [("GET", "/mod/queue", MODERATORS(200))],
        "review.queue_item": [
            ("GET", f"/mod/queue/{flag}", MODERATORS(200)),
            ("GET", "/mod/queue/99999", expect(302, 403, 403, 404, 404)),
        ],
        "review.act": [
            ("POST", f"/mod/queue/{flag}", MODERATORS(422)),
            ("POST", f"/mod/queue/{flag}", MODERATORS(422), {"action": "warn"}),
        ],
        # Moderators suspend members and focal points; only admins suspend moderators.
        "review.suspend": [
            ("GET", f"/u/{author.id}/suspend", MODERATORS(200)),
            ("GET", f"/u/{world['moderator'].id}/suspend", expect(302, 403, 403, 403, 200)),
            ("GET", "/u/99999/suspend", expect(302, 404, 404, 404, 404)),
            ("POST", f"/u/{author.id}/suspend", MODERATORS(422)),
        ],
        "review.lift": [
            ("POST", f"/u/{author.id}/unsuspend", MODERATORS(302)),  # not suspended: nothing to lift
            ("POST", f"/u/{world['suspended'].id}/unsuspend", MODERATORS(302)),
        ],
        "review.listing_visibility": [
            ("POST", f"/listings/{co}/visibility", MODERATORS(302)),  # already visible: nothing changes
            ("POST", f"/listings/{hidden_listing}/visibility", expect(302, 404, 404, 302, 302), {"action": "hide"}),
        ],
        "notifications.index": [("GET", "/notifications", SIGNED_IN(200))],
        "notifications.mark_read": [("POST", "/notifications/read", SIGNED_IN(302))],
        # Curation: the reply is featured and the conclusion; actions that are
        # refused (the opening post, a topic without conclusion) leave all as is.
        "curation.featured": [
            ("GET", "/destacados", ALL(200)),
            ("GET", "/destacados?space=cooperacion&quarter=2026-T9", ALL(422)),
        ],
        "curation.feature_post": [
            ("GET", f"/p/{reply.id}/feature", MODERATORS(200)),
            ("POST", f"/p/{reply.id}/feature", MODERATORS(422)),
        ],
        "curation.unfeature_post": [("POST", f"/p/{opening.id}/unfeature", MODERATORS(302))],
        "curation.mark_answer": [("POST", f"/p/{opening.id}/answer", MODERATORS(302))],
        "curation.clear_answer": [("POST", f"/t/{t['members'].id}/answer/clear", MODERATORS(302))],
        "curation.pending": [("GET", "/mod/pending", MODERATORS(200))],
        "curation.approve": [
            ("POST", f"/p/{reply.id}/approve", MODERATORS(302)),  # approved already
            ("POST", "/p/99999/approve", expect(302, 403, 403, 404, 404)),
        ],
        "curation.reject": [("POST", f"/p/{held.id}/reject", MODERATORS(302))],  # no reason: refused
        "curation.space_settings": [
            ("GET", "/s/cooperacion/settings", MODERATORS(200)),
            ("GET", "/s/no-existe/settings", expect(302, 403, 403, 404, 404)),
            ("POST", "/s/cooperacion/settings", MODERATORS(422)),
        ],
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
        "cooperation.listing": [
            ("GET", f"/listings/{co}", ALL(200)),
            ("GET", f"/listings/{hidden_listing}", expect(404, 404, 404, 200, 200)),
            ("GET", "/listings/999", ALL(404)),
        ],
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
        "api_moderation.create_flag": [
            ("POST", "/api/v1/flags", expect(401, 400, 400, 400, 400)),
            ("POST", "/api/v1/flags", expect(401, 403, 422, 422, 422), {"kind": "post", "id": reply.id}),
            ("POST", "/api/v1/flags", expect(401, 404, 404, 422, 422), {"kind": "topic", "id": t["hidden"].id}),
        ],
        "api_moderation.review_queue": [("GET", "/api/v1/review-queue", expect(401, 403, 403, 200, 200))],
        "api_moderation.act": [
            # Permission first, then the body: members are refused whatever they send.
            ("POST", f"/api/v1/review-queue/{flag}", expect(401, 403, 403, 400, 400)),
            ("POST", f"/api/v1/review-queue/{flag}", expect(401, 403, 403, 422, 422), {}),
            (
                "POST",
                f"/api/v1/review-queue/{flag}",
                expect(401, 403, 403, 422, 422),
                {"action": "move", "category_id": "x"},
            ),
            ("POST", "/api/v1/review-queue/99999", expect(401, 403, 403, 404, 404), {}),
        ],
        # The magazine: the draft has no introduction, so publishing it is
        # refused; a published issue is neither rebuilt nor deleted.
        "digest.issues": [("GET", "/revista", ALL(200))],
        "digest.issue": [("GET", f"/revista/{issue.number}", ALL(200)), ("GET", "/revista/99", ALL(404))],
        "digest.feed": [("GET", "/revista/atom.xml", ALL(200))],
        "digest.preview": [
            ("GET", f"/revista/borrador/{draft.id}", expect(404, 404, 404, 200, 200)),
            ("GET", f"/revista/borrador/{issue.id}", ALL(302)),
        ],
        "digest.new_issue": [
            ("GET", "/mod/revista/nueva", MODERATORS(200)),
            ("POST", "/mod/revista/nueva", MODERATORS(422)),
        ],
        "digest.edit_issue": [
            ("GET", f"/mod/revista/{draft.id}", MODERATORS(200)),
            ("GET", f"/mod/revista/{issue.id}", MODERATORS(200)),
            ("GET", "/mod/revista/99999", expect(302, 403, 403, 404, 404)),
            ("POST", f"/mod/revista/{draft.id}", MODERATORS(422)),
        ],
        "digest.rebuild_issue": [
            ("POST", f"/mod/revista/{draft.id}/reconstruir", MODERATORS(302)),
            ("POST", f"/mod/revista/{issue.id}/reconstruir", MODERATORS(302)),
        ],
        "digest.publish_issue": [("POST", f"/mod/revista/{draft.id}/publicar", MODERATORS(302))],
        "digest.delete_issue": [("POST", f"/mod/revista/{issue.id}/borrar", MODERATORS(302))],
        # Positions: Argentina proposed them with Colombia, the walk's focal
        # point, which holds a seat; moderators manage them and hold none.
        "positions.register": [("GET", "/positions", ALL(200))],
        "positions.register_json": [("GET", "/positions.json", ALL(200))],
        "positions.position": [
            ("GET", f"/positions/{pp}", ALL(200)),
            ("GET", f"/positions/{dp}", expect(404, 404, 200, 200, 200)),
            ("GET", "/positions/99999", ALL(404)),
        ],
        "positions.export_json": [
            ("GET", f"/positions/{pp}.json", ALL(200)),
            ("GET", f"/positions/{dp}.json", expect(404, 404, 200, 200, 200)),
        ],
        "positions.print_position": [
            ("GET", f"/positions/{pp}/print", ALL(200)),
            ("GET", f"/positions/{dp}/print", expect(404, 404, 200, 200, 200)),
        ],
        "positions.history": [
            ("GET", f"/positions/{pp}/history", ALL(200)),
            ("GET", f"/positions/{dp}/history", expect(404, 404, 200, 200, 200)),
        ],
        "positions.new_position": [
            ("GET", f"/t/{t['public'].id}/positions/new", expect(302, 403, 200, 200, 200)),
            ("GET", f"/t/{t['delegates'].id}/positions/new", expect(302, 404, 200, 200, 200)),
            ("GET", f"/t/{t['secretariat'].id}/positions/new", expect(302, 404, 404, 200, 200)),
            ("POST", f"/t/{t['public'].id}/positions/new", expect(302, 403, 422, 422, 422)),
        ],
        "positions.revise": [
            ("GET", f"/positions/{pp}/revise", expect(302, 403, 403, 200, 200)),
            ("POST", f"/positions/{pp}/revise", expect(302, 403, 403, 422, 422)),
        ],
        "positions.propose_amendment": [
            ("GET", f"/positions/{pp}/paragraphs/1/amend", expect(302, 403, 200, 403, 403)),
            ("GET", f"/positions/{pp}/paragraphs/3/amend", expect(302, 403, 404, 403, 403)),
            ("GET", f"/positions/{dp}/paragraphs/1/amend", expect(302, 404, 200, 403, 403)),
            ("POST", f"/positions/{pp}/paragraphs/1/amend", expect(302, 403, 422, 403, 403)),
        ],
        "positions.outcome": [
            ("GET", f"/positions/{pp}/outcome", expect(302, 403, 403, 200, 200)),
            ("POST", f"/positions/{pp}/outcome", expect(302, 403, 403, 422, 422)),
        ],
        "positions.record_stance": [
            ("POST", f"/positions/{pp}/stance", expect(302, 403, 422, 403, 403)),
            ("POST", f"/positions/{dp}/stance", expect(302, 404, 422, 403, 403)),
        ],
        "positions.decide_amendment": [
            # Decided already: a manager is told so, and nothing changes.
            ("POST", f"/positions/{pp}/amendments/{rejected}", expect(302, 403, 403, 302, 302), {"action": "reject"}),
            # Permission first: an empty form from someone who cannot decide is refused as such.
            ("POST", f"/positions/{pp}/amendments/{rejected}", expect(302, 403, 403, 302, 302)),
            ("POST", f"/positions/{pp}/amendments/99999", expect(302, 404, 404, 404, 404), {"action": "reject"}),
            ("POST", f"/positions/{dp}/amendments/{amendment}", expect(302, 404, 404, 404, 404), {"action": "reject"}),
        ],
        "api_positions.positions_list": [("GET", "/api/v1/positions", ALL(200))],
        "api_positions.position_detail": [
            ("GET", f"/api/v1/positions/{pp}", ALL(200)),
            ("GET", f"/api/v1/positions/{dp}", expect(404, 404, 200, 200, 200)),
        ],
        "api_positions.create_position": [
            ("POST", "/api/v1/positions", expect(401, 400, 400, 400, 400)),
            ("POST", "/api/v1/positions", expect(401, 403, 422, 422, 422), {"topic_id": t["public"].id}),
            ("POST", "/api/v1/positions", expect(401, 404, 422, 422, 422), {"topic_id": t["delegates"].id}),
            # Permission before the other fields' types.
            ("POST", "/api/v1/positions", expect(401, 403, 422, 422, 422), {"topic_id": t["public"].id, "quorum": "x"}),
        ],
        "api_positions.record_stance": [
            ("POST", f"/api/v1/positions/{pp}/stances", expect(401, 400, 400, 400, 400)),
            ("POST", f"/api/v1/positions/{pp}/stances", expect(401, 403, 422, 403, 403), {}),
            ("POST", f"/api/v1/positions/{pp}/stances", expect(401, 403, 422, 403, 403), {"stance": 5}),
        ],
        # Near the end: an empty form closes the topic (the note and reason are optional).
        "moderation.close_topic": [
            ("GET", f"/mod/t/{t['public'].id}/close", MODERATORS(200)),
            ("POST", f"/mod/t/{t['public'].id}/close", MODERATORS(302)),
        ],
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
        for method, url, expected, *body in checks:
            api = url.startswith("/api/")
            headers = {"Authorization": f"Bearer {token}"} if token and api else {}
            sent = {("json" if api else "data"): body[0]} if body else {}
            response = client.open(url, method=method, headers=headers, **sent)
            if response.status_code != expected[role]:
                failures.append(f"{method} {url} ({endpoint}): {response.status_code} != {expected[role]}")
            if endpoint == "auth.logout" and token:
                login(client, person)
    assert not failures, "\n".join(failures)
