"""The rules of cooperation listings: who publishes and edits them, their
history, freshness, filters with counts, the country x sector matrix and the
ranking of possible partners. Pages and the API both call these."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel import Locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from models import (
    KINDS,
    MODALITIES,
    SECTORS,
    STATUSES,
    Category,
    Country,
    Listing,
    ListingChange,
    ListingMatch,
    Organization,
    Topic,
    User,
    db,
    utcnow,
)

from .. import indexing, permissions
from ..auth.services import normalize_email
from ..config import LANGUAGES
from ..discussions import services as discussions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..localization import country_name
from ..markup import render_markdown
from ..moderation.services import clean_reason, record_action
from .labels import SCHEMES, SUBREGIONS
from .similarity import similarities

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 20_000
CONTACT_MAX = 120
# A listing not validated for this long is stale: shown as such, ranked last.
STALE_AFTER = timedelta(days=183)
# Where the discussion topic of a listing is opened.
LISTING_TOPIC_CATEGORY = "cooperacion-sur-sur"
MATCH_LIMIT = 10
# Below this, shared words between listings of different sectors are noise
# ("comunitario", "regional"), not a sign of a possible partner.
OTHER_SECTOR_MIN_SIMILARITY = 0.15
# Fields people fill in on a listing; with its owner, what its history records.
EDITABLE_FIELDS = (
    "kind",
    "title",
    "description_source",
    "sector",
    "modality",
    "sdgs",
    "partners",
    "status",
    "valid_until",
    "contact_name",
    "contact_email",
)
TRACKED_FIELDS = (*EDITABLE_FIELDS, "country_code", "organization_id")
FILTERS = ("kind", "country", "subregion", "scheme", "sector", "modality", "status")


def is_stale(listing: Listing, now: datetime | None = None) -> bool:
    return listing.validated_at < (now or utcnow()) - STALE_AFTER


# Validation -------------------------------------------------------------


def _choice(value, choices, field, message, errors):
    if value not in choices:
        errors[field] = message
    return value


def clean_listing(data: dict, user, listing: Listing | None = None) -> dict:
    """Check every field of a listing form or API body; report all problems at once.

    `listing` is the listing being edited: fields missing from `data` keep
    its values (so PATCH sends only what changes).
    """

    def value(field, default=None):
        if field in data:
            return data[field]
        if listing is not None:
            return getattr(listing, field) if field != "partners" else [c.code for c in listing.partners]
        return default

    errors: dict[str, str] = {}
    cleaned: dict = {}
    cleaned["kind"] = _choice(value("kind"), KINDS, "kind", _("Elija oferta, demanda o doble vía."), errors)
    title = " ".join(str(value("title", "") or "").split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = _("El título debe tener entre %(min)d y %(max)d caracteres.", min=TITLE_MIN, max=TITLE_MAX)
    cleaned["title"] = title
    description = str(value("description_source", "") or "").strip()
    if not description:
        errors["description_source"] = _("Describa la oferta o la demanda.")
    elif len(description) > DESCRIPTION_MAX:
        errors["description_source"] = _("La descripción no puede pasar de %(n)d caracteres.", n=DESCRIPTION_MAX)
    cleaned["description_source"] = description
    cleaned["sector"] = _choice(value("sector"), SECTORS, "sector", _("Sector desconocido."), errors)
    cleaned["modality"] = _choice(value("modality"), MODALITIES, "modality", _("Modalidad desconocida."), errors)
    cleaned["status"] = _choice(value("status", "open"), STATUSES, "status", _("Estado desconocido."), errors)

    sdgs = value("sdgs", []) or []
    try:
        if not isinstance(sdgs, (list, tuple)):  # a bare "13" is not goals 1 and 3
            raise TypeError
        cleaned["sdgs"] = sorted({int(goal) for goal in sdgs})
    except (TypeError, ValueError):
        cleaned["sdgs"] = []
        errors["sdgs"] = _("Los ODS son números del 1 al 17.")
    if any(not 1 <= goal <= 17 for goal in cleaned["sdgs"]):
        errors["sdgs"] = _("Los ODS son números del 1 al 17.")

    partners = value("partners", []) or []
    if not isinstance(partners, (list, tuple)):
        partners = []
        errors["partners"] = _("Indique los países socios con sus códigos ISO.")
    partner_codes = sorted({str(code).upper() for code in partners})
    known = set(db.session.scalars(db.select(Country.code).where(Country.code.in_(partner_codes))))
    if unknown := [code for code in partner_codes if code not in known]:
        errors["partners"] = _("Países desconocidos: %(codes)s.", codes=", ".join(unknown))
    cleaned["partners"] = partner_codes

    valid_until = value("valid_until")
    if isinstance(valid_until, str):
        try:
            valid_until = date.fromisoformat(valid_until) if valid_until.strip() else None
        except ValueError:
            errors["valid_until"] = _("Escriba la fecha como AAAA-MM-DD.")
            valid_until = None
    elif valid_until is not None and not isinstance(valid_until, date):
        errors["valid_until"] = _("Escriba la fecha como AAAA-MM-DD.")
        valid_until = None
    changed_date = listing is None or valid_until != listing.valid_until
    if valid_until is not None and changed_date and valid_until < date.today():
        errors["valid_until"] = _("La fecha de vigencia ya pasó: elija una fecha futura.")
    cleaned["valid_until"] = valid_until

    cleaned["contact_name"] = " ".join(str(value("contact_name", "") or "").split())
    if len(cleaned["contact_name"]) > CONTACT_MAX:
        errors["contact_name"] = _("El nombre de contacto no puede pasar de %(n)d caracteres.", n=CONTACT_MAX)
    email = str(value("contact_email", "") or "").strip()
    if email:
        try:
            email = normalize_email(email)
        except ValidationError:
            errors["contact_email"] = _("Escriba una dirección de correo válida.")
    cleaned["contact_email"] = email

    cleaned.update(_clean_owner(data, user, listing, errors))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_owner(data: dict, user, listing: Listing | None, errors: dict) -> dict:
    """Focal points publish for their own country; moderators choose."""
    if not permissions.is_moderator(user):
        own = listing.country_code if listing is not None else user.country_code
        requested = str(data.get("country_code") or own or "").upper()
        if requested != own or data.get("organization_id"):
            errors["country_code"] = _("Solo puede publicar la cooperación de su propio país.")
        return {"country_code": own, "organization_id": None}
    country_code = data.get("country_code", listing.country_code if listing else None) or None
    organization_id = data.get("organization_id", listing.organization_id if listing else None) or None
    # Naming only the new owner is enough: it replaces the other kind.
    if listing is not None and "country_code" in data and "organization_id" not in data:
        organization_id = None
    if listing is not None and "organization_id" in data and "country_code" not in data:
        country_code = None
    if country_code:
        country_code = str(country_code).upper()
        if db.session.get(Country, country_code) is None:
            errors["country_code"] = _("Ese país no es un Estado Miembro del SELA.")
    if organization_id is not None:
        try:
            organization_id = int(organization_id)
        except (TypeError, ValueError):
            organization_id = -1
        if db.session.get(Organization, organization_id) is None:
            errors["organization_id"] = _("Organización desconocida.")
    if bool(country_code) == bool(organization_id):
        errors["country_code"] = _("Indique un país o una organización (uno solo).")
    return {"country_code": country_code, "organization_id": organization_id}


# Writing ----------------------------------------------------------------


def _snapshot(listing: Listing) -> dict:
    values = {}
    for field in TRACKED_FIELDS:
        value = [c.code for c in listing.partners] if field == "partners" else getattr(listing, field)
        values[field] = value.isoformat() if isinstance(value, date) else value
    return values


def _apply(listing: Listing, cleaned: dict) -> None:
    partners = cleaned.pop("partners")
    for field, value in cleaned.items():
        setattr(listing, field, value)
    listing.description_html = render_markdown(listing.description_source)
    listing.partners = list(db.session.scalars(db.select(Country).where(Country.code.in_(partners))))


def create_listing(user: User, data: dict) -> Listing:
    if not permissions.can_create_listing(user):
        raise PermissionDenied(_("Solo los puntos focales y la moderación publican oferta y demanda."))
    cleaned = clean_listing(data, user)
    now = utcnow()
    listing = Listing(created_by_id=user.id, created_at=now, updated_at=now, validated_at=now, validated_by_id=user.id)
    _apply(listing, cleaned)
    db.session.add(listing)
    db.session.flush()
    db.session.add(ListingChange(listing_id=listing.id, user_id=user.id, action="created", created_at=now))
    db.session.commit()
    indexing.listing_changed(listing)
    return listing


def update_listing(user: User, listing: Listing, data: dict) -> Listing:
    """Apply an edit and record what changed. Editing also re-validates."""
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied(
            _(
                "Solo los puntos focales de %(country)s o la moderación pueden editar esta ficha.",
                country=country_name(listing.country_code) if listing.country_code else _("la organización"),
            )
        )
    before = _snapshot(listing)
    _apply(listing, clean_listing(data, user, listing))
    after = _snapshot(listing)
    changes = {field: [before[field], after[field]] for field in TRACKED_FIELDS if before[field] != after[field]}
    now = utcnow()
    listing.validated_at, listing.validated_by_id = now, user.id
    if changes:
        listing.updated_at = now
        db.session.add(
            ListingChange(listing_id=listing.id, user_id=user.id, action="updated", changes=changes, created_at=now)
        )
    db.session.commit()
    indexing.listing_changed(listing)
    return listing


def validate_listing(user: User, listing: Listing) -> Listing:
    """A focal point confirms with one click that the listing is still current."""
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied(_("Solo los puntos focales del país o la moderación validan esta ficha."))
    now = utcnow()
    listing.validated_at, listing.validated_by_id = now, user.id
    db.session.add(ListingChange(listing_id=listing.id, user_id=user.id, action="validated", created_at=now))
    db.session.commit()
    return listing


def set_listing_hidden(actor: User, listing: Listing, hide: bool, reason: str | None = None) -> Listing:
    """A moderator hides a listing (e.g. from the review queue) or shows it
    again. Hidden, it is listed, counted, matched and found by moderators only."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    reason = clean_reason(reason)
    if (listing.hidden_at is not None) == hide:
        raise ValidationError({"action": _("La ficha ya estaba en ese estado.")})
    listing.hidden_at = utcnow() if hide else None
    listing.hidden_by_id = actor.id if hide else None
    record_action(actor, "listing.hide" if hide else "listing.unhide", "listing", listing.id, reason, listing.title)
    db.session.commit()
    indexing.listing_changed(listing)
    return listing


