"""The quarterly digest: periods, building an issue from what guests may
read, editing, publishing, reading, the Atom feed and who may do what."""

import threading
import time as clock
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from forum.digest import services as digest
from forum.discussions import services as discussions
from forum.errors import ValidationError
from forum.meetings import services as meetings
from forum.moderation.services import ACTION_LABELS
from models import (
    DELEGATES,
    MEMBERS,
    PUBLIC,
    ChatMessage,
    DigestIssue,
    Listing,
    ModerationAction,
    Post,
    Room,
    User,
    db,
    utcnow,
)

from .conftest import category, login, service_url, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = utcnow().date()
QUARTER = digest.last_complete_quarter(TODAY)
EARLIER_QUARTER = digest.last_complete_quarter(QUARTER.start)


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


INSIDE = at(QUARTER.start + timedelta(days=10))
BEFORE = at(QUARTER.start - timedelta(days=5))
AFTER = at(QUARTER.end + timedelta(days=1), hour=1)


def issues() -> list[DigestIssue]:
    db.session.expire_all()
    return db.session.scalars(sa.select(DigestIssue).order_by(DigestIssue.id)).all()


def build(client, period=QUARTER):
    return client.post("/mod/revista/nueva", data={"quarter": period.code})


def feature(post: Post, when: datetime, summary: str) -> Post:
    """As the curation tools would mark it."""
    post.featured_at, post.featured_summary = when, summary
    db.session.commit()
    return post


def written_at(post: Post, when: datetime) -> Post:
    post.created_at = when
    if post.parent_id is None:
        post.topic.created_at = when
    db.session.commit()
    return post


def opening(topic) -> Post:
    return db.session.scalar(sa.select(Post).filter_by(topic_id=topic.id, parent_id=None))


def draft(moderator, period=QUARTER, introduction="Presentación del número.") -> DigestIssue:
    issue = digest.build_issue(moderator, period)
    return digest.update_issue(moderator, issue, issue.title, introduction)


# Periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start", "end", "code"),
    [
        (date(2026, 11, 25), date(2026, 7, 1), date(2026, 9, 30), "2026-T3"),
        (date(2026, 1, 15), date(2025, 10, 1), date(2025, 12, 31), "2025-T4"),
        (date(2026, 4, 1), date(2026, 1, 1), date(2026, 3, 31), "2026-T1"),
        (date(2026, 6, 30), date(2026, 1, 1), date(2026, 3, 31), "2026-T1"),
        (date(2024, 5, 2), date(2024, 1, 1), date(2024, 3, 31), "2024-T1"),
    ],
)
def test_the_default_period_is_the_last_complete_quarter(today, start, end, code):
    period = digest.last_complete_quarter(today)
    assert (period.start, period.end, period.code) == (start, end, code)


