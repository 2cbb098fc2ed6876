import csv
import io

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import SECTORS, Country, Listing, Organization, db

from .. import permissions
from ..auth.views import safe_next
from ..discussions.forms import ConfirmForm
from ..discussions.links import topic_url
from ..errors import PermissionDenied, ValidationError
from ..forms import country_choices, flash_errors, show_errors
from ..localization import country_name
from ..page_cache import cached_for_guests
from ..searching import services as searching
from . import services
from .forms import ListingForm, PartnerForm
from .serializers import EXPORT_COLUMNS, listing_json, listing_row

blueprint = Blueprint("cooperation", __name__)


def listing_url(listing: Listing, **params) -> str:
    return url_for("cooperation.listing", listing_id=listing.id, **params)


def spreadsheet_safe(row: list) -> list:
    """Cells that a spreadsheet would run as formulas are prefixed with a quote."""
    return [f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell for cell in row]


def filter_url(filters: dict, name: str, value: str | None, endpoint: str = "cooperation.listings") -> str:
    """The listings address with one filter set (or removed when value is None)."""
    params = {key: val for key, val in filters.items() if key != name}
    if value is not None:
        params[name] = value
    return url_for(endpoint, **params)


def _prepare(form: ListingForm) -> ListingForm:
    form.partners.choices = country_choices()
    organizations = db.session.scalars(db.select(Organization).order_by(Organization.acronym)).all()
    form.owner.choices = [
        SelectChoice(f"country:{choice.value}", choice.label, optgroup=_("Estados Miembros"))
        for choice in country_choices()
    ] + [SelectChoice(f"organization:{o.id}", o.acronym, optgroup=_("Organizaciones")) for o in organizations]
    return form


def _countries_by_name(counts: dict) -> dict:
    counts["country"] = dict(sorted(counts["country"].items(), key=lambda item: country_name(item[0])))
    return counts


