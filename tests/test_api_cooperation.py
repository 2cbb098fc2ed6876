"""API v1 for cooperation listings and countries (issue 3, points 8–10):
same filters and permissions as the pages, JSON codes, field errors."""

# The fixtures shared with test_cooperation are imported, then named as parameters.
# ruff: noqa: F811

from datetime import date, timedelta

import pytest

from forum.discussions import services as discussions
from models import Country, Listing, ListingChange, Organization, db

from .conftest import PASSWORD
from .test_cooperation import (  # noqa: F401  (fixtures are used by name)
    EXPECTED,
    FUTURE,
    PAST,
    catalogue,
    count,
    make_stale,
    publish,
    ranking,
    reload,
)


def token_for(client, user) -> dict:
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


def body(**fields) -> dict:
    data = {
        "kind": "offer",
        "title": "Formación en gestión de riesgo sísmico",
        "description": "Cursos para equipos municipales de **respuesta**.",
        "sector": "disaster_risk",
        "modality": "training",
        "sdgs": [11, 13],
        "partners": ["pe", "EC"],
        "valid_until": FUTURE,
        "contact_name": "Luisa Gómez",
        "contact_email": "luisa.gomez@cancilleria.gov.co",
    }
    data.update(fields)
    return data


# Reading ----------------------------------------------------------------------


def test_list_with_the_pages_filters_and_pagination(client, catalogue):
    c = {name: listing.id for name, listing in catalogue.items()}
    everything = client.get("/api/v1/listings")
    assert everything.status_code == 200 and everything.json["total"] == 11

    health = client.get("/api/v1/listings?sector=health&per_page=4&page=2").json
    assert health["total"] == 6 and health["pages"] == 2 and health["page"] == 2 and health["per_page"] == 4
    assert len(health["items"]) == 2
    first = client.get("/api/v1/listings?sector=health&per_page=4").json["items"]
    assert {i["id"] for i in first + health["items"]} == {
        c["co_health"],
        c["pe_health"],
        c["ar_health"],
        c["jm_health"],
        c["cu_health"],
        c["gt_health"],
    }
    assert health["filters"] == {"sector": "health"}
    assert health["counts"]["subregion"] == {"caribe": 2, "centroamerica": 1, "sudamerica": 3, "norteamerica": 0}

    combined = client.get("/api/v1/listings?kind=demand&subregion=sudamerica&scheme=CAN&status=open").json
    assert {i["id"] for i in combined["items"]} == {c["pe_health"], c["ec_trade"]}
    assert combined["filters"] == {"kind": "demand", "subregion": "sudamerica", "scheme": "CAN", "status": "open"}
    offers = {i["id"] for i in client.get("/api/v1/listings?kind=offer&per_page=100").json["items"]}
    assert c["ar_health"] in offers and c["cr_env"] in offers and c["pe_health"] not in offers
    by_country = client.get("/api/v1/listings?country=mx&modality=scholarships").json["items"]
    assert [i["id"] for i in by_country] == [c["mx_edu"]]

    item = next(i for i in everything.json["items"] if i["id"] == c["ar_health"])
    assert item["kind"] == "both" and item["sector"] == "health" and item["modality"] == "expert_exchange"
    assert item["country"] == "AR" and item["status"] == "open" and item["stale"] is False
    assert item["url"] == f"http://encuentro.test/listings/{c['ar_health']}"

    assert client.get("/api/v1/listings?per_page=0").status_code == 422
    assert client.get("/api/v1/listings?per_page=101").status_code == 422


def test_detail_has_ranked_matches(client, ranking):
    demand, offers = ranking
    response = client.get(f"/api/v1/listings/{demand.id}")
    assert response.status_code == 200
    assert response.json["kind"] == "demand" and response.json["sector"] == "disaster_risk"
    matches = response.json["matches"]
    assert [m["id"] for m in matches] == [offers[name].id for name in EXPECTED]
    first, second = matches[0], matches[1]
    assert first["country"] == "PE" and first["same_subregion"] is True
    assert second["country"] == "MX" and second["same_subregion"] is False
    assert first["same_sector"] and first["same_modality"] and first["similarity"] == second["similarity"]
    assert matches[-1]["stale"] is True and matches[-1]["country"] == "AR"
    assert all(m["in_talks"] is False for m in matches)

    missing = client.get("/api/v1/listings/9999")
    assert missing.status_code == 404 and missing.json["error"] == "Esta ficha de cooperación no existe."


