"""Reference data shipped with the product: member states, organisations and
the two spaces with their categories and standing chat rooms. Loading it is
idempotent."""

import csv
import json
from pathlib import Path

from models import DELEGATES, MEMBERS, PUBLIC, SECRETARIAT, Category, Country, Organization, Room, Space, db

DATA_DIR = Path(__file__).parent / "data"

VISIBILITY_NAMES = {"public": PUBLIC, "members": MEMBERS, "delegates": DELEGATES, "secretariat": SECRETARIAT}


def _localized_fields(spec: dict) -> dict:
    """Spanish name and description, plus the other languages' versions."""
    others = {
        language: {"name": spec["name"][language], "description": spec["description"][language]}
        for language in spec["name"]
        if language != "es"
    }
    return {
        "name": spec["name"]["es"],
        "description": spec["description"]["es"],
        "visibility": VISIBILITY_NAMES[spec["visibility"]],
        "translations": others,
    }


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
        organization = db.session.scalar(db.select(Organization).filter_by(acronym=row["acronym"])) or Organization(
            acronym=row["acronym"]
        )
        organization.name = row["name"]
        organization.kind = row["kind"]
        db.session.add(organization)

    # Spaces and categories are only created when missing (moderators may
    # have changed them since); translations are filled in where absent.
    with open(DATA_DIR / "spaces.json", encoding="utf-8") as handle:
        spaces = json.load(handle)
    for space_position, space_spec in enumerate(spaces):
        space = db.session.scalar(db.select(Space).filter_by(slug=space_spec["slug"]))
        if space is None:
            space = Space(slug=space_spec["slug"], position=space_position, **_localized_fields(space_spec))
            db.session.add(space)
            db.session.flush()
        elif not space.translations:
            space.translations = _localized_fields(space_spec)["translations"]
        existing = {c.slug: c for c in db.session.scalars(db.select(Category).filter_by(space_id=space.id))}
        for position, spec in enumerate(space_spec["categories"]):
            category = existing.get(spec["slug"])
            if category is None:
                db.session.add(
                    Category(space_id=space.id, slug=spec["slug"], position=position, **_localized_fields(spec))
                )
            elif not category.translations:
                category.translations = _localized_fields(spec)["translations"]
        _add_missing_rooms(space, space_spec["rooms"])
    db.session.commit()


def _add_missing_rooms(space: Space, specs: list[dict]) -> None:
    """The standing chat rooms: the space's general room and its working groups."""
    existing = set(db.session.scalars(db.select(Room.slug).where(Room.slug.in_([s["slug"] for s in specs]))))
    for spec in specs:
        if spec["slug"] in existing:
            continue
        translations = {
            language: {"title": spec["title"][language], "description": spec["description"][language]}
            for language in spec["title"]
            if language != "es"
        }
        db.session.add(
            Room(
                slug=spec["slug"],
                kind=spec["kind"],
                space_id=space.id,
                visibility=VISIBILITY_NAMES[spec["visibility"]],
                title=spec["title"]["es"],
                description=spec["description"]["es"],
                translations=translations,
            )
        )
