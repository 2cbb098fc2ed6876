"""API v1 for cooperation listings and country profiles."""

from contextlib import contextmanager

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from models import Country, db

from ..cooperation import services as cooperation
from ..cooperation.serializers import listing_json
from ..discussions.links import topic_url
from ..errors import ValidationError
from ..extensions import csrf
from ..localization import country_name
from .common import authenticate_bearer, json_body, pagination, require_user

blueprint = Blueprint("api_cooperation", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)
blueprint.before_request(authenticate_bearer)


def match_json(match: cooperation.Match) -> dict:
    return listing_json(match.listing) | {
        "same_sector": match.same_sector,
        "same_modality": match.same_modality,
        "similarity": match.similarity,
        "same_subregion": match.same_subregion,
        "in_talks": match.in_talks,
    }


def country_json(country: Country) -> dict:
    return {
        "code": country.code,
        "name": country_name(country.code),
        "name_es": country.name_es,
        "subregion": country.subregion,
        "schemes": country.scheme_list,
        "languages": country.languages.split(";"),
    }


@blueprint.get("/listings")
def listings():
    """Listings with the same filters as the page: kind, country, subregion,
    scheme, sector, modality, status."""
    filters, unknown = cooperation.parse_filters(request.args)
    if unknown:
        raise ValidationError({"filters": _("Filtros desconocidos: %(names)s.", names=", ".join(unknown))})
    page, per_page = pagination()
    result = db.paginate(cooperation.listings_query(filters, g.api_user), page=page, per_page=per_page, error_out=False)
    return jsonify(
        items=[listing_json(listing) for listing in result.items],
        page=page,
        per_page=per_page,
        total=result.total,
        pages=result.pages or 1,
        filters=filters,
        counts=cooperation.facet_counts(filters, g.api_user),
    )


@blueprint.get("/listings/<int:listing_id>")
def listing(listing_id: int):
    listing = cooperation.get_listing(listing_id, g.api_user)
    return jsonify(
        listing_json(listing)
        | {
            "matches": [match_json(match) for match in cooperation.matches(listing)],
        }
    )


@blueprint.post("/listings")
def create_listing():
    user = require_user()
    with _api_field_names():
        listing = cooperation.create_listing(user, _listing_payload())
    return jsonify(listing_json(listing)), 201


@blueprint.patch("/listings/<int:listing_id>")
def update_listing(listing_id: int):
    user = require_user()
    listing = cooperation.get_listing(listing_id, user)
    with _api_field_names():
        listing = cooperation.update_listing(user, listing, _listing_payload())
    return jsonify(listing_json(listing))


# The API's field names and the service's, where they differ.
API_FIELDS = {"description": "description_source", "country": "country_code"}


def _listing_payload() -> dict:
    """The JSON body with the API's field names mapped to the service's."""
    payload = dict(json_body())
    for api_name, service_name in API_FIELDS.items():
        if api_name in payload:
            payload[service_name] = payload.pop(api_name)
    return payload


@contextmanager
def _api_field_names():
    """Report field errors under the names the caller used."""
    try:
        yield
    except ValidationError as error:
        service_names = {service: api for api, service in API_FIELDS.items()}
        raise ValidationError(
            {service_names.get(key, key): message for key, message in error.errors.items()}
        ) from error


@blueprint.get("/countries")
def countries():
    rows = db.session.scalars(db.select(Country).order_by(Country.code)).all()
    return jsonify(items=[country_json(country) for country in rows])


@blueprint.get("/countries/<code>")
def country(code: str):
    profile = cooperation.country_profile(g.api_user, code)
    return jsonify(
        country_json(profile.country)
        | {
            "offers": [listing_json(listing) for listing in profile.offers],
            "demands": [listing_json(listing) for listing in profile.demands],
            "last_updated": profile.last_updated.isoformat() if profile.last_updated else None,
            "focal_points": [
                {"id": person.id, "name": person.name, "title": person.title} for person in profile.focal_points
            ],
            "topics": [
                {"id": topic.id, "title": topic.title, "url": topic_url(topic, _external=True)}
                for topic in profile.topics
            ],
        }
    )