def test_the_form_offers_recent_quarters_and_selects_the_last_one(client, moderator):
    quarters = digest.recent_quarters(date(2026, 2, 10), count=3)
    assert [q.code for q in quarters] == ["2025-T4", "2025-T3", "2025-T2"]
    assert digest.Period(date(2026, 7, 1), date(2026, 8, 15)).code is None
    login(client, moderator)
    page = client.get("/mod/revista/nueva").get_data(as_text=True)
    assert f'<option selected value="{QUARTER.code}">' in page
    assert f'<option value="{EARLIER_QUARTER.code}">' in page
    assert "Otras fechas" in page


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            {"quarter": ""},
            [
                "Indique la fecha de inicio del periodo, o elija un trimestre.",
                "Indique la fecha final del periodo, o elija un trimestre.",
            ],
        ),
        (
            {"quarter": "", "start": "2025-03-10", "end": "2025-02-01"},
            ["La fecha final es anterior a la de inicio."],
        ),
        (
            {"quarter": "", "start": str(TODAY - timedelta(days=20)), "end": str(TODAY + timedelta(days=3))},
            ["El periodo debe haber terminado: la fecha final ha de ser anterior a hoy."],
        ),
        ({"quarter": "", "start": "ayer", "end": "2025-02-01"}, ["«ayer» no es una fecha válida (AAAA-MM-DD)."]),
        ({"quarter": "", "start": "2023-01-01", "end": "2024-06-30"}, ["Un número cubre como máximo un año."]),
        ({"quarter": "2026-T9"}, ["Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3."]),
        (
            {"quarter": f"{TODAY.year}-T{(TODAY.month - 1) // 3 + 1}"},
            ["Ese trimestre aún no ha terminado."],
        ),
    ],
)
def test_a_bad_period_is_explained_and_kept(client, moderator, data, messages):
    login(client, moderator)
    response = client.post("/mod/revista/nueva", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in messages:
        assert message in page
    for name in ("start", "end"):
        if data.get(name):
            assert f'value="{data[name]}"' in page
    assert issues() == []


def test_custom_dates_make_a_period_and_a_period_is_built_once(client, moderator):
    login(client, moderator)
    start, end = QUARTER.start + timedelta(days=14), QUARTER.end - timedelta(days=14)
    response = client.post("/mod/revista/nueva", data={"quarter": "", "start": str(start), "end": str(end)})
    assert response.status_code == 302
    (issue,) = issues()
    assert (issue.period_start, issue.period_end, issue.number) == (start, end, None)
    assert issue.title.startswith("Encuentro — Revista de cooperación, ")

    again = client.post("/mod/revista/nueva", data={"quarter": "", "start": str(start), "end": str(end)})
    assert again.status_code == 422
    assert f"Ya hay un número para ese periodo: «{issue.title}»." in text_of(again)
    assert len(issues()) == 1


# Building --------------------------------------------------------------------------


@pytest.fixture
def forum_activity(app, make_user, moderator, public_category):
    """A quarter's worth of activity, some of it not for guests, some outside
    the quarter; returns the people involved."""
    colombia = make_user("focal_point", country_code="CO", name="Camila Ortiz")
    argentina = make_user("focal_point", country_code="AR", name="Ariel Benítez")
    member = make_user("member", name="Mercedes Socia")

    public = discussions.create_topic(colombia, public_category, "Bancos de leche humana", "Apertura del debate.")
    written_at(opening(public), INSIDE)
    answer = written_at(discussions.reply(argentina, public, "Nuestra experiencia con la red."), INSIDE)
    feature(answer, INSIDE, "Argentina comparte cómo organizó su red de bancos de leche.")
    old = written_at(discussions.reply(member, public, "Un aporte antiguo."), BEFORE)
    feature(old, BEFORE, "Destacado del trimestre anterior.")
    hidden = written_at(discussions.reply(member, public, "Fuera de lugar."), INSIDE)
    hidden.hidden_at = INSIDE
    db.session.commit()

    members_only = discussions.create_topic(
        member, public_category, "Debate reservado a miembros", "Solo para miembros.", visibility=MEMBERS
    )
    feature(written_at(opening(members_only), INSIDE), INSIDE, "Resumen que solo leen los miembros.")

    def listing(title, kind, country, created, updated=None, hidden=False):
        item = Listing(
            kind=kind,
            title=title,
            description_source="Texto.",
            description_html="<p>Texto.</p>",
            sector="health",
            modality="training",
            country_code=country,
            created_by_id=moderator.id,
            created_at=created,
            updated_at=updated or created,
            validated_at=updated or created,
            hidden_at=INSIDE if hidden else None,
        )
        db.session.add(item)

    listing("Formación en bancos de leche", "offer", "CO", INSIDE)
    listing("Asistencia en alerta temprana", "demand", "AR", BEFORE, updated=INSIDE)
    listing("Ficha ocultada por la moderación", "offer", "CO", INSIDE, hidden=True)
    listing("Ficha sin cambios en el trimestre", "both", "CO", BEFORE)
    db.session.commit()

    def meeting(title, starts, visibility=MEMBERS, summary=None, closed=None, invited=()):
        held = meetings.schedule_meeting(
            moderator,
            meetings.MeetingFields(
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                chair_id=moderator.id,
                space_id=public_category.space_id,
                open_to_all=not invited,
                countries=list(invited),
            ),
        )
        held.room.visibility = visibility
        held.closed_at = closed
        db.session.commit()
        if summary:
            meetings.save_summary(moderator, held, summary)
        return held

    open_meeting = meeting(
        "Reunión abierta de directores", INSIDE, visibility=PUBLIC, summary="**Acuerdo**: crear una red regional."
    )
    members_meeting = meeting("Reunión de todos los miembros", INSIDE, summary="Conclusiones compartidas.")
    meeting("Reunión de delegados", INSIDE, visibility=DELEGATES, summary="Conclusiones reservadas.")
    meeting("Reunión con invitación", INSIDE, summary="Conclusiones de los invitados.", invited=["CO"])
    meeting("Reunión suspendida", INSIDE, visibility=PUBLIC, closed=INSIDE - timedelta(hours=1))
    meeting("Reunión del trimestre siguiente", AFTER, visibility=PUBLIC)
    general = db.session.scalar(sa.select(Room).filter_by(slug="sala-general-cooperacion"))
    for number, (room, deleted) in enumerate(
        [(open_meeting.room, False), (members_meeting.room, False), (members_meeting.room, True), (general, False)]
    ):
        db.session.add(
            ChatMessage(
                room_id=room.id,
                author_id=colombia.id,
                client_id=f"c{number}",
                body_source="Hola",
                body_html="<p>Hola</p>",
                created_at=INSIDE,
                deleted_at=INSIDE if deleted else None,
            )
        )
    db.session.commit()
    return colombia, argentina, member


def test_building_takes_what_guests_may_read_from_the_period(client, moderator, forum_activity):
    login(client, moderator)
    response = build(client)
    (issue,) = issues()
    assert response.headers["Location"].endswith(f"/mod/revista/{issue.id}")
    assert issue.number is None and issue.title == f"Encuentro — Revista de cooperación, {QUARTER.code}"

    page = text_of(client.get(f"/revista/borrador/{issue.id}"))
    assert "Vista previa" in page
    assert "Bancos de leche humana" in page
    assert "Argentina comparte cómo organizó su red de bancos de leche." in page
    assert "Ariel Benítez, Argentina" in page
    assert "Destacado del trimestre anterior." not in page
    assert "Resumen que solo leen los miembros." not in page

    assert "Formación en bancos de leche nueva" in page
    assert "Asistencia en alerta temprana actualizada" in page
    assert "Ficha ocultada por la moderación" not in page
    assert "Ficha sin cambios en el trimestre" not in page

    assert "Reunión abierta de directores" in page and "Acuerdo : crear una red regional." in page
    # Meetings every member was called to: their relatoría; no restricted or invitation-only ones.
    assert "Reunión de todos los miembros" in page and "Conclusiones compartidas." in page
    assert "Reunión de delegados" not in page and "Conclusiones reservadas." not in page
    assert "Reunión con invitación" not in page and "Conclusiones de los invitados." not in page
    assert "Reunión suspendida" not in page and "Reunión del trimestre siguiente" not in page

    # Figures count every level (numbers, not content) but not hidden posts,
    # other quarters, called-off meetings, deleted or non-meeting messages.
    assert issue.contents["figures"] == {
        "topics": 2,
        "posts": 3,
        "members": 3,
        "countries": 2,
        "listings": 1,
        "meetings": 4,
        "chat_messages": 2,
    }
    assert "Temas nuevos 2 Mensajes 3 Personas que escribieron 3 Países que participaron 2" in page
    assert "Reuniones celebradas 4 Mensajes en las reuniones 2" in page


def test_a_featured_post_in_a_hidden_topic_is_left_out(client, moderator, forum_activity):
    topic = discussions.create_topic(moderator, category("cooperacion-sur-sur"), "Tema que se ocultará", "Texto.")
    feature(opening(topic), INSIDE, "Resumen de un tema oculto.")
    topic.hidden = True
    db.session.commit()
    login(client, moderator)
    build(client)
    (issue,) = issues()
    assert [entry["summary"] for entry in issue.contents["featured"]] == [
        "Argentina comparte cómo organizó su red de bancos de leche."
    ]


# Who may do what -------------------------------------------------------------------


def test_guests_are_sent_to_sign_in_and_members_refused(app, moderator, member, focal_point):
    issue = draft(moderator)
    addresses = [
        ("get", "/mod/revista/nueva"),
        ("post", "/mod/revista/nueva"),
        ("get", f"/mod/revista/{issue.id}"),
        ("post", f"/mod/revista/{issue.id}"),
        ("post", f"/mod/revista/{issue.id}/reconstruir"),
        ("post", f"/mod/revista/{issue.id}/publicar"),
        ("post", f"/mod/revista/{issue.id}/borrar"),
    ]
    guest = app.test_client()
    for method, address in addresses:
        response = getattr(guest, method)(address, data={"quarter": QUARTER.code, "title": "Cambiado por nadie"})
        assert response.status_code == 302 and "/login" in response.headers["Location"], address
    for person in (member, focal_point):
        client = login(app.test_client(), person)
        for method, address in addresses:
            response = getattr(client, method)(address, data={"quarter": QUARTER.code, "title": "Cambiado por otro"})
            assert response.status_code == 403, (person.role, address)
            assert "Solo los moderadores preparan la revista." in text_of(response)
    (unchanged,) = issues()
    assert unchanged.number is None and unchanged.title != "Cambiado por otro"


def test_drafts_are_for_moderators_only(app, moderator, admin, member):
    issue = draft(moderator)
    assert app.test_client().get(f"/revista/borrador/{issue.id}").status_code == 404
    member_client = login(app.test_client(), member)
    assert member_client.get(f"/revista/borrador/{issue.id}").status_code == 404
    assert issue.title not in text_of(member_client.get("/revista"))
    assert "Preparar un número" not in text_of(member_client.get("/revista"))
    admin_client = login(app.test_client(), admin)
    assert admin_client.get(f"/revista/borrador/{issue.id}").status_code == 200
    listing = text_of(admin_client.get("/revista"))
    assert "Borradores" in listing and issue.title in listing and "Preparar un número" in listing


def test_a_suspended_moderator_cannot_prepare_issues(client, make_user):
    suspended = make_user("moderator", name="Moderadora Suspendida")
    suspended.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    login(client, suspended)
    response = build(client)
    assert response.status_code == 403
    assert issues() == []


def test_a_missing_issue_is_404(client, moderator):
    assert client.get("/revista/7").status_code == 404
    login(client, moderator)
    assert client.get("/mod/revista/999").status_code == 404
    assert client.post("/mod/revista/999/publicar").status_code == 404


# Editing and publishing ------------------------------------------------------------


def publish(client, issue: DigestIssue):
    return client.post(f"/mod/revista/{issue.id}/publicar", follow_redirects=True)


def test_publishing_numbers_issues_in_order_and_guests_read_them(app, client, moderator):
    first, second = draft(moderator, EARLIER_QUARTER), draft(moderator, QUARTER)
    login(client, moderator)
    page = publish(client, first)
    assert "Número 1 publicado." in text_of(page)
    assert page.request.path == "/revista/1"
    assert "Número 2 publicado." in text_of(publish(client, second))
    assert [(issue.number, issue.published_at is not None) for issue in issues()] == [(1, True), (2, True)]
    assert client.get(f"/revista/borrador/{first.id}").headers["Location"].endswith("/revista/1")

    guest = app.test_client()
    listing = guest.get("/revista").get_data(as_text=True)
    assert listing.index(f"Revista de cooperación, {QUARTER.code}") < listing.index(
        f"Revista de cooperación, {EARLIER_QUARTER.code}"
    )
    assert 'type="application/atom+xml"' in listing
    read = guest.get("/revista/2")
    assert read.status_code == 200
    assert "Número 2" in text_of(read) and "Presentación del número." in text_of(read)
    assert f"Periodo: {QUARTER.code}" in text_of(read)


def test_publishing_twice_or_without_introduction_is_refused(client, moderator):
    issue = draft(moderator, introduction="")
    login(client, moderator)
    refused = publish(client, issue)
    assert "Escriba la introducción antes de publicar." in text_of(refused)
    assert issues()[0].number is None
    client.post(f"/mod/revista/{issue.id}", data={"title": issue.title, "introduction": "Ahora sí."})
    publish(client, issue)
    again = publish(client, issue)
    assert "Este número ya está publicado." in text_of(again)
    assert [i.number for i in issues()] == [1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationAction)) == 1


