"""Listing -> JSON and CSV rows, shared by the export and the API."""

from flask import url_for

from models import Listing

from .services import is_stale

EXPORT_COLUMNS = (
    "id",
    "country",
    "organization",
    "kind",
    "title",
    "sector",
    "modality",
    "sdgs",
    "partners",
    "status",
    "valid_until",
    "contact_name",
    "contact_email",
    "validated_at",
    "stale",
    "updated_at",
    "url",
)


def listing_json(listing: Listing) -> dict:
    return {
        "id": listing.id,
        "country": listing.country_code,
        "organization": listing.organization.acronym if listing.organization else None,
        "kind": listing.kind,
        "title": listing.title,
        "description_html": listing.description_html,
        "sector": listing.sector,
        "modality": listing.modality,
        "sdgs": listing.sdgs,
        "partners": [country.code for country in listing.partners],
        "status": listing.status,
        "valid_until": listing.valid_until.isoformat() if listing.valid_until else None,
        "contact_name": listing.contact_name,
        "contact_email": listing.contact_email,
        "topic_id": listing.topic_id,
        "created_at": listing.created_at.isoformat(),
        "updated_at": listing.updated_at.isoformat(),
        "validated_at": listing.validated_at.isoformat(),
        "stale": is_stale(listing),
        "url": url_for("cooperation.listing", listing_id=listing.id, _external=True),
    }


def listing_row(listing: Listing) -> list:
    data = listing_json(listing)
    data["sdgs"] = " ".join(str(goal) for goal in data["sdgs"])
    data["partners"] = " ".join(data["partners"])
    return [data[column] for column in EXPORT_COLUMNS]
