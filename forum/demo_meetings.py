"""Demo meetings and chat, loaded by `flask seed-demo` after the discussions:
a past directors' meeting with its transcript, attendance and summary, two
meetings ahead, and a few days of conversation in the general rooms.

Written through the services while the meeting is live, then moved back in
time, as the discussions are.
"""

from datetime import datetime, timedelta

from models import Attendance, Meeting, Room, User, db

from .meetings import chat
from .meetings import services as meetings

PAST_MEETING = {
    "title": "IV Reunión virtual de directores de cooperación internacional",
    "days_ago": 12,
    "hours": 2,
    "chair": "carolina.mendez",
    "description": (
        "Sesión virtual entre la reunión anual presencial y la siguiente, para dar seguimiento a los "
        "compromisos sobre **catálogos nacionales de oferta** y preparar la posición regional sobre "
        "cooperación Sur-Sur que se llevará al Consejo Latinoamericano."
    ),
    "agenda": [
        "Apertura y aprobación del orden del día",
        "Estado de los catálogos nacionales de oferta en Encuentro",
        "Experiencias de cooperación triangular en gestión de riesgo",
        "Hoja de ruta hacia una posición regional sobre cooperación Sur-Sur",
        "Acuerdos y cierre",
    ],
    # (minutes after the start, author, kind, text)
    "transcript": [
        (
            1,
            "carolina.mendez",
            "announcement",
            (
                "Buenas tardes a todas y todos. Abrimos la sesión: el orden del día está en la página de la "
                "reunión. Quien desee intervenir, por favor pida la palabra."
            ),
        ),
        (3, "lucia.ferreyra", "message", "Buenas tardes desde Buenos Aires. Argentina aprueba el orden del día."),
        (4, "andres.rincon", "message", "Saludos desde Bogotá. De acuerdo con el orden propuesto."),
        (
            9,
            "carolina.mendez",
            "announcement",
            "Punto 2: estado de los catálogos. Cada intervención tiene tres minutos.",
        ),
        (
            11,
            "ana.carvalho",
            "message",
            (
                "Brasil actualizó en octubre sus fichas de oferta en salud y agricultura familiar. Nos faltan"
                " las de educación técnica; las cargaremos antes de fin de mes."
            ),
        ),
        (
            14,
            "mauricio.solano",
            "message",
            (
                "Costa Rica tiene todas sus fichas vigentes. Sugerimos que la plataforma avise cuando una "
                "ficha lleve seis meses sin validar, como ya hace la página de cada país."
            ),
        ),
        (
            17,
            "marcia.campbell",
            "message",
            (
                "Jamaica publicó su primera demanda sobre **resiliencia costera**. Agradeceríamos que quienes"
                " tengan oferta en esa área la revisen."
            ),
        ),
        (
            19,
            "francisca.morales",
            "message",
            (
                "@**Marcia Campbell-Reid** Chile tiene experiencia en alerta temprana de tsunamis; le escribo"
                " hoy mismo por la ficha."
            ),
        ),
        (
            31,
            "carolina.mendez",
            "announcement",
            "Punto 3: cooperación triangular en gestión de riesgo. Tiene la palabra Perú.",
        ),
        (
            33,
            "jorge.huaman",
            "message",
            (
                "El proyecto con Japón y Centroamérica sobre reconstrucción de viviendas dejó una lección "
                "clara: los manuales deben adaptarse a cada norma sísmica nacional desde el inicio, no al "
                "final."
            ),
        ),
        (
            38,
            "hector.cifuentes",
            "message",
            (
                "Guatemala coincide. Proponemos compartir en el foro las fichas técnicas traducidas para que "
                "otros países no empiecen de cero."
            ),
        ),
        (
            44,
            "yokasta.pena",
            "message",
            (
                "República Dominicana puede ofrecer pasantías en su centro de operaciones de emergencia para "
                "dos o tres técnicos por país en el primer semestre."
            ),
        ),
        (
            58,
            "carolina.mendez",
            "announcement",
            (
                "Punto 4: hoja de ruta hacia la posición regional. La Secretaría circulará un borrador en el "
                "espacio de posiciones regionales."
            ),
        ),
        (
            61,
            "gabriela.soto",
            "message",
            (
                "México sugiere que el borrador distinga con claridad la cooperación técnica de la "
                "financiera, porque los marcos legales nacionales las tratan de forma distinta."
            ),
        ),
        (
            66,
            "valentina.sosa",
            "message",
            (
                "Uruguay apoya. También convendría incluir un párrafo sobre la medición de la cooperación "
                "Sur-Sur, aunque sea con indicadores mínimos."
            ),
        ),
        (
            71,
            "ernesto.valdes",
            "message",
            (
                "Cuba propone que el borrador recoja la experiencia de las brigadas médicas como modalidad de"
                " intercambio de expertos."
            ),
        ),
        (
            95,
            "carolina.mendez",
            "announcement",
            (
                "Acuerdos: (1) catálogos completos antes de fin de mes; (2) fichas técnicas de gestión de "
                "riesgo en el foro; (3) borrador de posición en quince días. Se levanta la sesión. Gracias a "
                "todos."
            ),
        ),
    ],
    # (author, joined minutes after the start, left minutes after the start)
    "attendance": [
        ("carolina.mendez", 0, 120),
        ("lucia.ferreyra", 2, 118),
        ("andres.rincon", 2, 120),
        ("ana.carvalho", 5, 90),
        ("mauricio.solano", 6, 120),
        ("marcia.campbell", 8, 110),
        ("francisca.morales", 10, 120),
        ("jorge.huaman", 12, 100),
        ("hector.cifuentes", 15, 120),
        ("yokasta.pena", 20, 80),
        ("gabriela.soto", 25, 120),
        ("valentina.sosa", 30, 115),
        ("ernesto.valdes", 35, 120),
        ("desmond.alleyne", 40, 70),
    ],
    "summary": """**Conclusiones**

1. Los catálogos nacionales de oferta en Encuentro avanzan: Costa Rica los tiene completos; Brasil y otros
   países completarán las fichas pendientes antes de fin de mes.
2. La cooperación triangular en gestión de riesgo funciona mejor cuando los manuales se adaptan a cada norma
   nacional desde el diseño.
3. Hay acuerdo en preparar una posición regional sobre cooperación Sur-Sur que distinga la cooperación técnica
   de la financiera e incluya indicadores mínimos de medición.

**Acciones**

- Puntos focales: completar y validar sus fichas de oferta y demanda (plazo: fin de mes).
- Perú y Guatemala: publicar en el foro las fichas técnicas traducidas del proyecto de vivienda.
- República Dominicana: publicar la ficha de pasantías en su centro de operaciones de emergencia.
- Secretaría Permanente: circular el borrador de posición regional en quince días.""",
}