def test_a_draft_published_or_deleted_meanwhile_is_not_published_again(moderator):
    """The page loaded the draft; another moderator acts on it before ours
    reaches the database (the other change is not committed yet here, and is
    rolled back with ours)."""
    issue = draft(moderator)
    for meanwhile in (
        sa.update(DigestIssue).where(DigestIssue.id == issue.id).values(number=1, published_at=utcnow()),
        sa.delete(DigestIssue).where(DigestIssue.id == issue.id),
    ):
        db.session.refresh(issue)  # as the request loaded it
        db.session.execute(meanwhile.execution_options(synchronize_session=False))
        with pytest.raises(ValidationError) as refused:
            digest.publish_issue(moderator, issue)
        assert refused.value.errors == {"issue": "Otro moderador acaba de publicar o borrar este borrador."}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationAction)) == 0


def test_publishing_is_audited(client, moderator):
    issue = draft(moderator)
    login(client, moderator)
    publish(client, issue)
    entry = db.session.scalar(sa.select(ModerationAction))
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (
        moderator.id,
        "digest.publish",
        "digest",
        issue.id,
    )
    assert entry.detail == f"1. {issue.title}"
    log = text_of(client.get("/mod/log?action=digest.publish"))
    assert str(ACTION_LABELS["digest.publish"]) in log and issue.title in log