def _open_topic(user: User, title: str, body: str, countries: list[str]) -> Topic:
    category = db.session.scalar(db.select(Category).filter_by(slug=LISTING_TOPIC_CATEGORY))
    return discussions.create_topic(user, category, title[:200], body, countries=countries, review=False)


def _owner_name(listing: Listing) -> str:
    return listing.country.name_es if listing.country else listing.organization.acronym


def open_listing_topic(user: User, listing: Listing, listing_url: str) -> Topic:
    """The listing's discussion topic, opened on first request."""
    if listing.topic_id is not None:
        return listing.topic
    if not permissions.can_write(user):
        raise PermissionDenied(_("Inicie sesión para abrir una conversación."))
    body = _(
        "Conversación sobre la ficha de cooperación [%(title)s](%(url)s) de %(owner)s.",
        title=listing.title,
        url=listing_url,
        owner=_owner_name(listing),
    )
    topic = _open_topic(user, listing.title, body, [listing.country_code] if listing.country_code else [])
    listing.topic_id = topic.id
    db.session.commit()
    indexing.topic_changed(topic)
    indexing.listing_changed(listing)
    return topic


def mark_in_talks(user: User, first: Listing, second: Listing, url_for_listing) -> ListingMatch:
    """Link a demand and an offer whose countries are talking, with a topic."""
    demand, offer = (first, second) if first.seeks and second.offers else (second, first)
    if not (demand.seeks and offer.offers) or demand.id == offer.id:
        raise ValidationError({"partner_id": _("Una conversación une una demanda con una oferta.")})
    if demand.country_code and demand.country_code == offer.country_code:
        raise ValidationError({"partner_id": _("Las dos fichas son del mismo país.")})
    if {demand.status, offer.status} & {"agreed", "closed"}:
        raise ValidationError({"partner_id": _("Una de las fichas ya está acordada o cerrada.")})
    if not permissions.can_mark_in_talks(user, demand, offer):
        raise PermissionDenied(_("Solo los puntos focales de los países implicados o la moderación pueden hacerlo."))
    existing = db.session.scalar(db.select(ListingMatch).filter_by(demand_id=demand.id, offer_id=offer.id))
    if existing is not None:
        raise ValidationError({"partner_id": _("Estas dos fichas ya están en conversación.")})
    topic = demand.topic or offer.topic
    countries = [code for code in (demand.country_code, offer.country_code) if code]
    if topic is None:
        body = _(
            "La demanda [%(demand)s](%(demand_url)s) y la oferta [%(offer)s](%(offer_url)s) están en conversación.",
            demand=demand.title,
            demand_url=url_for_listing(demand),
            offer=offer.title,
            offer_url=url_for_listing(offer),
        )
        topic = _open_topic(user, _("En conversación: %(title)s", title=demand.title), body, countries)
    else:
        # A listing's own topic is tagged with its country only: add the partner's.
        tagged = {country.code for country in topic.countries}
        topic.countries = [
            *topic.countries,
            *db.session.scalars(
                db.select(Country).where(Country.code.in_([code for code in countries if code not in tagged]))
            ),
        ]
    match = ListingMatch(demand_id=demand.id, offer_id=offer.id, topic_id=topic.id, created_by_id=user.id)
    db.session.add(match)
    now = utcnow()
    for listing in (demand, offer):
        changes = {}
        if listing.status == "open":
            changes["status"] = ["open", "in_talks"]
            listing.status = "in_talks"
        if listing.topic_id is None:
            listing.topic_id = topic.id
        listing.updated_at = now
        db.session.add(
            ListingChange(listing_id=listing.id, user_id=user.id, action="in_talks", changes=changes, created_at=now)
        )
    db.session.commit()
    for listing in (demand, offer):
        indexing.listing_changed(listing)
    indexing.topic_changed(topic)
    return match