def test_countries(client, publish, focal_point, member, public_category):
    response = client.get("/api/v1/countries")
    assert response.status_code == 200
    items = response.json["items"]
    assert len(items) == 28
    colombia = next(i for i in items if i["code"] == "CO")
    assert colombia == {
        "code": "CO",
        "name": "Colombia",
        "name_es": "Colombia",
        "subregion": "Sudamérica",
        "schemes": ["CAN", "UNASUR", "AEC"],
        "languages": ["es"],
    }

    offer = publish("CO", kind="offer", title="Salud rural en Colombia")
    demand = publish("CO", kind="demand", title="Alerta temprana de inundaciones")
    publish("CO", kind="offer", title="Programa terminado", status="closed")
    topic = discussions.create_topic(member, public_category, "Experiencias de catastro", "texto")
    topic.countries = [db.session.get(Country, "CO")]
    db.session.commit()

    profile = client.get("/api/v1/countries/co")
    assert profile.status_code == 200
    data = profile.json
    assert data["code"] == "CO" and data["schemes"] == ["CAN", "UNASUR", "AEC"]
    assert [i["id"] for i in data["offers"]] == [offer.id]
    assert [i["id"] for i in data["demands"]] == [demand.id]
    assert [p["name"] for p in data["focal_points"]] == ["Ana Restrepo"]
    assert [t["title"] for t in data["topics"]] == ["Experiencias de catastro"]
    assert data["last_updated"] is not None

    assert client.get("/api/v1/countries/TT").json["last_updated"] is None
    unknown = client.get("/api/v1/countries/ZZ")
    assert unknown.status_code == 404 and unknown.is_json
    assert unknown.json["error"] == "Ese país no es un Estado Miembro del SELA."


# Writing --------------------------------------------------------------------------


def test_focal_point_creates_a_listing(client, focal_point):
    headers = token_for(client, focal_point)
    response = client.post("/api/v1/listings", headers=headers, json=body())
    assert response.status_code == 201
    created = response.json
    assert created["country"] == "CO" and created["organization"] is None
    assert created["partners"] == ["EC", "PE"] and created["sdgs"] == [11, 13]
    assert created["status"] == "open" and created["valid_until"] == FUTURE
    assert "<strong>respuesta</strong>" in created["description_html"]
    listing = db.session.get(Listing, created["id"])
    assert listing.title == "Formación en gestión de riesgo sísmico" and listing.created_by_id == focal_point.id
    assert db.session.scalar(db.select(ListingChange.action).filter_by(listing_id=listing.id)) == "created"
    # The country may be named, as long as it is the focal point's own.
    again = client.post("/api/v1/listings", headers=headers, json=body(country="co", kind="both"))
    assert again.status_code == 201 and again.json["country"] == "CO"


def test_moderator_creates_for_any_owner(client, moderator):
    headers = token_for(client, moderator)
    for_country = client.post("/api/v1/listings", headers=headers, json=body(country="JM"))
    assert for_country.status_code == 201 and for_country.json["country"] == "JM"
    caf = db.session.scalar(db.select(Organization.id).filter_by(acronym="CAF"))
    for_org = client.post("/api/v1/listings", headers=headers, json=body(organization_id=caf))
    assert for_org.status_code == 201 and for_org.json["organization"] == "CAF" and for_org.json["country"] is None
    nobody = client.post("/api/v1/listings", headers=headers, json=body())
    assert nobody.status_code == 422 and "country" in nobody.json["errors"]


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"sector": "astrology"}, "sector", "Sector desconocido."),
        ({"modality": "telepathy"}, "modality", "Modalidad desconocida."),
        ({"kind": "gift"}, "kind", "Elija oferta, demanda o doble vía."),
        ({"status": "pending"}, "status", "Estado desconocido."),
        ({"partners": ["PE", "ZZ"]}, "partners", "Países desconocidos: ZZ."),
        ({"country": "AR"}, "country", "Solo puede publicar la cooperación de su propio país."),
        ({"country": "ZZ"}, "country", "Solo puede publicar la cooperación de su propio país."),
        ({"valid_until": PAST}, "valid_until", "La fecha de vigencia ya pasó: elija una fecha futura."),
        ({"valid_until": "mañana"}, "valid_until", "Escriba la fecha como AAAA-MM-DD."),
        ({"description": ""}, "description", "Describa la oferta o la demanda."),
        ({"sdgs": [0, 18]}, "sdgs", "Los ODS son números del 1 al 17."),
        # Wrong JSON types are bad input too, never a server error.
        ({"sdgs": "13"}, "sdgs", "Los ODS son números del 1 al 17."),
        ({"partners": "PE"}, "partners", "Indique los países socios con sus códigos ISO."),
        ({"valid_until": 20301231}, "valid_until", "Escriba la fecha como AAAA-MM-DD."),
        ({"country": 57}, "country", "Solo puede publicar la cooperación de su propio país."),
    ],
)
def test_bad_input_is_422_with_field_errors_and_nothing_saved(client, focal_point, fields, field, message):
    headers = token_for(client, focal_point)
    response = client.post("/api/v1/listings", headers=headers, json=body(**fields))
    assert response.status_code == 422, response.json
    assert response.json["errors"][field] == message
    assert count(Listing) == 0 and count(ListingChange) == 0