def test_editing_title_and_introduction_with_bad_input_kept(client, moderator):
    issue = draft(moderator)
    login(client, moderator)
    response = client.post(f"/mod/revista/{issue.id}", data={"title": "Ab", "introduction": "Texto *nuevo*"})
    assert response.status_code == 422
    assert "El título debe tener al menos 5 caracteres." in text_of(response)
    assert "Texto *nuevo*</textarea>" in response.get_data(as_text=True)
    long = client.post(f"/mod/revista/{issue.id}", data={"title": "Título correcto", "introduction": "x" * 20_001})
    assert "La introducción no puede pasar de 20000 caracteres." in text_of(long)
    saved = client.post(f"/mod/revista/{issue.id}", data={"title": "Número de prueba", "introduction": "Texto *nuevo*"})
    assert saved.status_code == 302
    (issue,) = issues()
    assert issue.title == "Número de prueba" and issue.introduction_html == "<p>Texto <em>nuevo</em></p>\n"


def test_a_published_issue_keeps_its_contents_but_typos_can_be_fixed(client, moderator, forum_activity):
    login(client, moderator)
    build(client)
    (issue,) = issues()
    client.post(f"/mod/revista/{issue.id}", data={"title": "Revista del trimestre", "introduction": "Intro."})
    publish(client, issue)
    published_at = issues()[0].updated_at

    late = discussions.create_topic(moderator, category("cooperacion-sur-sur"), "Debate destacado tarde", "Texto.")
    feature(opening(late), INSIDE, "Destacado después de publicar.")
    refused = client.post(f"/mod/revista/{issue.id}/reconstruir", follow_redirects=True)
    assert "Un número publicado ya no se reconstruye: su contenido quedó fijado." in text_of(refused)
    deleted = client.post(f"/mod/revista/{issue.id}/borrar", follow_redirects=True)
    assert "Un número publicado no se borra." in text_of(deleted)

    fixed = {"title": "Revista del trimestre, corregida", "introduction": "Intro."}
    client.post(f"/mod/revista/{issue.id}", data=fixed)
    (issue,) = issues()
    assert issue.number == 1 and issue.updated_at > published_at
    page = text_of(client.get("/revista/1"))
    assert "Revista del trimestre, corregida" in page
    assert "Destacado después de publicar." not in page
    entry = ET.fromstring(client.get("/revista/atom.xml").data).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") == issue.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entry.findtext(f"{ATOM}title") == "Revista del trimestre, corregida"