# Reading ----------------------------------------------------------------


def _sees_hidden(viewer) -> bool:
    return viewer is not None and permissions.is_moderator(viewer)


def _shown(viewer) -> list:
    """Conditions leaving out hidden listings, unless the viewer is a moderator
    (no viewer: what the public sees)."""
    return [] if _sees_hidden(viewer) else [Listing.hidden_at.is_(None)]


def get_listing(listing_id: int, viewer=None) -> Listing:
    listing = db.session.get(
        Listing,
        listing_id,
        options=[
            joinedload(Listing.country),
            joinedload(Listing.organization),
            selectinload(Listing.partners),
        ],
    )
    if listing is None or (listing.hidden_at is not None and not _sees_hidden(viewer)):
        raise NotFound(_("Esta ficha de cooperación no existe."))
    return listing


def parse_filters(args) -> tuple[dict[str, str], list[str]]:
    """Valid filters from a query string, and the names of those with unknown values."""
    valid = {
        "kind": KINDS,
        "sector": SECTORS,
        "modality": MODALITIES,
        "status": STATUSES,
        "subregion": tuple(SUBREGIONS),
        "scheme": SCHEMES,
    }
    filters, unknown = {}, []
    for name in FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if name in ("country", "scheme"):
            value = value.upper()
        known = db.session.get(Country, value) is not None if name == "country" else value in valid[name]
        if known:
            filters[name] = value
        else:
            unknown.append(f"{name}={value}")
    return filters, unknown


