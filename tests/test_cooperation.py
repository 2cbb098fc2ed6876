"""Cooperation offer and demand (issue 3): listings, who edits them, their
history, browsing with counts, country profiles, the matrix, matching,
"in talks" pairs, freshness, export and bad input — through the pages and
the services, asserting what a reader sees and what the database holds."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from forum.cooperation import services
from forum.discussions import services as discussions
from forum.errors import PermissionDenied, ValidationError
from models import Country, Listing, ListingChange, ListingMatch, Organization, Topic, db, utcnow

from .conftest import category, login, text_of

FUTURE = (date.today() + timedelta(days=200)).isoformat()
PAST = (date.today() - timedelta(days=1)).isoformat()


# Helpers ------------------------------------------------------------------


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def reload(listing: Listing) -> Listing:
    db.session.expire_all()
    return db.session.get(Listing, listing.id)


def switch(client, user):
    """Sign out whoever is signed in on this client, and sign in `user`."""
    client.post("/logout")
    return login(client, user)


def query_of(html: str, label: str) -> dict:
    """The filters of the facet link whose text is `label`."""
    href = re.search(rf'<a href="/listings\?([^"]*)">{re.escape(label)}</a>', html).group(1)
    return dict(pair.split("=") for pair in href.replace("&amp;", "&").split("&"))


def make_stale(listing: Listing, days: int = 213) -> Listing:
    """As if nobody had confirmed the listing for about seven months."""
    listing.validated_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return listing


@pytest.fixture
def publish(moderator):
    """Create a listing through the service, as the moderation would."""

    def factory(country="CO", **fields) -> Listing:
        data = {
            "kind": "offer",
            "title": "Ficha de cooperación",
            "description_source": "Texto de la ficha.",
            "sector": "health",
            "modality": "training",
        }
        data.update(fields)
        if "organization_id" not in fields:
            data["country_code"] = country
        return services.create_listing(moderator, data)

    return factory


def form_data(**fields) -> dict:
    data = {
        "kind": "demand",
        "title": "Sistema de alerta temprana de inundaciones",
        "description_source": "Buscamos **asistencia técnica** para un sistema de alerta temprana.",
        "sector": "disaster_risk",
        "modality": "technical_assistance",
        "sdgs": ["11", "13"],
        "partners": ["PE", "EC"],
        "status": "open",
        "valid_until": FUTURE,
        "contact_name": "Luisa Gómez",
        "contact_email": "luisa.gomez@cancilleria.gov.co",
    }
    data.update(fields)
    return data


def matches_section(html: str) -> str:
    return re.search(r"Posibles socios.*?</section>", html, re.S).group(0)


def match_ids(html: str) -> list[int]:
    return [
        int(i)
        for i in re.findall(
            r'<li>\s*<span class="badge kind-\w+">[^<]*</span>\s*<a href="/listings/(\d+)"', matches_section(html)
        )
    ]


# 1. Listings ----------------------------------------------------------------


def test_focal_point_publishes_listing_through_the_form(client, focal_point):
    login(client, focal_point)
    form = client.get("/listings/new")
    assert form.status_code == 200
    # Focal points publish for their own country: no owner choice is offered.
    assert 'name="owner"' not in form.get_data(as_text=True)

    before = count(Listing)
    response = client.post(
        "/listings/new",
        data=form_data(
            description_source="Buscamos **asistencia técnica**.\n\n<script>alert('x')</script>",
        ),
    )
    assert response.status_code == 302
    assert count(Listing) == before + 1

    listing = db.session.scalar(db.select(Listing))
    assert response.headers["Location"].endswith(f"/listings/{listing.id}")
    assert listing.country_code == "CO" and listing.organization_id is None
    assert listing.kind == "demand"
    assert listing.title == "Sistema de alerta temprana de inundaciones"
    assert listing.sector == "disaster_risk" and listing.modality == "technical_assistance"
    assert listing.sdgs == [11, 13]
    assert [c.code for c in listing.partners] == ["EC", "PE"]
    assert listing.status == "open"
    assert listing.valid_until == date.fromisoformat(FUTURE)
    assert listing.contact_name == "Luisa Gómez"
    assert listing.contact_email == "luisa.gomez@cancilleria.gov.co"
    assert listing.created_by_id == focal_point.id and listing.validated_by_id == focal_point.id
    assert listing.topic_id is None
    # The description is Markdown, sanitized: the script is text, not a tag.
    assert "<strong>asistencia técnica</strong>" in listing.description_html
    assert "<script>" not in listing.description_html
    assert "&lt;script&gt;" in listing.description_html
    changes = db.session.scalars(db.select(ListingChange)).all()
    assert [(c.action, c.user_id) for c in changes] == [("created", focal_point.id)]

    page = client.get(f"/listings/{listing.id}")
    html, text = page.get_data(as_text=True), text_of(page)
    assert "Ficha publicada." in text
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    # Codes are shown with their translated names.
    for shown in (
        "Demanda",
        "Colombia",
        "Abierta",
        "Reducción del riesgo de desastres",
        "Asistencia técnica",
        "ODS 11",
        "ODS 13",
        "Países destinatarios o socios Ecuador , Perú",
        "Luisa Gómez",
        "luisa.gomez@cancilleria.gov.co",
        "Ana Restrepo · publicó la ficha",
    ):
        assert shown in text, shown


@pytest.mark.parametrize(
    "kind, label, offers, seeks",
    [
        ("offer", "Oferta", True, False),
        ("demand", "Demanda", False, True),
        ("both", "Doble vía", True, True),
    ],
)
def test_a_listing_is_an_offer_a_demand_or_both(client, publish, kind, label, offers, seeks):
    listing = publish(kind=kind, title="Intercambio de docentes rurales")
    assert (listing.offers, listing.seeks) == (offers, seeks)
    html = client.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert f'<span class="badge kind-{kind}">{label}</span> Intercambio de docentes rurales' in html


def test_button_opens_one_topic_for_the_listing(client, publish, member):
    listing = publish(country="PE", title="Becas de posgrado en salud pública")
    # Guests read but cannot open a conversation.
    guest = text_of(client.get(f"/listings/{listing.id}"))
    assert "Todavía no hay conversación sobre esta ficha." in guest
    assert "Abrir una conversación sobre esta ficha" not in guest

    login(client, member)
    assert "Abrir una conversación sobre esta ficha" in text_of(client.get(f"/listings/{listing.id}"))
    response = client.post(f"/listings/{listing.id}/topic")
    assert response.status_code == 302
    topic = db.session.scalar(db.select(Topic))
    assert reload(listing).topic_id == topic.id
    assert topic.title == "Becas de posgrado en salud pública"
    assert topic.category.slug == "cooperacion-sur-sur"
    assert [c.code for c in topic.countries] == ["PE"]
    assert f"/t/{topic.id}" in response.headers["Location"]

    # A second press goes to the same topic.
    again = client.post(f"/listings/{listing.id}/topic")
    assert f"/t/{topic.id}" in again.headers["Location"]
    assert count(Topic) == 1
    page = client.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert f'href="/t/{topic.id}' in page and "Abrir una conversación" not in page


# 2. Who edits ---------------------------------------------------------------


def test_focal_point_edits_own_countrys_listing(client, focal_point, publish):
    listing = publish(
        country="CO",
        kind="offer",
        title="Catastro multipropósito",
        sector="public_admin",
        modality="training",
        partners=["EC"],
    )
    login(client, focal_point)
    page = client.get(f"/listings/{listing.id}")
    assert "Editar" in text_of(page) and "Confirmar que sigue vigente" in text_of(page)
    form = client.get(f"/listings/{listing.id}/edit")
    assert form.status_code == 200
    assert 'value="Catastro multipropósito"' in form.get_data(as_text=True)

    response = client.post(
        f"/listings/{listing.id}/edit",
        data=form_data(
            kind="offer",
            title="Catastro multipropósito para municipios",
            sector="public_admin",
            modality="expert_exchange",
            partners=["EC", "PE"],
            status="agreed",
            sdgs=["16"],
        ),
    )
    assert response.status_code == 302
    edited = reload(listing)
    assert edited.title == "Catastro multipropósito para municipios"
    assert edited.modality == "expert_exchange" and edited.status == "agreed" and edited.sdgs == [16]
    assert [c.code for c in edited.partners] == ["EC", "PE"]
    assert edited.country_code == "CO"

    change = db.session.scalar(db.select(ListingChange).filter_by(action="updated"))
    assert change.user_id == focal_point.id
    assert change.changes["status"] == ["open", "agreed"]
    assert change.changes["modality"] == ["training", "expert_exchange"]
    assert change.changes["partners"] == [["EC"], ["EC", "PE"]]
    assert change.changes["title"] == ["Catastro multipropósito", "Catastro multipropósito para municipios"]
    assert "sector" not in change.changes and "country_code" not in change.changes
    assert abs((change.created_at - utcnow()).total_seconds()) < 60

    text = text_of(client.get(f"/listings/{listing.id}"))
    assert "Ficha actualizada." in text
    assert "Ana Restrepo · editó" in text
    assert "estado: Abierta → Acordada" in text
    assert "modalidad: Capacitación y cursos → Intercambio de expertos" in text
    assert "título: Catastro multipropósito → Catastro multipropósito para municipios" in text
    assert "países socios: EC → EC, PE" in text
    assert "Marta Moderadora · publicó la ficha" in text


def test_focal_point_cannot_edit_another_countrys_listing(client, focal_point, publish):
    listing = publish(country="PE", title="Gestión de cuencas andinas")
    changes_before = count(ListingChange)
    login(client, focal_point)
    page = text_of(client.get(f"/listings/{listing.id}"))
    assert "Confirmar que sigue vigente" not in page
    assert client.get(f"/listings/{listing.id}/edit").status_code == 403
    response = client.post(f"/listings/{listing.id}/edit", data=form_data(title="Título cambiado por Colombia"))
    assert response.status_code == 403
    assert "Solo los puntos focales del país o la moderación pueden editar esta ficha." in text_of(response)
    assert client.post(f"/listings/{listing.id}/validate").status_code == 403
    assert reload(listing).title == "Gestión de cuencas andinas"
    assert count(ListingChange) == changes_before


def test_focal_point_cannot_publish_for_another_country(client, focal_point):
    login(client, focal_point)
    response = client.post("/listings/new", data=form_data(owner="country:AR"))
    assert response.status_code == 422
    assert "Solo puede publicar la cooperación de su propio país." in text_of(response)
    # The form is shown again with what was typed.
    assert 'value="Sistema de alerta temprana de inundaciones"' in response.get_data(as_text=True)
    assert count(Listing) == 0 and count(ListingChange) == 0


def test_moderators_and_admins_edit_any_listing_and_choose_the_owner(client, moderator, admin, publish):
    can = db.session.scalar(db.select(Organization).filter_by(acronym="CAN"))
    login(client, moderator)
    form = client.get("/listings/new").get_data(as_text=True)
    assert 'name="owner"' in form and '<optgroup label="Organizaciones">' in form

    response = client.post("/listings/new", data=form_data(owner=f"organization:{can.id}", kind="offer"))
    assert response.status_code == 302
    by_org = db.session.scalar(db.select(Listing))
    assert by_org.organization_id == can.id and by_org.country_code is None
    assert "CAN — Comunidad Andina" in text_of(client.get(f"/listings/{by_org.id}"))
    assert by_org.id in ids(client.get("/listings"))
    assert by_org.id not in ids(client.get("/listings?subregion=sudamerica"))

    response = client.post("/listings/new", data=form_data(owner="country:JM", title="Gestión de huracanes"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Listing).filter_by(title="Gestión de huracanes")).country_code == "JM"

    peru = publish(country="PE", title="Gestión de cuencas andinas")
    switch(client, admin)
    response = client.post(
        f"/listings/{peru.id}/edit",
        data=form_data(owner="country:AR", title="Gestión de cuencas andinas", status="closed"),
    )
    assert response.status_code == 302
    edited = reload(peru)
    assert edited.country_code == "AR" and edited.status == "closed"
    change = db.session.scalar(db.select(ListingChange).filter_by(listing_id=peru.id, action="updated"))
    assert change.user_id == admin.id and change.changes["country_code"] == ["PE", "AR"]
    assert "Alberto Admin · editó" in text_of(client.get(f"/listings/{peru.id}"))


def test_members_and_guests_read_but_cannot_publish(client, member, publish):
    listing = publish(country="PE", title="Gestión de cuencas andinas", contact_email="punto@peru.gob.pe")
    guest_page = client.get(f"/listings/{listing.id}")
    assert guest_page.status_code == 200 and "Gestión de cuencas andinas" in text_of(guest_page)
    # The contact address is for signed-in readers.
    assert "punto@peru.gob.pe" not in guest_page.get_data(as_text=True)

    to_login = client.get("/listings/new")
    assert to_login.status_code == 302 and "/login" in to_login.headers["Location"]
    assert client.post("/listings/new", data=form_data()).status_code == 302
    assert client.post(f"/listings/{listing.id}/edit", data=form_data()).status_code == 302

    login(client, member)
    assert client.get("/listings/new").status_code == 403
    refused = client.post("/listings/new", data=form_data())
    assert refused.status_code == 403
    assert "Solo los puntos focales y la moderación publican oferta y demanda." in text_of(refused)
    assert client.post(f"/listings/{listing.id}/edit", data=form_data()).status_code == 403
    page = text_of(client.get(f"/listings/{listing.id}"))
    assert "punto@peru.gob.pe" in page
    assert "Editar" not in page and "Publicar una oferta o demanda" not in text_of(client.get("/listings"))
    assert count(Listing) == 1 and reload(listing).title == "Gestión de cuencas andinas"


def test_the_service_refuses_members_too(member):
    with pytest.raises(PermissionDenied):
        services.create_listing(member, form_data())
    assert count(Listing) == 0


# 3. Browse ----------------------------------------------------------------


@pytest.fixture
def catalogue(publish):
    """Eleven listings across subregions, sectors, kinds and statuses."""
    rows = [
        # name, country, kind, sector, modality, title, status
        ("co_health", "CO", "offer", "health", "training", "Salud rural en Colombia", "open"),
        ("pe_health", "PE", "demand", "health", "technical_assistance", "Telemedicina en Perú", "open"),
        ("ar_health", "AR", "both", "health", "expert_exchange", "Vigilancia epidemiológica", "open"),
        ("jm_health", "JM", "demand", "health", "training", "Enfermería en Jamaica", "open"),
        ("cu_health", "CU", "offer", "health", "scholarships", "Becas de medicina en Cuba", "closed"),
        ("gt_health", "GT", "offer", "health", "training", "Salud materna en Guatemala", "open"),
        ("mx_edu", "MX", "offer", "education", "scholarships", "Becas de posgrado en México", "open"),
        ("bb_disaster", "BB", "demand", "disaster_risk", "training", "Huracanes en Barbados", "open"),
        ("br_agri", "BR", "offer", "agriculture", "technical_assistance", "Agricultura familiar", "open"),
        ("cr_env", "CR", "both", "environment", "expert_exchange", "Pago por servicios ambientales", "open"),
        ("ec_trade", "EC", "demand", "trade", "training", "Promoción de exportaciones", "open"),
    ]
    return {
        name: publish(country, kind=kind, sector=sector, modality=modality, title=title, status=status)
        for name, country, kind, sector, modality, title, status in rows
    }


def ids(response) -> set[int]:
    return {
        int(i)
        for i in re.findall(r'<li class="listing-row">.*?href="/listings/(\d+)"', response.get_data(as_text=True), re.S)
    }


def test_each_filter_narrows_the_list(client, catalogue):
    c = {name: listing.id for name, listing in catalogue.items()}
    assert ids(client.get("/listings")) == set(c.values())
    assert ids(client.get("/listings?country=pe")) == {c["pe_health"]}
    assert ids(client.get("/listings?sector=health")) == {
        c["co_health"],
        c["pe_health"],
        c["ar_health"],
        c["jm_health"],
        c["cu_health"],
        c["gt_health"],
    }
    assert ids(client.get("/listings?modality=scholarships")) == {c["cu_health"], c["mx_edu"]}
    assert ids(client.get("/listings?status=closed")) == {c["cu_health"]}
    assert ids(client.get("/listings?subregion=caribe")) == {c["jm_health"], c["cu_health"], c["bb_disaster"]}
    assert ids(client.get("/listings?subregion=centroamerica")) == {c["gt_health"], c["cr_env"]}
    assert ids(client.get("/listings?subregion=norteamerica")) == {c["mx_edu"]}
    assert ids(client.get("/listings?subregion=sudamerica")) == {
        c["co_health"],
        c["pe_health"],
        c["ar_health"],
        c["br_agri"],
        c["ec_trade"],
    }
    # Schemes match whole names: CAN is not CARICOM.
    assert ids(client.get("/listings?scheme=CAN")) == {c["co_health"], c["pe_health"], c["ec_trade"]}
    assert ids(client.get("/listings?scheme=caricom")) == {c["jm_health"], c["bb_disaster"]}
    assert ids(client.get("/listings?scheme=MERCOSUR")) == {c["ar_health"], c["br_agri"]}
    assert ids(client.get("/listings?scheme=SICA")) == {c["gt_health"], c["cr_env"]}
    assert ids(client.get("/listings?scheme=ALBA")) == {c["cu_health"]}


def test_filters_combine_in_the_url(client, catalogue):
    c = {name: listing.id for name, listing in catalogue.items()}
    response = client.get("/listings?sector=health&subregion=sudamerica&kind=demand&status=open")
    assert ids(response) == {c["pe_health"], c["ar_health"]}
    text = text_of(response)
    assert "2 fichas" in text and "Quitar todos los filtros" in text
    html = response.get_data(as_text=True)
    # Choosing another value keeps the other filters in the address.
    assert query_of(html, "Caribe") == {"kind": "demand", "sector": "health", "status": "open", "subregion": "caribe"}
    assert query_of(html, "Perú") == {
        "kind": "demand",
        "sector": "health",
        "status": "open",
        "subregion": "sudamerica",
        "country": "PE",
    }
    # Removing one filter keeps the rest.
    removal = re.search(
        r'<strong>Sudamérica</strong> \(2\) <a href="/listings\?([^"]*)" aria-label="Quitar filtro"', html
    ).group(1)
    assert sorted(removal.split("&amp;")) == ["kind=demand", "sector=health", "status=open"]
    # The export links carry the same filters.
    assert re.search(r'href="/listings/export\.csv\?[^"]*sector=health', html)
    assert ids(client.get("/listings?country=AR&modality=expert_exchange&kind=offer")) == {c["ar_health"]}
    assert ids(client.get("/listings?country=AR&modality=training")) == set()
    assert "Ninguna ficha con estos filtros." in text_of(client.get("/listings?country=AR&modality=training"))


def test_unknown_filter_values_are_named_and_not_applied(client, catalogue):
    everything = ids(client.get("/listings"))
    response = client.get("/listings?sector=astrology&country=ZZ&subregion=europa&scheme=OTAN&kind=x")
    assert ids(response) == everything
    assert (
        "Filtros desconocidos, no aplicados: kind=x, country=ZZ, subregion=europa, scheme=OTAN, "
        "sector=astrology." in text_of(response)
    )
    export = client.get("/listings/export.csv?sector=astrology")
    assert export.status_code == 422 and "sector=astrology" in text_of(export)


def test_a_two_way_listing_appears_as_offer_and_as_demand(client, catalogue):
    both = {catalogue["ar_health"].id, catalogue["cr_env"].id}
    offers, demands = ids(client.get("/listings?kind=offer")), ids(client.get("/listings?kind=demand"))
    assert both <= offers and both <= demands
    assert catalogue["pe_health"].id not in offers and catalogue["co_health"].id not in demands
    assert ids(client.get("/listings?kind=both")) == both


def test_counts_next_to_each_filter_value(client, catalogue):
    counts = services.facet_counts({"sector": "health"})
    # With sector=health, the other facets only count health listings.
    assert counts["subregion"] == {"caribe": 2, "centroamerica": 1, "sudamerica": 3, "norteamerica": 0}
    assert counts["kind"] == {"offer": 4, "demand": 3, "both": 1}
    assert counts["status"] == {"open": 5, "in_talks": 0, "agreed": 0, "closed": 1}
    assert counts["scheme"]["CAN"] == 2 and counts["scheme"]["CARICOM"] == 1 and counts["scheme"]["AEC"] == 4
    # The facet being filtered counts as if it were not: other sectors are shown.
    nonzero = {sector: n for sector, n in counts["sector"].items() if n}
    assert nonzero == {"health": 6, "education": 1, "disaster_risk": 1, "agriculture": 1, "environment": 1, "trade": 1}
    # Fixed lists come in their own order, not alphabetically.
    assert list(counts["sector"])[:3] == ["health", "education", "housing"]

    text = text_of(client.get("/listings?sector=health"))
    assert "Sudamérica (3)" in text and "Caribe (2)" in text and "Centroamérica (1)" in text
    assert "Norteamérica (0)" not in text  # empty values are not offered
    assert "Salud (6)" in text and "Educación (1)" in text
    assert "Oferta (4)" in text and "Demanda (3)" in text and "Doble vía (1)" in text
    assert "Cerrada (1)" in text and "Abierta (5)" in text
    assert "Jamaica (1)" in text and "México" not in text.split("Quitar todos los filtros")[0]

    combined = services.facet_counts({"sector": "health", "subregion": "sudamerica"})
    assert combined["country"] == {"CO": 1, "PE": 1, "AR": 1}
    assert combined["subregion"]["caribe"] == 2  # own facet ignores its own filter


def test_listings_are_paginated(app, client, publish):
    app.config["TOPICS_PER_PAGE"] = 3
    for number in range(7):
        publish("CO", title=f"Ficha número {number}")
    first = text_of(client.get("/listings"))
    third = text_of(client.get("/listings?page=3"))
    assert "7 fichas" in first
    assert "Ficha número 6" in first and "Ficha número 0" not in first
    assert "Ficha número 0" in third and "Ficha número 6" not in third and "Página 3 de 3" in third
    # The page number travels with the filters.
    html = client.get("/listings?sector=health").get_data(as_text=True)
    assert "sector=health&amp;page=2" in html


# 4. Country profile ---------------------------------------------------------


def test_country_profile(client, publish, focal_point, make_user, member, public_category):
    colleague = make_user("focal_point", country_code="CO", name="Bernardo Zapata")
    make_user("focal_point", country_code="PE", name="Pedro Peruano")
    offer = publish("CO", kind="offer", title="Salud rural en Colombia")
    demand = publish("CO", kind="demand", title="Alerta temprana de inundaciones")
    both = publish("CO", kind="both", title="Intercambio de docentes rurales")
    closed = publish("CO", kind="offer", title="Programa ya terminado", status="closed")
    other = publish("PE", kind="offer", title="Telemedicina en Perú")
    for listing in (offer, demand, both, closed, other):
        listing.updated_at = datetime(2024, 1, 10, 12, tzinfo=UTC)
    demand.updated_at = datetime(2024, 3, 5, 12, tzinfo=UTC)
    db.session.commit()

    tagged = discussions.create_topic(member, public_category, "Experiencias de catastro", "texto")
    tagged.countries = [db.session.get(Country, "CO")]
    db.session.commit()
    mentioned = discussions.create_topic(member, public_category, "Lo que aprendimos de Colombia", "texto")
    unrelated = discussions.create_topic(member, public_category, "Puertos del Caribe", "texto")
    secret = discussions.create_topic(
        moderator_of(make_user), category("secretaria"), "Nota interna sobre Colombia", "texto"
    )

    response = client.get("/countries/co")
    assert response.status_code == 200
    text = text_of(response)
    offers, rest = text.split("Ofrece (2)")[1].split("Necesita (2)")
    demands = rest.split("Conversaciones recientes")[0]
    assert "Salud rural en Colombia" in offers and "Intercambio de docentes rurales" in offers
    assert "Alerta temprana de inundaciones" in demands and "Intercambio de docentes rurales" in demands
    assert "Programa ya terminado" not in text and "Telemedicina en Perú" not in text
    assert "Fichas actualizadas por última vez el 5 mar 2024" in text
    assert "Experiencias de catastro" in text and "Lo que aprendimos de Colombia" in text
    assert "Puertos del Caribe" not in text and "Nota interna" not in text
    focal = text.split("Puntos focales")[1]
    assert "Ana Restrepo" in focal and "Bernardo Zapata" in focal and "Pedro Peruano" not in focal
    assert f'href="/t/{tagged.id}' in response.get_data(as_text=True)

    profile = services.country_profile(member, "CO")
    assert {t.id for t in profile.topics} == {tagged.id, mentioned.id}
    assert unrelated.id not in {t.id for t in profile.topics} and secret.id not in {t.id for t in profile.topics}
    assert {u.id for u in profile.focal_points} == {focal_point.id, colleague.id}

    empty = text_of(client.get("/countries/TT"))
    assert "Sin fichas publicadas" in empty and "Ninguna oferta vigente." in empty
    assert "Sin punto focal registrado." in empty
    assert client.get("/countries/ZZ").status_code == 404
    countries = text_of(client.get("/countries"))
    assert "Colombia Sudamérica CAN, UNASUR, AEC 3" in countries and "Perú Sudamérica CAN, UNASUR 1" in countries


def moderator_of(make_user):
    return make_user("moderator", name="Otra Moderadora")


def test_stale_listings_are_listed_for_the_countrys_focal_points_with_one_click(
    client, publish, focal_point, make_user, member, moderator
):
    fresh = publish("CO", title="Ficha recién confirmada")
    stale = make_stale(publish("CO", title="Ficha olvidada hace meses"))
    peruvian = make_user("focal_point", country_code="PE")

    for reader in (None, member, peruvian):
        if reader:
            switch(client, reader)
        text = text_of(client.get("/countries/CO"))
        assert "Fichas por validar" not in text and "Sigue vigente" not in text
        assert "Ficha olvidada hace meses" in text  # still listed, flagged as stale
    switch(client, moderator)
    assert "Fichas por validar" in text_of(client.get("/countries/CO"))

    switch(client, focal_point)
    text = text_of(client.get("/countries/CO"))
    box = text.split("Fichas por validar")[1].split("Ofrece")[0]
    assert "Ficha olvidada hace meses" in box and "Sigue vigente" in box
    assert "Ficha recién confirmada" not in box
    response = client.post(f"/listings/{stale.id}/validate", data={"next": "/countries/CO"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/countries/CO")
    after = text_of(client.get("/countries/CO"))
    assert "Ficha validada: consta como vigente hoy." in after
    assert "Fichas por validar" not in after
    validated = reload(stale)
    assert not services.is_stale(validated) and validated.validated_by_id == focal_point.id
    confirmation = db.session.scalar(db.select(ListingChange).filter_by(listing_id=stale.id, action="validated"))
    assert confirmation.user_id == focal_point.id
    assert not services.is_stale(reload(fresh))


def test_validate_does_not_redirect_off_site(client, publish, focal_point):
    listing = publish("CO")
    login(client, focal_point)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(f"/listings/{listing.id}/validate", data={"next": target})
        assert response.status_code == 302
        assert "evil.example" not in response.headers["Location"], target


# 5. Matrix ------------------------------------------------------------------


def test_matrix_counts_offers_and_demands_and_links_to_the_list(client, publish):
    publish("CO", kind="offer", sector="health")
    publish("CO", kind="offer", sector="health", modality="scholarships")
    publish("CO", kind="demand", sector="health")
    publish("CO", kind="both", sector="education")
    publish("CO", kind="offer", sector="education", status="closed")  # not current: not counted
    publish("CO", kind="offer", sector="education", status="in_talks")
    publish("PE", kind="demand", sector="disaster_risk")
    publish(
        organization_id=db.session.scalar(db.select(Organization.id).filter_by(acronym="CAF")),
        kind="offer",
        sector="health",
    )

    assert services.sector_matrix() == {
        "CO": {"health": {"offer": 2, "demand": 1}, "education": {"offer": 2, "demand": 1}},
        "PE": {"disaster_risk": {"offer": 0, "demand": 1}},
    }
    response = client.get("/listings/matrix")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script" not in html.split("<table")[1].split("</table>")[0]
    row = re.search(r'<tr>\s*<th scope="row"><a href="/countries/CO">Colombia</a></th>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 14
    health, education, housing = cells[0], cells[1], cells[2]
    assert 'href="/listings?country=CO&amp;sector=health"' in health
    assert '<span class="offer">2 O</span> <span class="demand">1 D</span>' in health
    assert 'href="/listings?country=CO&amp;sector=education"' in education
    assert "2 O" in education and "1 D" in education
    assert housing.strip() == "·"
    peru = re.search(r'<a href="/countries/PE">Perú</a></th>(.*?)</tr>', html, re.S).group(1)
    assert '<span class="demand">1 D</span>' in peru and "O</span>" not in peru
    # The link leads to exactly the counted listings (plus closed ones, which the list can show).
    assert len(ids(client.get("/listings?country=CO&sector=health"))) == 3


# 6. Matching ----------------------------------------------------------------

DEMAND_TEXT = (
    "Sistema de alerta temprana de inundaciones",
    "Buscamos asistencia técnica para diseñar un sistema de alerta temprana de inundaciones "
    "en cuencas de montaña, con monitoreo hidrológico y protocolos de evacuación.",
)
NEAR_TEXT = (
    "Alerta temprana de inundaciones en cuencas de montaña",
    "Ofrecemos asistencia técnica en sistemas de alerta temprana de inundaciones, monitoreo "
    "hidrológico de cuencas y protocolos comunitarios de evacuación.",
)


@pytest.fixture
def ranking(publish):
    """A Colombian demand and offers whose right order is known."""
    demand = publish(
        "CO",
        kind="demand",
        sector="disaster_risk",
        modality="technical_assistance",
        title=DEMAND_TEXT[0],
        description_source=DEMAND_TEXT[1],
    )
    offers = {}
    # Created in an order that differs from the expected ranking, so that
    # neither creation order nor id can produce the right answer by chance.
    offers["stale"] = make_stale(
        publish(
            "AR",
            sector="disaster_risk",
            modality="technical_assistance",
            title=NEAR_TEXT[0],
            description_source=NEAR_TEXT[1],
        )
    )
    offers["other_sector_words"] = publish(
        "CL",
        sector="environment",
        modality="technical_assistance",
        title="Monitoreo hidrológico de cuencas de montaña",
        description_source="Sistema de monitoreo hidrológico y alerta temprana de inundaciones en cuencas.",
    )
    offers["same_sector_other_modality"] = publish(
        "BR", sector="disaster_risk", modality="training", title=DEMAND_TEXT[0], description_source=DEMAND_TEXT[1]
    )  # identical text, other modality
    offers["equal_far"] = publish(
        "MX",
        sector="disaster_risk",
        modality="technical_assistance",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    offers["equal_near"] = publish(
        "PE",
        sector="disaster_risk",
        modality="technical_assistance",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    offers["same_both_less_text"] = publish(
        "GT",
        sector="disaster_risk",
        modality="technical_assistance",
        title="Gestión comunitaria del riesgo sísmico",
        description_source="Acompañamos a municipios en planes de respuesta a terremotos.",
    )
    # Never partners:
    offers["same_country"] = publish(
        "CO",
        sector="disaster_risk",
        modality="technical_assistance",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    offers["closed"] = publish(
        "EC",
        sector="disaster_risk",
        modality="technical_assistance",
        status="closed",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    offers["unrelated"] = publish(
        "UY",
        sector="culture",
        modality="scholarships",
        title="Residencias para músicos",
        description_source="Orquestas juveniles.",
    )
    offers["another_demand"] = publish(
        "BO",
        kind="demand",
        sector="disaster_risk",
        modality="technical_assistance",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    return demand, offers


EXPECTED = [
    "equal_near",
    "equal_far",
    "same_both_less_text",
    "same_sector_other_modality",
    "other_sector_words",
    "stale",
]


def test_offers_for_a_demand_are_ranked(client, ranking):
    demand, offers = ranking
    found = services.matches(demand)
    name_of = {listing.id: name for name, listing in offers.items()}
    assert [name_of[m.listing.id] for m in found] == EXPECTED

    by_name = {name_of[m.listing.id]: m for m in found}
    assert by_name["equal_near"].same_subregion and not by_name["equal_far"].same_subregion
    assert by_name["equal_near"].similarity == by_name["equal_far"].similarity > 0.3
    assert by_name["same_both_less_text"].similarity < by_name["equal_near"].similarity
    assert by_name["same_sector_other_modality"].similarity > by_name["equal_near"].similarity
    assert by_name["same_sector_other_modality"].same_sector and not by_name["same_sector_other_modality"].same_modality
    assert not by_name["other_sector_words"].same_sector and by_name["other_sector_words"].similarity > 0.2
    assert by_name["stale"].stale and not any(by_name[n].stale for n in EXPECTED[:-1])

    # The page shows the same order under "Posibles socios".
    html = client.get(f"/listings/{demand.id}").get_data(as_text=True)
    assert match_ids(html) == [offers[name].id for name in EXPECTED]
    section = text_of_html(matches_section(html))
    assert "Perú" in section and "mismo sector · misma modalidad · misma subregión" in section
    assert "Medio ambiente y clima" in section and "desactualizada" in section


def text_of_html(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_partners_of_an_offer_are_demands(publish):
    offer = publish(
        "AR",
        kind="offer",
        sector="health",
        modality="training",
        title="Formación de enfermería en cuidados intensivos",
        description_source="Cursos de enfermería en cuidados intensivos neonatales.",
    )
    close = publish(
        "CL",
        kind="demand",
        sector="health",
        modality="training",
        title="Enfermería en cuidados intensivos neonatales",
        description_source="Necesitamos cursos de enfermería en cuidados intensivos.",
    )
    two_way = publish(
        "UY",
        kind="both",
        sector="health",
        modality="training",
        title="Intercambio de enfermería",
        description_source="Cursos de enfermería.",
    )
    other_modality = publish(
        "PY",
        kind="demand",
        sector="health",
        modality="expert_exchange",
        title="Enfermería en cuidados intensivos neonatales",
        description_source="Necesitamos cursos de enfermería en cuidados intensivos.",
    )
    publish(
        "CL",
        kind="offer",
        sector="health",
        modality="training",  # an offer does not answer an offer
        title="Formación de enfermería en cuidados intensivos",
        description_source="Cursos de enfermería en cuidados intensivos neonatales.",
    )
    publish(
        "AR",
        kind="demand",
        sector="health",
        modality="training",  # same country
        title="Enfermería en cuidados intensivos",
        description_source="Cursos de enfermería.",
    )
    assert [m.listing.id for m in services.matches(offer)] == [close.id, two_way.id, other_modality.id]

    # A two-way listing looks for both.
    found = [m.listing.id for m in services.matches(two_way)]
    assert offer.id in found and close.id in found and other_modality.id in found


def test_matching_limit(publish):
    demand = publish("CO", kind="demand", sector="health", title="Telemedicina rural")
    for number in range(services.MATCH_LIMIT + 3):
        publish("PE", kind="offer", sector="health", title=f"Oferta de salud {number}")
    assert len(services.matches(demand)) == services.MATCH_LIMIT


@pytest.fixture
def pair(publish, make_user):
    demand = publish(
        "CO",
        kind="demand",
        sector="disaster_risk",
        modality="technical_assistance",
        title=DEMAND_TEXT[0],
        description_source=DEMAND_TEXT[1],
    )
    offer = publish(
        "PE",
        kind="offer",
        sector="disaster_risk",
        modality="technical_assistance",
        title=NEAR_TEXT[0],
        description_source=NEAR_TEXT[1],
    )
    return demand, offer


def test_focal_point_marks_a_pair_in_talks(client, pair, focal_point):
    demand, offer = pair
    login(client, focal_point)
    page = client.get(f"/listings/{demand.id}").get_data(as_text=True)
    assert "Marcar «en conversación»" in page and f'name="partner_id" value="{offer.id}"' in page

    response = client.post(f"/listings/{demand.id}/talks", data={"partner_id": offer.id})
    assert response.status_code == 302
    match = db.session.scalar(db.select(ListingMatch))
    assert (match.demand_id, match.offer_id, match.created_by_id) == (demand.id, offer.id, focal_point.id)
    topic = db.session.get(Topic, match.topic_id)
    assert f"/t/{topic.id}" in response.headers["Location"]
    assert [c.code for c in topic.countries] == ["CO", "PE"]
    assert topic.title == f"En conversación: {DEMAND_TEXT[0]}"
    assert topic.category.slug == "cooperacion-sur-sur"
    demand, offer = reload(demand), db.session.get(Listing, offer.id)
    assert demand.status == offer.status == "in_talks"
    assert demand.topic_id == offer.topic_id == topic.id
    for listing in (demand, offer):
        change = db.session.scalar(db.select(ListingChange).filter_by(listing_id=listing.id, action="in_talks"))
        assert change.user_id == focal_point.id and change.changes == {"status": ["open", "in_talks"]}

    topic_page = text_of(client.get(response.headers["Location"], follow_redirects=True))
    assert "Las dos fichas quedan en conversación." in topic_page
    assert DEMAND_TEXT[0] in topic_page and NEAR_TEXT[0] in topic_page

    # Both listings show it: status, history, the shared topic and the badge.
    for listing, partner in ((demand, offer), (offer, demand)):
        html = client.get(f"/listings/{listing.id}").get_data(as_text=True)
        text = text_of_html(html)
        assert "En conversación" in text and "la marcó en conversación" in text
        assert "estado: Abierta → En conversación" in text
        assert f'href="/t/{topic.id}' in html
        section = matches_section(html)
        assert f'value="{partner.id}"' not in section and '<span class="badge pin">En conversación</span>' in section
    # The country pages list the shared topic.
    assert f"En conversación: {DEMAND_TEXT[0]}" in text_of(client.get("/countries/PE"))


def test_the_other_countrys_focal_point_may_mark_too_but_not_a_third(client, pair, make_user):
    demand, offer = pair
    argentine = make_user("focal_point", country_code="AR")
    login(client, argentine)
    assert "Marcar «en conversación»" not in text_of(client.get(f"/listings/{demand.id}"))
    refused = client.post(f"/listings/{demand.id}/talks", data={"partner_id": offer.id})
    assert refused.status_code == 403
    assert "Solo los puntos focales de los países implicados" in text_of(refused)
    assert count(ListingMatch) == 0 and count(Topic) == 0
    assert reload(demand).status == "open"

    peruvian = make_user("focal_point", country_code="PE")
    switch(client, peruvian)
    # From the offer's page, naming the demand: the pair is the same.
    assert client.post(f"/listings/{offer.id}/talks", data={"partner_id": demand.id}).status_code == 302
    match = db.session.scalar(db.select(ListingMatch))
    assert (match.demand_id, match.offer_id) == (demand.id, offer.id)


def test_marking_twice_or_a_wrong_pair_gives_a_clear_message(client, pair, focal_point, publish):
    demand, offer = pair
    login(client, focal_point)
    client.post(f"/listings/{demand.id}/talks", data={"partner_id": offer.id})
    topics = count(Topic)
    again = client.post(f"/listings/{demand.id}/talks", data={"partner_id": offer.id}, follow_redirects=True)
    assert "Estas dos fichas ya están en conversación." in text_of(again)
    assert count(ListingMatch) == 1 and count(Topic) == topics

    other_offer = publish("PE", kind="offer", title="Otra oferta peruana")
    own_offer = publish("CO", kind="offer", title="Oferta colombiana")
    two_offers = client.post(
        f"/listings/{own_offer.id}/talks", data={"partner_id": other_offer.id}, follow_redirects=True
    )
    assert "Una conversación une una demanda con una oferta." in text_of(two_offers)
    missing = client.post(f"/listings/{demand.id}/talks", data={"partner_id": 9999}, follow_redirects=True)
    assert "La ficha elegida no existe." in text_of(missing)
    assert count(ListingMatch) == 1


def test_an_existing_listing_topic_is_reused_when_marking(client, pair, focal_point, member):
    demand, offer = pair
    login(client, member)
    client.post(f"/listings/{offer.id}/topic")
    topic_id = reload(offer).topic_id
    switch(client, focal_point)
    client.post(f"/listings/{demand.id}/talks", data={"partner_id": offer.id})
    assert count(Topic) == 1
    assert db.session.scalar(db.select(ListingMatch)).topic_id == topic_id
    assert reload(demand).topic_id == topic_id
    # The reused topic now concerns both countries: it shows on both profiles.
    assert [c.code for c in db.session.get(Topic, topic_id).countries] == ["CO", "PE"]
    assert NEAR_TEXT[0] in text_of(client.get("/countries/CO"))


# 7. Freshness ---------------------------------------------------------------


def test_stale_listing_is_flagged_and_validation_refreshes_it(client, publish, focal_point):
    listing = publish("CO", title="Ficha sin confirmar")
    listing.validated_at = datetime(2024, 1, 15, 12, tzinfo=UTC)
    db.session.commit()
    assert services.is_stale(listing)

    page = text_of(client.get(f"/listings/{listing.id}"))
    assert "Validada el 15 ene 2024" in page
    assert "Desactualizada: más de seis meses sin validar" in page
    assert "Sin validar desde 15 ene 2024" in text_of(client.get("/listings"))
    assert "Sin validar desde 15 ene 2024" in text_of(client.get("/countries/CO"))

    login(client, focal_point)
    response = client.post(f"/listings/{listing.id}/validate")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/listings/{listing.id}")
    page = text_of(client.get(f"/listings/{listing.id}"))
    assert "Desactualizada" not in page and "Ana Restrepo · confirmó que sigue vigente" in page
    assert "Sin validar desde" not in text_of(client.get("/listings"))
    assert not services.is_stale(reload(listing))


def test_six_months_is_the_limit(publish):
    listing = publish("CO")
    listing.validated_at = utcnow() - timedelta(days=150)
    assert not services.is_stale(listing)
    listing.validated_at = utcnow() - timedelta(days=190)
    assert services.is_stale(listing)


def test_editing_revalidates(client, publish, focal_point):
    listing = make_stale(publish("CO", title="Ficha sin confirmar"))
    login(client, focal_point)
    client.post(f"/listings/{listing.id}/edit", data=form_data(title="Ficha confirmada al editarla"))
    edited = reload(listing)
    assert edited.title == "Ficha confirmada al editarla"
    assert not services.is_stale(edited) and edited.validated_by_id == focal_point.id


def test_members_cannot_validate(client, publish, member):
    listing = make_stale(publish("CO"))
    login(client, member)
    assert client.post(f"/listings/{listing.id}/validate").status_code == 403
    assert services.is_stale(reload(listing))


# 9. Export -------------------------------------------------------------------


def test_csv_export_of_the_filtered_list(client, publish):
    publish(
        "PE",
        title="Gestión de cuencas en Perú y Ecuador",
        sector="environment",
        sdgs=[6, 13],
        partners=["EC", "BO"],
        contact_name="José Núñez",
    )
    publish("CO", title="Salud rural en Colombia", sector="health")
    response = client.get("/listings/export.csv?sector=environment")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    header, data = rows[0], rows[1:]
    assert header[:5] == ["id", "country", "organization", "kind", "title"]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["title"] == "Gestión de cuencas en Perú y Ecuador"
    assert row["contact_name"] == "José Núñez"
    assert row["country"] == "PE" and row["sector"] == "environment"
    assert row["sdgs"] == "6 13" and row["partners"] == "BO EC"
    assert row["stale"] == "False" and row["url"].startswith("http://encuentro.test/listings/")

    everything = list(csv.reader(io.StringIO(client.get("/listings/export.csv").data.decode("utf-8")[1:])))
    assert len(everything) == 3


def test_json_export_and_unknown_format(client, publish):
    publish("PE", title="Gestión de cuencas en Perú", sector="environment")
    publish("CO", title="Salud rural en Colombia", sector="health")
    response = client.get("/listings/export.json?sector=health&bogus=1")
    assert response.status_code == 200 and response.is_json
    assert response.json["filters"] == {"sector": "health"}
    assert [item["title"] for item in response.json["items"]] == ["Salud rural en Colombia"]
    item = response.json["items"][0]
    assert item["sector"] == "health" and item["country"] == "CO" and item["kind"] == "offer"

    unknown = client.get("/listings/export.xml")
    assert unknown.status_code == 422
    assert "Formatos disponibles: csv, json." in text_of(unknown)


# 10. Bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field_message",
    [
        ({"sector": "astrology"}, "Sector desconocido."),
        ({"modality": "telepathy"}, "Modalidad desconocida."),
        ({"kind": "gift"}, "Elija oferta, demanda o doble vía."),
        ({"partners": ["PE", "ZZ"]}, "Países desconocidos: ZZ."),
        ({"valid_until": PAST}, "La fecha de vigencia ya pasó: elija una fecha futura."),
        ({"valid_until": "31/12/2030"}, "Escriba la fecha como AAAA-MM-DD."),
        ({"title": "abc"}, "El título debe tener entre 5 y 200 caracteres."),
        ({"description_source": "   "}, "Describa la oferta o la demanda."),
        ({"sdgs": ["18"]}, "Los ODS son números del 1 al 17."),
        ({"contact_email": "no-es-un-correo"}, "Escriba una dirección de correo válida."),
        ({"owner": "country:ZZ"}, "Solo puede publicar la cooperación de su propio país."),
    ],
)
def test_bad_input_on_the_form_is_explained_and_nothing_is_saved(client, focal_point, fields, field_message):
    login(client, focal_point)
    response = client.post("/listings/new", data=form_data(**fields))
    assert response.status_code == 422
    assert field_message in text_of(response)
    assert count(Listing) == 0 and count(ListingChange) == 0


def test_focal_point_cannot_move_a_listing_to_another_country(client, focal_point, publish):
    listing = publish("CO", title="Ficha colombiana")
    login(client, focal_point)
    response = client.post(f"/listings/{listing.id}/edit", data=form_data(owner="country:AR", title="Ficha movida"))
    assert response.status_code == 422
    assert "Solo puede publicar la cooperación de su propio país." in text_of(response)
    kept = reload(listing)
    assert kept.country_code == "CO" and kept.title == "Ficha colombiana"
    assert count(ListingChange) == 1


def test_moderator_naming_an_unknown_country_or_none(client, moderator):
    login(client, moderator)
    unknown = client.post("/listings/new", data=form_data(owner="country:ZZ"))
    assert unknown.status_code == 422
    assert "Ese país no es un Estado Miembro del SELA." in text_of(unknown)
    unknown_org = client.post("/listings/new", data=form_data(owner="organization:9999"))
    assert unknown_org.status_code == 422 and "Organización desconocida." in text_of(unknown_org)
    assert count(Listing) == 0


def test_bad_edit_saves_nothing(client, publish, focal_point):
    listing = publish("CO", title="Ficha intacta", sector="health")
    listing.valid_until = date.today() + timedelta(days=30)
    db.session.commit()
    changes = count(ListingChange)
    login(client, focal_point)
    response = client.post(
        f"/listings/{listing.id}/edit",
        data=form_data(title="Título que no debe guardarse", sector="astrology", valid_until=PAST),
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Sector desconocido." in text and "La fecha de vigencia ya pasó" in text
    kept = reload(listing)
    assert kept.title == "Ficha intacta" and kept.sector == "health"
    assert kept.valid_until == date.today() + timedelta(days=30)
    assert count(ListingChange) == changes


def test_an_expired_date_may_be_kept_while_editing_other_fields(client, publish, focal_point):
    listing = publish("CO", title="Ficha con fecha vencida")
    listing.valid_until = date.today() - timedelta(days=10)
    db.session.commit()
    login(client, focal_point)
    response = client.post(
        f"/listings/{listing.id}/edit",
        data=form_data(
            title="Ficha con fecha vencida",
            valid_until=(date.today() - timedelta(days=10)).isoformat(),
            status="closed",
        ),
    )
    assert response.status_code == 302
    assert reload(listing).status == "closed"


def test_pairs_from_one_country_or_already_closed_cannot_be_in_talks(publish, moderator):
    demand = publish("CO", kind="demand", title="Demanda colombiana de salud")
    same_country = publish("CO", kind="offer", title="Oferta colombiana de salud")
    closed = publish("PE", kind="offer", title="Oferta peruana cerrada", status="closed")
    for partner, message in ((same_country, "mismo país"), (closed, "acordada o cerrada")):
        with pytest.raises(ValidationError) as refused:
            services.mark_in_talks(moderator, demand, partner, lambda listing: "/")
        assert message in refused.value.errors["partner_id"]
    assert count(ListingMatch) == 0


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, publish):
    publish("CO", title='=HYPERLINK("http://evil.example")')
    rows = list(csv.reader(io.StringIO(client.get("/listings/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    title = rows[1][rows[0].index("title")]
    assert title.startswith("'=HYPERLINK")


def test_profile_finds_discussions_naming_the_country_in_any_language(client, member, public_category):
    discussions.create_topic(member, public_category, "Lessons from Brazil on cash transfers", "x")
    discussions.create_topic(member, public_category, "Coopération avec le Brésil", "x")
    page = text_of(client.get("/countries/BR"))
    assert "Lessons from Brazil on cash transfers" in page and "Coopération avec le Brésil" in page


def test_naming_a_new_owner_replaces_the_old_one(publish, moderator):
    caricom = db.session.scalar(db.select(Organization).filter_by(acronym="CARICOM"))
    listing = publish(organization_id=caricom.id, title="Ficha de la CARICOM")
    services.update_listing(moderator, listing, {"country_code": "JM"})
    listing = db.session.get(Listing, listing.id)
    assert (listing.country_code, listing.organization_id) == ("JM", None)
