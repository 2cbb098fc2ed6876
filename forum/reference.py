"""Reference data shipped with the product: member states, organisations and
the two spaces with their categories. Loading it is idempotent."""

import csv
from pathlib import Path

from models import DELEGATES, MEMBERS, PUBLIC, SECRETARIAT, Category, Country, Organization, Space, db

DATA_DIR = Path(__file__).parent / "data"

SPACES = [
    {
        "slug": "cooperacion",
        "name": "Espacio Virtual de Encuentro — Cooperación Internacional",
        "description": (
            "Los puntos focales de cooperación de los Estados Miembros debaten, "
            "comparten experiencias y construyen posiciones regionales sobre "
            "la cooperación Sur-Sur."
        ),
        "visibility": PUBLIC,
        "categories": [
            ("cooperacion-sur-sur", "Cooperación Sur-Sur",
             "Modalidades, instrumentos y agenda de la cooperación entre países de la región.", PUBLIC),
            ("experiencias-exitosas", "Experiencias exitosas",
             "Proyectos que funcionaron, con sus lecciones y contactos.", PUBLIC),
            ("cumbres", "Tendencias y compromisos de las Cumbres",
             "Seguimiento de los mandatos de las Cumbres y foros internacionales.", PUBLIC),
            ("posiciones-regionales", "Posiciones regionales",
             "Borradores de posiciones comunes entre los puntos focales.", DELEGATES),
            ("secretaria", "Coordinación de la Secretaría Permanente",
             "Espacio interno del equipo moderador.", SECRETARIAT),
        ],
    },
    {
        "slug": "dimension-social",
        "name": "Foro — Dimensión Social de la Integración",
        "description": (
            "Foro regional permanente sobre distribución del ingreso, pobreza "
            "y crecimiento sostenible, abierto a los organismos subregionales "
            "y a los actores sociales."
        ),
        "visibility": PUBLIC,
        "categories": [
            ("distribucion-del-ingreso", "Distribución del ingreso",
             "Desigualdad, políticas fiscales y redistribución.", PUBLIC),
            ("pobreza-e-inclusion", "Pobreza e inclusión",
             "Programas sociales, transferencias y protección social.", PUBLIC),
            ("crecimiento-sostenible", "Crecimiento sostenible",
             "Empleo, productividad y sostenibilidad ambiental.", PUBLIC),
            ("organismos-subregionales", "Organismos subregionales y actores sociales",
             "Coordinación entre CAN, CARICOM, MERCOSUR, SICA, UNASUR, ALBA y AEC.", MEMBERS),
        ],
    },
]


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data() -> None:
    """Bring countries and organisations up to date; add missing spaces and categories."""
    for row in _read_csv("member_states.csv"):
        country = db.session.get(Country, row["iso2"]) or Country(code=row["iso2"])
        country.name_es = row["name_es"]
        country.subregion = row["subregion"]
        country.languages = row["official_languages"]
        country.schemes = row["schemes_2008"]
        db.session.add(country)

    for row in _read_csv("organizations.csv"):
        organization = db.session.scalar(
            db.select(Organization).filter_by(acronym=row["acronym"])
        ) or Organization(acronym=row["acronym"])
        organization.name = row["name"]
        organization.kind = row["kind"]
        db.session.add(organization)

    # Spaces and categories are only created when missing: moderators may
    # have renamed them or changed their confidentiality since.
    for space_position, spec in enumerate(SPACES):
        space = db.session.scalar(db.select(Space).filter_by(slug=spec["slug"]))
        if space is None:
            space = Space(
                slug=spec["slug"],
                name=spec["name"],
                description=spec["description"],
                visibility=spec["visibility"],
                position=space_position,
            )
            db.session.add(space)
            db.session.flush()
        existing = set(db.session.scalars(db.select(Category.slug).filter_by(space_id=space.id)))
        for position, (slug, name, description, visibility) in enumerate(spec["categories"]):
            if slug not in existing:
                db.session.add(Category(
                    space_id=space.id, slug=slug, name=name, description=description,
                    visibility=visibility, position=position,
                ))
    db.session.commit()
