"""Virtual meetings: scheduling, the list, the calendar file, chairing,
attendance and the record kept when a meeting ends."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from forum.meetings import services as meetings
from models import MEMBERS, Attendance, Meeting, ModerationAction, Post, Topic, db, utcnow

from .conftest import category, login, text_of
from .test_chat import Socket, connect, schedule


def space_id() -> int:
    return category("cooperacion-sur-sur").space_id


# Scheduling ------------------------------------------------------------------------------


def meeting_form(moderator, day, **changes) -> dict:
    form = {
        "title": "Coordinación de puntos focales",
        "description": "Preparación de la *reunión regional*.",
        "agenda": "Apertura\nInformes de los países",
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T12:00",
        "chair_id": moderator.id,
        "space_id": space_id(),
        "visibility": MEMBERS,
        "open_to_all": "y",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_a_moderator_schedules_a_meeting_in_their_own_time_zone(app, moderator):
    moderator.timezone = "America/Caracas"  # UTC-4 all year
    db.session.commit()
    http = login(app.test_client(), moderator)
    day = (utcnow() + timedelta(days=30)).date()
    response = http.post("/meetings/new", data=meeting_form(moderator, day))
    meeting = db.session.scalar(sa.select(Meeting))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.starts_at == datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
    assert meeting.agenda == ["Apertura", "Informes de los países"]
    assert meeting.chair_id == moderator.id and meeting.open_to_all

    page = http.get(f"/meetings/{meeting.id}")
    assert "Reunión convocada." in page.get_data(as_text=True)
    assert "10:00" in text_of(page) and "America/Caracas" in text_of(page)
    edit = http.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert f'value="{day}T10:00"' in edit  # shown back in the same zone


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"ends_at": "{day}T09:00"}, ["La reunión debe terminar después de empezar."]),
        ({"title": ""}, ["El título debe tener entre 5 y 200 caracteres."]),
        (
            {"title": "", "ends_at": "{day}T08:00"},
            ["El título debe tener entre 5 y 200 caracteres.", "La reunión debe terminar después de empezar."],
        ),
        ({"people": "nadie@example.org"}, ["No hay cuentas con estas direcciones: nadie@example.org."]),
        (
            {"open_to_all": None},
            ["Invite al menos a un país, una organización o una persona, o abra la reunión a todos."],
        ),
        ({"starts_at": "mañana a las diez"}, ["No es un valor para la fecha y la hora válido.", "mañana a las diez"]),
    ],
)
def test_bad_meeting_input_is_explained_and_kept(app, moderator, changes, messages):
    http = login(app.test_client(), moderator)
    day = (utcnow() + timedelta(days=30)).date()
    form = meeting_form(moderator, day, **{k: v.format(day=day) if v else v for k, v in changes.items()})
    response = http.post("/meetings/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in messages:
        assert message in page
    assert "Preparación de la *reunión regional*.</textarea>" in page
    if form.get("title"):
        assert f'value="{form["title"]}"' in page
    if "starts_at" not in changes:
        assert f'value="{day}T10:00"' in page
    if "people" in changes:
        assert "nadie@example.org</textarea>" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_only_moderators_schedule_meetings(app, member, focal_point, moderator):
    day = (utcnow() + timedelta(days=30)).date()
    for person in (member, focal_point):
        http = login(app.test_client(), person)
        assert http.get("/meetings/new").status_code == 403
        assert http.post("/meetings/new", data=meeting_form(moderator, day)).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


# The list and the calendar --------------------------------------------------------------


def test_the_list_groups_live_upcoming_and_past_and_hides_invitations(app, make_user, member, moderator):
    schedule(moderator, "Reunión en curso", starts=-30, ends=30)
    schedule(moderator, "Reunión próxima", starts=60 * 24, ends=60 * 25)
    schedule(moderator, "Reunión de la semana pasada", starts=-60 * 24 * 7, ends=-60 * 24 * 7 + 90)
    schedule(moderator, "Reunión cerrada por invitación", starts=60, ends=120, open_to_all=False, countries=["AR"])

    def sections(person) -> dict[str, str]:
        html = login(app.test_client(), person).get("/meetings").get_data(as_text=True)
        return dict(re.findall(r'<section class="meetings (\w+)">(.*?)</section>', html, re.S))

    seen = sections(member)
    assert "Reunión en curso" in seen["live"] and "Entrar en la sala" in seen["live"]
    assert "Reunión próxima" in seen["upcoming"]
    assert "Reunión de la semana pasada" in seen["past"]
    assert "Reunión cerrada por invitación" not in "".join(seen.values())
    for invited in (make_user("focal_point", country_code="AR"), moderator):
        assert "Reunión cerrada por invitación" in sections(invited)["upcoming"]


def test_the_calendar_file(app, member, moderator):
    meeting = schedule(
        moderator,
        "Reunión técnica, fase 1; revisión",
        starts=60,
        ends=150,
        description="Una descripción bastante larga, con acentos (cooperación, integración) y punto y coma; "
        "para que la línea pase de setenta y cinco octetos.",
        agenda=["Apertura"],
    )
    response = login(app.test_client(), member).get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert f'filename="reunion-{meeting.id}.ics"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    physical = raw.split(b"\r\n")
    assert physical[-1] == b"" and all(len(line) <= 75 for line in physical)
    assert any(line.startswith(b" ") for line in physical)  # the description was folded
    lines = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert f"DTSTART:{meeting.starts_at:%Y%m%dT%H%M%S}Z" in lines
    assert f"DTEND:{meeting.ends_at:%Y%m%dT%H%M%S}Z" in lines
    assert "SUMMARY:Reunión técnica\\, fase 1\\; revisión" in lines
    [description] = [line for line in lines if line.startswith("DESCRIPTION:")]
    assert "(cooperación\\, integración) y punto y coma\\; para" in description
    assert description.endswith("\\n\\n1. Apertura")


def test_a_meeting_closed_before_it_starts_is_called_off(app, member, moderator):
    meeting = schedule(moderator, "Reunión que no se celebra", starts=60, ends=120)
    planned_end = meeting.ends_at
    chair = login(app.test_client(), moderator)
    assert chair.post(f"/meetings/{meeting.id}/close").status_code == 302
    assert db.session.get(Meeting, meeting.id).state(utcnow()) == "past"
    lines = login(app.test_client(), member).get(f"/meetings/{meeting.id}.ics").get_data(as_text=True).split("\r\n")
    assert "STATUS:CANCELLED" in lines
    assert f"DTEND:{planned_end:%Y%m%dT%H%M%S}Z" in lines  # still after DTSTART


# Chairing --------------------------------------------------------------------------------


@pytest.fixture
def chaired(app, make_user, moderator, focal_point):
    """A live meeting chaired by `moderator`, with three people in its room."""
    meeting = schedule(moderator, "Sesión plenaria")
    slug = meeting.room.slug
    chair = connect(app, moderator)
    assert chair.join(slug)["chair"] is True
    people = {"ana": focal_point, "bruno": make_user("member", name="Bruno"), "carla": make_user("member")}
    sockets = {name: connect(app, person) for name, person in people.items()}
    for socket in sockets.values():
        assert socket.join(slug)["chair"] is False
    everyone = [chair, *sockets.values()]
    for socket in everyone:
        socket.events()

    def floor(socket, action, **data):
        answer = socket.emit("floor", {"room": slug, "action": action, **data})
        if answer["ok"]:  # every change reaches everyone in the room
            for each in everyone:
                assert each.events("floor") == [answer["floor"]]
        return answer

    return meeting, chair, sockets, people, floor


def queue(state) -> list[int]:
    return [entry["person"]["id"] for entry in state["queue"]]


def test_the_speakers_list(chaired):
    meeting, chair, s, p, floor = chaired
    state = floor(s["ana"], "request")["floor"]
    assert queue(state) == [p["ana"].id] and state["speaking"] is None
    again = floor(s["ana"], "request")
    assert (again["status"], again["errors"]) == (422, {"floor": "Ya está en la lista de oradores."})
    floor(s["bruno"], "request")
    floor(s["carla"], "request")
    assert queue(floor(s["carla"], "withdraw")["floor"]) == [p["ana"].id, p["bruno"].id]
    assert floor(s["carla"], "withdraw")["status"] == 422
    carla = floor(s["carla"], "request")["floor"]["queue"][-1]["request_id"]

    state = floor(chair, "move", request_id=carla, direction="up")["floor"]
    assert queue(state) == [p["ana"].id, p["carla"].id, p["bruno"].id]
    ana = state["queue"][0]["request_id"]
    assert queue(floor(chair, "move", request_id=ana, direction="down")["floor"]) == [
        p["carla"].id,
        p["ana"].id,
        p["bruno"].id,
    ]

    state = floor(chair, "call")["floor"]  # the first in the list
    assert state["speaking"]["person"]["id"] == p["carla"].id and state["speaking"]["ends_at"] is None
    assert queue(state) == [p["ana"].id, p["bruno"].id]
    bruno_request = state["queue"][1]["request_id"]
    state = floor(chair, "call", request_id=bruno_request)["floor"]  # or a chosen one
    assert state["speaking"]["person"]["id"] == p["bruno"].id and queue(state) == [p["ana"].id]
    state = floor(chair, "finish")["floor"]
    assert state["speaking"] is None and queue(state) == [p["ana"].id]
    assert floor(chair, "call", request_id=bruno_request)["status"] == 422  # already spoke
    assert floor(chair, "dance")["status"] == 422


def test_closing_the_list_and_timing_interventions(chaired):
    meeting, chair, s, p, floor = chaired
    floor(s["ana"], "request")
    state = floor(chair, "rules", open=False)["floor"]
    assert state["open"] is False
    closed = floor(s["bruno"], "request")
    assert (closed["status"], closed["errors"]) == (422, {"floor": "La lista de oradores está cerrada."})
    assert queue(floor(chair, "rules", open=True)["floor"]) == [p["ana"].id]

    assert floor(chair, "rules", seconds=5)["status"] == 422
    assert floor(chair, "rules", seconds=90)["floor"]["seconds"] == 90
    speaking = floor(chair, "call")["floor"]["speaking"]
    since, ends = datetime.fromisoformat(speaking["since"]), datetime.fromisoformat(speaking["ends_at"])
    assert ends - since == timedelta(seconds=90)
    assert abs(since - utcnow()) < timedelta(seconds=5)
    assert floor(chair, "rules", seconds=None)["floor"]["speaking"]["ends_at"] is None


def test_only_the_chair_runs_the_floor_and_announces(app, chaired, make_user, admin):
    meeting, chair, s, p, floor = chaired
    slug = meeting.room.slug
    request_id = floor(s["ana"], "request")["floor"]["queue"][0]["request_id"]
    other_moderator = connect(app, make_user("moderator"))
    other_moderator.join(slug)
    for outsider in (s["bruno"], other_moderator):
        for action, data in [
            ("call", {}),
            ("finish", {}),
            ("move", {"request_id": request_id, "direction": "down"}),
            ("rules", {"open": False}),
        ]:
            refused = floor(outsider, action, **data)
            assert (refused["status"], refused["error"]) == (403, "Solo quien preside la reunión puede hacer esto.")
        refused = outsider.emit("announce", {"room": slug, "body": "Atención", "client_id": "no"})
        assert refused["status"] == 403

    answer = chair.emit("announce", {"room": slug, "body": "Se abre la **sesión**.", "client_id": "a-1"})
    assert answer["ok"] and answer["message"]["kind"] == "announcement"
    assert s["carla"].events("message") == [answer["message"]]
    assert chair.emit("history", {"room": slug})["messages"][-1]["kind"] == "announcement"

    stand_in = connect(app, admin)  # an admin can stand in for the chair
    assert stand_in.join(slug)["chair"] is True
    assert stand_in.emit("announce", {"room": slug, "body": "Pausa de diez minutos.", "client_id": "a-2"})["ok"]
    assert floor(stand_in, "call")["floor"]["speaking"]["person"]["id"] == p["ana"].id
    assert s["ana"].emit("floor", {"room": "sala-general-cooperacion", "action": "request"})["status"] == 404


# Attendance ------------------------------------------------------------------------------


def stays(meeting) -> list[Attendance]:
    db.session.commit()
    return db.session.scalars(sa.select(Attendance).filter_by(meeting_id=meeting.id).order_by(Attendance.id)).all()


def test_joining_a_meeting_room_records_a_stay_until_leaving(app, moderator, focal_point):
    meeting = schedule(moderator)
    socket = connect(app, focal_point)
    socket.join(meeting.room.slug)
    [stay] = stays(meeting)
    assert (stay.user_id, stay.country_code, stay.left_at) == (focal_point.id, "CO", None)

    socket.emit("leave", {"room": meeting.room.slug})
    [stay] = stays(meeting)
    assert stay.left_at is not None and stay.left_at >= stay.joined_at

    socket.join(meeting.room.slug)
    socket.drop()
    assert [s.left_at is not None for s in stays(meeting)] == [True, True]

    connect(app, focal_point).join("sala-general-cooperacion")  # not a meeting: nothing recorded
    assert len(stays(meeting)) == 2
    meetings.close_meeting(moderator, meeting)
    connect(app, focal_point).join(meeting.room.slug)  # reading the room afterwards is not attending
    assert len(stays(meeting)) == 2


def test_attendance_per_country_after_the_meeting(app, make_user, moderator, focal_point):
    meeting = schedule(moderator, starts=-60, ends=60)
    slug = meeting.room.slug
    bruno = make_user("member", country_code="CO", name="Bruno Colombiano")
    carla = make_user("member", country_code="AR", name="Carla Argentina")
    http = login(app.test_client(), focal_point)
    tab1, tab2 = Socket(app, http), Socket(app, http)  # Ana, twice
    for socket in (tab1, tab2, connect(app, bruno), connect(app, carla)):
        socket.join(slug)
    chair = login(app.test_client(), moderator)
    assert chair.post(f"/meetings/{meeting.id}/close").status_code == 302

    # Replay the stays at known times: minutes after the start (it ended about 60 minutes in).
    start = meeting.starts_at
    # Ana, Ana again (overlapping: another tab), Bruno (came early: counted from the start), Carla.
    times = [(10, 40), (20, 50), (-15, 20), (15, 45)]
    for stay, (came, went) in zip(stays(meeting), times, strict=True):
        stay.joined_at, stay.left_at = start + timedelta(minutes=came), start + timedelta(minutes=went)
    db.session.commit()

    html, per_person = http.get(f"/meetings/{meeting.id}").get_data(as_text=True).split("Por persona")
    rows = re.findall(r'<tr><td>([^<]*)</td>\s*<td>([^<]*)</td><td class="num">(\d+)</td></tr>', html)
    assert rows == [
        ("Argentina", "Carla Argentina", "30"),
        ("Colombia", "Bruno Colombiano, Ana Restrepo", "60"),  # Ana's two tabs: 40 minutes, not 60
    ]
    assert re.search(r'<td>Ana Restrepo</td><td>[^<]+</td><td class="num">40</td>', per_person)


# The record ------------------------------------------------------------------------------


def test_closing_a_meeting_keeps_its_record(app, member, moderator, make_user):
    meeting = schedule(moderator, "Reunión sobre comercio")
    slug = meeting.room.slug
    speaker, chair = connect(app, member), connect(app, moderator)
    speaker.join(slug)
    chair.join(slug)
    assert speaker.send(slug, "Propongo un **grupo de trabajo**.", "r-1")["ok"]
    removed = speaker.send(slug, "Un comentario fuera de lugar", "r-2")["message"]
    assert chair.emit("delete", {"id": removed["id"], "reason": "Fuera de tema"})["ok"]
    assert chair.emit("announce", {"room": slug, "body": "Pasamos a votación.", "client_id": "r-3"})["ok"]
    speaker.events()

    chair_http = login(app.test_client(), moderator)
    member_http = login(app.test_client(), member)
    before = member_http.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Transcripción" not in before and "Entrar en la sala" in before

    # Only the chair (or an admin) ends it.
    assert member_http.post(f"/meetings/{meeting.id}/close").status_code == 403
    assert login(app.test_client(), make_user("moderator")).post(f"/meetings/{meeting.id}/close").status_code == 403
    response = chair_http.post(f"/meetings/{meeting.id}/close")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    flashed = chair_http.get(response.headers["Location"]).get_data(as_text=True)
    assert "La reunión terminó. El registro queda en esta página." in flashed

    assert db.session.get(Meeting, meeting.id).state(utcnow()) == "past"
    [closed] = speaker.events("meeting_closed")
    assert closed["room"] == slug
    refused = speaker.send(slug, "¿Alguien sigue aquí?", "r-4")
    assert refused["status"] == 403 and refused["error"] == "La reunión terminó: la sala ya no admite mensajes."
    action = db.session.scalar(sa.select(ModerationAction).filter_by(action="meeting.close"))
    assert (action.actor_id, action.target_type, action.target_id) == (moderator.id, "meeting", meeting.id)
    assert all(stay.left_at is not None for stay in stays(meeting))

    page = member_http.get(f"/meetings/{meeting.id}")
    html, text = page.get_data(as_text=True), text_of(page)
    assert "Terminada" in text and "Entrar en la sala" not in text
    assert "Propongo un <strong>grupo de trabajo</strong>." in html
    assert "Pasamos a votación." in html and "Anuncio de la presidencia" in text
    assert "Un comentario fuera de lugar" not in html
    assert html.index("Propongo un") < html.index("Pasamos a votación.")
    assert "Asistencia" in text and member.name in text and moderator.name in text
    assert "La relatoría aún no está disponible." in text


def test_the_summary_and_the_follow_up_topic(app, member, moderator):
    meeting = schedule(moderator, "Reunión de seguimiento de acuerdos")
    chair = login(app.test_client(), moderator)
    follow_up = category("cooperacion-sur-sur")
    topics = lambda: db.session.scalar(sa.select(sa.func.count()).select_from(Topic))  # noqa: E731
    before = topics()

    # Before the meeting ends there is nothing to follow up.
    response = chair.post(f"/meetings/{meeting.id}/follow-up", data={"category_id": follow_up.id})
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert "El tema de seguimiento se abre cuando la reunión termina." in chair.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert topics() == before

    chair.post(f"/meetings/{meeting.id}/close")
    summary = "**Acuerdo:** crear un grupo de trabajo sobre aduanas.\n\n- Responsable: Secretaría"
    member_http = login(app.test_client(), member)
    assert member_http.post(f"/meetings/{meeting.id}/summary", data={"summary": "Mío"}).status_code == 403
    response = chair.post(f"/meetings/{meeting.id}/summary", data={"summary": summary})
    assert response.status_code == 302 and response.headers["Location"].endswith("#relatoria")
    page = member_http.get(f"/meetings/{meeting.id}")
    assert "<strong>Acuerdo:</strong> crear un grupo de trabajo sobre aduanas." in page.get_data(as_text=True)
    assert f"Por {moderator.name}" in text_of(page)

    assert member_http.post(f"/meetings/{meeting.id}/follow-up", data={"category_id": follow_up.id}).status_code == 403
    first = chair.post(f"/meetings/{meeting.id}/follow-up", data={"category_id": follow_up.id})
    topic = db.session.scalar(sa.select(Topic).order_by(Topic.id.desc()))
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/t/{topic.id}/{topic.slug}")
    assert topic.title == "Seguimiento: Reunión de seguimiento de acuerdos"
    assert topic.category_id == follow_up.id
    body = db.session.scalar(sa.select(Post.body_source).filter_by(topic_id=topic.id))
    assert summary in body
    second = chair.post(f"/meetings/{meeting.id}/follow-up", data={"category_id": follow_up.id})
    assert second.headers["Location"] == first.headers["Location"]
    assert topics() == before + 1
    assert "Tema de seguimiento en el foro" in member_http.get(f"/meetings/{meeting.id}").get_data(as_text=True)