UPCOMING_MEETINGS = [
    {
        "title": "Taller virtual: cómo medir la cooperación Sur-Sur",
        "days_ahead": 9,
        "hours": 3,
        "chair": "carolina.mendez",
        "description": (
            "Intercambio técnico sobre indicadores mínimos para registrar y comunicar la cooperación Sur-Sur,"
            " a partir de las experiencias nacionales."
        ),
        "agenda": [
            "Qué miden hoy las agencias de la región",
            "Propuesta de indicadores mínimos",
            "Cómo mostrarlos en los perfiles de país de Encuentro",
        ],
    },
    {
        "title": "Consulta con los puntos focales del Caribe sobre resiliencia costera",
        "days_ahead": 16,
        "hours": 2,
        "chair": "carolina.mendez",
        "description": "Consulta reservada para preparar una demanda conjunta de cooperación en protección costera.",
        "agenda": ["Necesidades comunes", "Ofertas ya publicadas en Encuentro", "Próximos pasos"],
        "countries": ["JM", "HT", "DO", "CU"],
    },
]

# (days ago, author, text) in the general room of the cooperation space.
ROOM_MESSAGES = [
    (6, "andres.rincon", "¿Alguien tiene a mano el calendario de convocatorias de becas para el primer semestre?"),
    (
        6,
        "lucia.ferreyra",
        "Lo subimos al tema de experiencias exitosas la semana pasada; busquen «convocatorias 2026».",
    ),
    (
        4,
        "patricia.illanes",
        "Desde la sociedad civil nos interesa seguir el taller sobre medición. ¿Será abierto a miembros?",
    ),
    (
        4,
        "carolina.mendez",
        "Sí, el taller está abierto a todos los miembros. Los detalles están en la página de reuniones.",
    ),
    (
        1,
        "jeanrobert.pierrelouis",
        (
            "Haïti a publié une nouvelle demande sur la formation d'enseignants. Merci de votre attention, "
            "chers collègues."
        ),
    ),
    (
        1,
        "yokasta.pena",
        (
            "@**Jean-Robert Pierre-Louis** República Dominicana la revisa esta semana; tenemos oferta en "
            "formación docente."
        ),
    ),
]