def test_a_draft_is_rebuilt_and_deleted(client, moderator, forum_activity):
    login(client, moderator)
    build(client)
    (issue,) = issues()
    late = discussions.create_topic(moderator, category("cooperacion-sur-sur"), "Debate destacado tarde", "Texto.")
    feature(opening(late), INSIDE, "Destacado después de preparar el borrador.")
    assert "Destacado después de preparar el borrador." not in text_of(client.get(f"/revista/borrador/{issue.id}"))
    rebuilt = client.post(f"/mod/revista/{issue.id}/reconstruir", follow_redirects=True)
    assert "Contenido tomado de nuevo del foro." in text_of(rebuilt)
    assert "Destacado después de preparar el borrador." in text_of(client.get(f"/revista/borrador/{issue.id}"))
    deleted = client.post(f"/mod/revista/{issue.id}/borrar", follow_redirects=True)
    assert "Borrador eliminado." in text_of(deleted) and deleted.request.path == "/revista"
    assert issues() == []


@pytest.fixture
def pg_app(make_app):
    application = make_app(SQLALCHEMY_DATABASE_URI=service_url("TEST_DATABASE_URL"))
    with application.app_context():
        yield application


def test_two_moderators_publishing_at_once_get_distinct_numbers(pg_app, make_user):
    """On PostgreSQL, a publication in progress elsewhere holds number 1: ours
    waits for it, is refused by the unique number and says so; a retry
    takes number 2."""
    moderator = make_user("moderator")
    rival, ours = draft(moderator, EARLIER_QUARTER), draft(moderator, QUARTER)
    rival_id, ours_id, moderator_id = rival.id, ours.id, moderator.id
    db.session.commit()
    outcome = []

    def publish_ours():
        with pg_app.app_context():
            try:
                digest.publish_issue(db.session.get(User, moderator_id), db.session.get(DigestIssue, ours_id))
            except ValidationError as error:
                outcome.append(error.message)

    with db.engine.connect() as other:
        transaction = other.begin()
        other.execute(sa.update(DigestIssue).where(DigestIssue.id == rival_id).values(number=1, published_at=utcnow()))
        thread = threading.Thread(target=publish_ours)
        thread.start()
        with db.engine.connect() as watcher:
            for _ in range(100):
                waiting = watcher.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
                if waiting:
                    break
                clock.sleep(0.05)
        assert waiting, "our publication should wait for the one in progress"
        transaction.commit()
    thread.join()
    assert outcome == ["Otro número se publicó en este mismo momento. Vuelva a intentarlo."]
    assert db.session.get(DigestIssue, ours_id).number is None
    retried = digest.publish_issue(db.session.get(User, moderator_id), db.session.get(DigestIssue, ours_id))
    assert retried.number == 2