@blueprint.get("/listings")
@cached_for_guests
def listings():
    filters, unknown = services.parse_filters(request.args)
    page = db.paginate(
        services.listings_query(filters, current_user),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=current_app.config["TOPICS_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "cooperation/listings.html",
        page=page,
        filters=filters,
        counts=_countries_by_name(services.facet_counts(filters, current_user)),
        filter_url=filter_url,
        unknown_filters=unknown,
    )


@blueprint.get("/listings/export.<fmt>")
def export(fmt: str):
    """The whole filtered list, as CSV for spreadsheets or JSON."""
    filters, unknown = services.parse_filters(request.args)
    if unknown:
        raise ValidationError({"filters": _("Filtros desconocidos: %(names)s.", names=", ".join(unknown))})
    listings = db.session.scalars(services.listings_query(filters)).all()
    if fmt == "json":
        return jsonify(items=[listing_json(listing) for listing in listings], filters=filters)
    if fmt != "csv":
        raise ValidationError({"format": _("Formatos disponibles: csv, json.")})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(map(spreadsheet_safe, (listing_row(listing) for listing in listings)))
    return Response(
        "\ufeff" + buffer.getvalue(),  # the BOM makes spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=cooperacion.csv"},
    )


@blueprint.get("/listings/matrix")
@cached_for_guests
def matrix():
    countries = db.session.scalars(db.select(Country)).all()
    countries.sort(key=lambda country: country_name(country.code))
    return render_template(
        "cooperation/matrix.html",
        matrix=services.sector_matrix(),
        countries=countries,
        sectors=SECTORS,
        filter_url=filter_url,
    )


@blueprint.route("/listings/new", methods=["GET", "POST"])
@login_required
def new_listing():
    if not permissions.can_create_listing(current_user):
        raise PermissionDenied(_("Solo los puntos focales y la moderación publican oferta y demanda."))
    form = _prepare(ListingForm())
    if request.method == "GET" and current_user.country_code:
        form.owner.data = f"country:{current_user.country_code}"
    if form.validate_on_submit():
        try:
            listing = services.create_listing(current_user, form.service_data())
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Ficha publicada."), "success")
            return redirect(listing_url(listing))
    return render_template("cooperation/edit.html", form=form, listing=None), 422 if form.errors else 200


@blueprint.get("/listings/<int:listing_id>")
@cached_for_guests
def listing(listing_id: int):
    listing = services.get_listing(listing_id, current_user)
    return render_template(
        "cooperation/listing.html",
        listing=listing,
        matches=services.matches(listing),
        history=services.history(listing),
        similar=searching.similar(
            current_user, f"{listing.title} {listing.description_source}", "listing", f"listing:{listing.id}"
        ),
        stale=services.is_stale(listing),
        form=PartnerForm(),
    )


@blueprint.route("/listings/<int:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit_listing(listing_id: int):
    listing = services.get_listing(listing_id, current_user)
    if not permissions.can_edit_listing(current_user, listing):
        raise PermissionDenied(_("Solo los puntos focales del país o la moderación pueden editar esta ficha."))
    form = _prepare(ListingForm(obj=listing if request.method == "GET" else None))
    if request.method == "GET":
        form.partners.data = [country.code for country in listing.partners]
        form.sdgs.data = [str(goal) for goal in listing.sdgs]
        form.valid_until.data = listing.valid_until.isoformat() if listing.valid_until else ""
        form.owner.data = (
            f"country:{listing.country_code}" if listing.country_code else f"organization:{listing.organization_id}"
        )
    if form.validate_on_submit():
        try:
            services.update_listing(current_user, listing, form.service_data())
        except ValidationError as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            flash(_("Ficha actualizada."), "success")
            return redirect(listing_url(listing))
    return render_template("cooperation/edit.html", form=form, listing=listing), 422 if form.errors else 200


@blueprint.post("/listings/<int:listing_id>/validate")
@login_required
def validate_listing(listing_id: int):
    listing = services.get_listing(listing_id, current_user)
    if ConfirmForm().validate_on_submit():
        services.validate_listing(current_user, listing)
        flash(_("Ficha validada: consta como vigente hoy."), "success")
    # Only same-site paths: "//host" and "/\\host" would leave the site.
    target = safe_next(listing_url(listing))
    return redirect(listing_url(listing) if "\\" in target else target)


@blueprint.post("/listings/<int:listing_id>/topic")
@login_required
def open_topic(listing_id: int):
    listing = services.get_listing(listing_id, current_user)
    if not ConfirmForm().validate_on_submit():
        return redirect(listing_url(listing))
    topic = services.open_listing_topic(current_user, listing, listing_url(listing, _external=True))
    return redirect(topic_url(topic))


@blueprint.post("/listings/<int:listing_id>/talks")
@login_required
def mark_in_talks(listing_id: int):
    listing = services.get_listing(listing_id, current_user)
    form = PartnerForm()
    if form.validate_on_submit():
        partner = db.session.get(Listing, request.form.get("partner_id", type=int) or 0)
        try:
            if partner is None or not permissions.can_see_listing(current_user, partner):
                raise ValidationError({"partner_id": _("La ficha elegida no existe.")})
            match = services.mark_in_talks(
                current_user, listing, partner, lambda item: listing_url(item, _external=True)
            )
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Las dos fichas quedan en conversación."), "success")
            return redirect(topic_url(match.topic))
    return redirect(listing_url(listing))


@blueprint.get("/countries")
@cached_for_guests
def countries():
    rows = db.session.execute(
        db.select(Country, db.func.count(Listing.id))
        .outerjoin(
            Listing,
            (Listing.country_code == Country.code)
            & Listing.status.in_(("open", "in_talks"))
            & Listing.hidden_at.is_(None),
        )
        .group_by(Country.code)
    ).all()
    rows.sort(key=lambda row: country_name(row[0].code))
    return render_template("cooperation/countries.html", rows=rows)


@blueprint.get("/countries/<code>")
@cached_for_guests
def country(code: str):
    profile = services.country_profile(current_user, code)
    return render_template("cooperation/country.html", profile=profile, form=ConfirmForm())