def seed_demo_meetings(users: dict[str, User], now: datetime) -> None:
    """Meetings and messages, unless a previous run already wrote them."""
    if db.session.scalar(db.select(Meeting.id).filter_by(title=PAST_MEETING["title"]).limit(1)) is not None:
        return
    general = db.session.scalar(db.select(Room).filter_by(slug="sala-general-cooperacion"))
    space_id = general.space_id
    _past_meeting(users, now, space_id)
    for spec in UPCOMING_MEETINGS:
        starts = (now + timedelta(days=spec["days_ahead"])).replace(hour=14, minute=0, second=0, microsecond=0)
        meetings.schedule_meeting(
            users[spec["chair"]],
            meetings.MeetingFields(
                title=spec["title"],
                description=spec["description"],
                agenda=spec["agenda"],
                starts_at=starts,
                ends_at=starts + timedelta(hours=spec["hours"]),
                chair_id=users[spec["chair"]].id,
                open_to_all="countries" not in spec,
                countries=spec.get("countries", []),
                space_id=space_id,
            ),
        )
    for number, (days_ago, author, text) in enumerate(ROOM_MESSAGES):
        sent = chat.post_message(users[author], general, text, f"demo-{number}").message
        sent.created_at = (now - timedelta(days=days_ago)).replace(hour=15, minute=10 * number % 60)
    db.session.commit()


def _past_meeting(users: dict[str, User], now: datetime, space_id: int) -> None:
    """Held live now through the services, then moved back to its date."""
    spec = PAST_MEETING
    chair = users[spec["chair"]]
    meeting = meetings.schedule_meeting(
        chair,
        meetings.MeetingFields(
            title=spec["title"],
            description=spec["description"],
            agenda=spec["agenda"],
            starts_at=now - timedelta(minutes=1),
            ends_at=now + timedelta(hours=spec["hours"]),
            chair_id=chair.id,
            space_id=space_id,
        ),
    )
    held = (now - timedelta(days=spec["days_ago"])).replace(hour=14, minute=0, second=0, microsecond=0)
    for number, (minute, author, kind, text) in enumerate(spec["transcript"]):
        sent = chat.post_message(users[author], meeting.room, text, f"demo-{number}", kind=kind).message
        sent.created_at = held + timedelta(minutes=minute, seconds=number * 7 % 50)
    for author, joined, left in spec["attendance"]:
        person = users[author]
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                user_id=person.id,
                country_code=person.country_code,
                organization_id=person.organization_id,
                sid=f"demo-{author}",
                joined_at=held + timedelta(minutes=joined),
                left_at=held + timedelta(minutes=left),
            )
        )
    meeting.starts_at, meeting.ends_at = held, held + timedelta(hours=spec["hours"])
    meeting.created_at = held - timedelta(days=20)
    db.session.commit()
    meetings.save_summary(chair, meeting, spec["summary"])
    meeting.summary_at = meeting.ends_at + timedelta(days=1)
    # `flask seed-demo` rebuilds the whole index afterwards, transcripts included.
    meeting.transcript_indexed_at = now
    db.session.commit()