# The Atom feed ---------------------------------------------------------------------


def test_the_atom_feed_lists_published_issues_escaped(app, client, moderator):
    first = draft(moderator, EARLIER_QUARTER, introduction="**Primera** entrega <script>alert(1)</script>")
    digest.update_issue(moderator, first, 'Cooperación <Sur> & "Norte"', first.introduction_source)
    digest.publish_issue(moderator, first)
    second = draft(moderator, QUARTER)
    digest.publish_issue(moderator, second)
    draft(moderator, digest.last_complete_quarter(EARLIER_QUARTER.start))  # a draft stays out

    response = app.test_client().get("/revista/atom.xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    body = response.get_data(as_text=True)
    assert "Cooperación &lt;Sur&gt; &amp; " in body and "<script>" not in body

    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "http://encuentro.test/revista"
    assert feed.findtext(f"{ATOM}title") == "Encuentro — Revista de cooperación"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "http://encuentro.test/revista/atom.xml", "alternate": "http://encuentro.test/revista"}
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == [
        "http://encuentro.test/revista/2",
        "http://encuentro.test/revista/1",
    ]
    assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    oldest = entries[1]
    assert oldest.findtext(f"{ATOM}title") == 'Cooperación <Sur> & "Norte"'
    assert oldest.find(f"{ATOM}link").get("href") == "http://encuentro.test/revista/1"
    assert oldest.findtext(f"{ATOM}published").endswith("Z")
    assert oldest.findtext(f"{ATOM}summary") == (
        f"Número 1, {EARLIER_QUARTER.code}. Debates destacados: 0; fichas de cooperación: 0; reuniones: 0."
    )
    content = oldest.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>Primera</strong> entrega" in content.text and "<script>" not in content.text