def _filter_conditions(filters: dict, skip: str | None = None) -> list:
    conditions = []
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "kind":
            # A two-way exchange is both an offer and a demand.
            conditions.append(Listing.kind.in_((value, "both")) if value != "both" else Listing.kind == "both")
        elif name == "country":
            conditions.append(Listing.country_code == value)
        elif name == "subregion":
            conditions.append(Country.subregion == SUBREGIONS[value])
        elif name == "scheme":
            # Schemes are stored ';'-separated: match whole names only.
            conditions.append((db.literal(";") + Country.schemes + ";").like(f"%;{value};%"))
        else:
            conditions.append(getattr(Listing, name) == value)
    return conditions


def listings_query(filters: dict, viewer=None):
    return (
        db.select(Listing)
        .outerjoin(Country, Listing.country_code == Country.code)
        .where(*_filter_conditions(filters), *_shown(viewer))
        .options(joinedload(Listing.country), joinedload(Listing.organization), selectinload(Listing.partners))
        .order_by(Listing.updated_at.desc(), Listing.id.desc())
    )


def facet_counts(filters: dict, viewer=None) -> dict[str, dict[str, int]]:
    """For each filter, how many listings each value would show, the other
    filters applied: what a user sees next to each choice."""
    columns = {
        "kind": Listing.kind,
        "country": Listing.country_code,
        "subregion": Country.subregion,
        "sector": Listing.sector,
        "modality": Listing.modality,
        "status": Listing.status,
    }
    counts: dict[str, dict[str, int]] = {}
    for name, column in columns.items():
        rows = db.session.execute(
            db.select(column, db.func.count(Listing.id))
            .select_from(Listing)
            .outerjoin(Country, Listing.country_code == Country.code)
            .where(*_filter_conditions(filters, skip=name), *_shown(viewer))
            .group_by(column)
        ).all()
        counts[name] = {value: count for value, count in rows if value is not None}
    counts["subregion"] = {code: counts["subregion"].get(name, 0) for code, name in SUBREGIONS.items()}
    both = counts["kind"].get("both", 0)
    counts["kind"] = {kind: counts["kind"].get(kind, 0) + (both if kind != "both" else 0) for kind in KINDS}
    # Fixed lists keep their own order on the page.
    for name, codes in (("sector", SECTORS), ("modality", MODALITIES), ("status", STATUSES)):
        counts[name] = {code: counts[name].get(code, 0) for code in codes}
    scheme_rows = db.session.execute(
        db.select(Country.schemes, db.func.count(Listing.id))
        .select_from(Listing)
        .join(Country, Listing.country_code == Country.code)
        .where(*_filter_conditions(filters, skip="scheme"), *_shown(viewer))
        .group_by(Country.schemes)
    ).all()
    counts["scheme"] = {scheme: 0 for scheme in SCHEMES}
    for schemes, count in scheme_rows:
        for scheme in filter(None, schemes.split(";")):
            if scheme in counts["scheme"]:
                counts["scheme"][scheme] += count
    return counts