def test_moderator_naming_an_unknown_country(client, moderator):
    response = client.post("/api/v1/listings", headers=token_for(client, moderator), json=body(country="ZZ"))
    assert response.status_code == 422
    assert response.json["errors"]["country"] == "Ese país no es un Estado Miembro del SELA."
    assert count(Listing) == 0


def test_members_and_anonymous_callers_cannot_create(client, member):
    refused = client.post("/api/v1/listings", headers=token_for(client, member), json=body())
    assert refused.status_code == 403
    assert refused.json["error"] == "Solo los puntos focales y la moderación publican oferta y demanda."
    assert client.post("/api/v1/listings", json=body()).status_code == 401
    assert count(Listing) == 0


def test_patch_changes_only_what_is_sent_and_records_it(client, focal_point, publish):
    listing = make_stale(
        publish(
            "CO",
            title="Catastro multipropósito",
            sector="public_admin",
            partners=["EC"],
            sdgs=[16],
            contact_name="Luisa Gómez",
        )
    )
    headers = token_for(client, focal_point)
    response = client.patch(f"/api/v1/listings/{listing.id}", headers=headers, json={"status": "agreed"})
    assert response.status_code == 200
    assert response.json["status"] == "agreed" and response.json["stale"] is False
    kept = reload(listing)
    assert kept.title == "Catastro multipropósito" and kept.sector == "public_admin"
    assert [c.code for c in kept.partners] == ["EC"] and kept.sdgs == [16] and kept.contact_name == "Luisa Gómez"
    change = db.session.scalar(db.select(ListingChange).filter_by(listing_id=listing.id, action="updated"))
    assert change.user_id == focal_point.id and change.changes == {"status": ["open", "agreed"]}

    described = client.patch(
        f"/api/v1/listings/{listing.id}",
        headers=headers,
        json={"description": "Nueva *descripción*", "partners": ["EC", "PE"]},
    )
    assert described.status_code == 200
    assert described.json["description_html"] == "<p>Nueva <em>descripción</em></p>\n"
    assert described.json["partners"] == ["EC", "PE"]
    assert "estado: Abierta → Acordada" in client.get(f"/listings/{listing.id}").get_data(as_text=True)


def test_patch_by_another_countrys_focal_point_is_403_and_saves_nothing(client, publish, make_user):
    listing = publish("PE", title="Gestión de cuencas andinas")
    changes = count(ListingChange)
    colombian = make_user("focal_point", country_code="CO")
    response = client.patch(
        f"/api/v1/listings/{listing.id}",
        headers=token_for(client, colombian),
        json={"title": "Cambiado desde Colombia", "country": "CO"},
    )
    assert response.status_code == 403
    assert "Solo los puntos focales de Perú o la moderación pueden editar esta ficha." == response.json["error"]
    assert reload(listing).title == "Gestión de cuencas andinas" and count(ListingChange) == changes
    assert client.patch(f"/api/v1/listings/{listing.id}", json={"title": "Sin token"}).status_code == 401
    assert (
        client.patch("/api/v1/listings/9999", headers=token_for(client, colombian), json={"title": "x"}).status_code
        == 404
    )


def test_patch_with_bad_values_saves_nothing(client, focal_point, publish):
    listing = publish("CO", title="Ficha intacta", sector="health")
    headers = token_for(client, focal_point)
    response = client.patch(
        f"/api/v1/listings/{listing.id}",
        headers=headers,
        json={"title": "Otro título", "sector": "astrology", "valid_until": PAST},
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"sector", "valid_until"}
    kept = reload(listing)
    assert kept.title == "Ficha intacta" and kept.sector == "health" and kept.valid_until is None
    # A focal point cannot hand the listing to another country.
    moved = client.patch(f"/api/v1/listings/{listing.id}", headers=headers, json={"country": "AR"})
    assert moved.status_code == 422
    assert moved.json["errors"] == {"country": "Solo puede publicar la cooperación de su propio país."}
    assert reload(listing).country_code == "CO"
    # Naming its own country is fine.
    assert client.patch(f"/api/v1/listings/{listing.id}", headers=headers, json={"country": "co"}).status_code == 200
    assert client.patch(f"/api/v1/listings/{listing.id}", headers=headers, data="x").status_code == 400


def test_an_expired_date_may_be_kept_by_patch(client, focal_point, publish):
    listing = publish("CO", title="Ficha con fecha vencida")
    listing.valid_until = date.today() - timedelta(days=10)
    db.session.commit()
    response = client.patch(
        f"/api/v1/listings/{listing.id}", headers=token_for(client, focal_point), json={"status": "closed"}
    )
    assert response.status_code == 200 and response.json["status"] == "closed"


def test_unknown_filter_values_are_a_422(client):
    response = client.get("/api/v1/listings?sector=astrology&status=open")
    assert response.status_code == 422
    assert "sector=astrology" in response.json["errors"]["filters"]