def sector_matrix() -> dict[str, dict[str, dict[str, int]]]:
    """{country: {sector: {"offer": n, "demand": n}}} over current listings."""
    rows = db.session.execute(
        db.select(Listing.country_code, Listing.sector, Listing.kind, db.func.count(Listing.id))
        .where(Listing.country_code.is_not(None), Listing.status.in_(("open", "in_talks")), Listing.hidden_at.is_(None))
        .group_by(Listing.country_code, Listing.sector, Listing.kind)
    ).all()
    matrix: dict[str, dict[str, dict[str, int]]] = {}
    for country, sector, kind, count in rows:
        cell = matrix.setdefault(country, {}).setdefault(sector, {"offer": 0, "demand": 0})
        if kind in ("offer", "both"):
            cell["offer"] += count
        if kind in ("demand", "both"):
            cell["demand"] += count
    return matrix


@dataclass
class Match:
    listing: Listing
    same_sector: bool
    same_modality: bool
    similarity: float
    same_subregion: bool
    stale: bool
    in_talks: bool


def matches(listing: Listing, limit: int = MATCH_LIMIT) -> list[Match]:
    """Possible partners from other countries, best first.

    Order: current before stale; then same sector and modality, same sector,
    the rest; within each, text similarity of title and description; then
    same subregion.
    """
    wanted = []
    if listing.seeks:
        wanted += ["offer", "both"]
    if listing.offers:
        wanted += ["demand", "both"]
    query = (
        db.select(Listing)
        .where(
            Listing.id != listing.id,
            Listing.kind.in_(set(wanted)),
            Listing.status.in_(("open", "in_talks")),
            Listing.hidden_at.is_(None),
        )
        .options(joinedload(Listing.country), joinedload(Listing.organization))
    )
    if listing.country_code:
        query = query.where((Listing.country_code != listing.country_code) | Listing.country_code.is_(None))
    candidates = db.session.scalars(query).all()
    if not candidates:
        return []
    scores = similarities(
        f"{listing.title} {listing.description_source}",
        {c.id: f"{c.title} {c.description_source}" for c in candidates},
    )
    linked = set(
        db.session.scalars(
            db.select(ListingMatch.offer_id)
            .where(ListingMatch.demand_id == listing.id)
            .union(db.select(ListingMatch.demand_id).where(ListingMatch.offer_id == listing.id))
        )
    )
    subregion = listing.country.subregion if listing.country else None
    now = utcnow()
    found = [
        Match(
            listing=c,
            same_sector=c.sector == listing.sector,
            same_modality=c.modality == listing.modality,
            similarity=round(scores[c.id], 3),
            same_subregion=bool(subregion) and c.country is not None and c.country.subregion == subregion,
            stale=is_stale(c, now),
            in_talks=c.id in linked,
        )
        for c in candidates
    ]
    # Another sector is only a possible partner when the texts are close.
    found = [m for m in found if m.same_sector or m.similarity >= OTHER_SECTOR_MIN_SIMILARITY]
    found.sort(
        key=lambda m: (
            m.stale,
            0 if m.same_sector and m.same_modality else 1 if m.same_sector else 2,
            -m.similarity,
            not m.same_subregion,
            m.listing.id,
        )
    )
    return found[:limit]


def history(listing: Listing) -> list[ListingChange]:
    return db.session.scalars(
        db.select(ListingChange)
        .filter_by(listing_id=listing.id)
        .options(joinedload(ListingChange.user))
        .order_by(ListingChange.id.desc())
    ).all()


@dataclass
class CountryProfile:
    country: Country
    offers: list[Listing]
    demands: list[Listing]
    topics: list[Topic]
    focal_points: list[User]
    last_updated: datetime | None
    stale: list[Listing]


def country_profile(user, code: str, topic_limit: int = 10) -> CountryProfile:
    country = db.session.get(Country, (code or "").upper())
    if country is None:
        raise NotFound(_("Ese país no es un Estado Miembro del SELA."))
    listings = db.session.scalars(
        db.select(Listing).filter_by(country_code=country.code).where(*_shown(user)).order_by(Listing.updated_at.desc())
    ).all()
    current = [item for item in listings if item.status in ("open", "in_talks")]
    tagged = db.select(Topic.id).join(Topic.countries).where(Country.code == country.code)
    names = {country.name_es} | {Locale.parse(code).territories[country.code] for code in LANGUAGES}
    mentioned = db.select(Topic.id).where(db.or_(*(Topic.title.ilike(f"%{name}%") for name in names)))
    topics_query = (
        discussions.visible_topics_query(user)
        .where(Topic.id.in_(tagged.union(mentioned)))
        .order_by(Topic.last_post_at.desc())
        .limit(topic_limit)
    )
    focal_points = db.session.scalars(
        db.select(User).filter_by(country_code=country.code, role="focal_point").order_by(User.name)
    ).all()
    show_stale = permissions.is_focal_point_of(user, country.code) or permissions.is_moderator(user)
    now = utcnow()
    return CountryProfile(
        country=country,
        offers=[item for item in current if item.offers],
        demands=[item for item in current if item.seeks],
        topics=db.session.scalars(topics_query).all(),
        focal_points=focal_points,
        last_updated=max((item.updated_at for item in listings), default=None),
        stale=[item for item in current if is_stale(item, now)] if show_stale else [],
    )
