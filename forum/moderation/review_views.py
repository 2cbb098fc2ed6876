"""Pages of flags and their review: the flag form every member reaches from
an item, the moderators' queue, suspensions from a profile and hiding a
cooperation listing."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import User, db

from ..cooperation import services as cooperation
from ..discussions import services as discussions
from ..discussions.forms import ConfirmForm
from ..errors import Conflict, NotFound, ValidationError, suspension_message
from ..forms import flash_errors, show_errors
from ..localization import localized
from ..notifications.services import FLAG_OUTCOMES
from ..pagination import Page
from . import flags, review, suspensions
from .forms import FlagForm, ModerateForm, ReviewForm, SuspendForm

blueprint = Blueprint("review", __name__)
blueprint.add_app_template_global(suspension_message)


# Flagging -----------------------------------------------------------------------


@blueprint.route("/flag/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
def flag(kind: str, item_id: int):
    target = flags.find_target(current_user, kind, item_id)
    flags.require_flagger(current_user, target)
    if flags.has_flagged(current_user, target):
        if request.method == "POST":
            flash(flags.ALREADY_FLAGGED[kind], "info")
            return redirect(target.url)
        return render_template("moderation/flag.html", target=target, form=None, already=flags.ALREADY_FLAGGED[kind])
    form = FlagForm()
    form.reason.choices = list(flags.REASON_LABELS.items())
    if form.validate_on_submit():
        try:
            flags.flag(current_user, kind, item_id, form.reason.data, form.text.data)
        except ValidationError as error:
            show_errors(form, error)
        except Conflict as error:
            flash(error.message, "info")
            return redirect(target.url)
        else:
            flash(_("Gracias: los moderadores revisarán su denuncia. Su autor no sabrá quién la hizo."), "success")
            return redirect(target.url)
    return render_template("moderation/flag.html", target=target, form=form), 422 if form.errors else 200


# The review queue ---------------------------------------------------------------


def _category_groups() -> list[tuple[str, list[tuple[int, str]]]]:
    """Where a topic can move: (space, [(category id, name)]), in display order."""
    return [
        (localized(space, "name"), [(category.id, localized(category, "name")) for category in categories])
        for space, categories in discussions.visible_spaces(current_user)
    ]


def _render_queue(page: Page, single: bool = False, failed: dict | None = None, status: int = 200):
    return (
        render_template(
            "moderation/queue.html",
            page=page,
            single=single,
            failed=failed or {},
            categories=_category_groups(),
            buttons=review.ACTION_BUTTONS,
            reasons=flags.REASON_LABELS,
            kinds=flags.KIND_NAMES,
            outcomes=FLAG_OUTCOMES,
        ),
        status,
    )


@blueprint.get("/mod/queue")
@login_required
def queue():
    page = review.queue(
        current_user,
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=current_app.config["TOPICS_PER_PAGE"],
    )
    return _render_queue(page)


@blueprint.get("/mod/queue/<int:flag_id>")
@login_required
def queue_item(flag_id: int):
    try:
        entry = review.entry(current_user, flag_id)
    except Conflict as error:
        flash(error.message, "info")
        return redirect(url_for("review.queue"))
    return _render_queue(Page([entry], 1, 1, 1), single=True)


def _number(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdecimal() else None


@blueprint.post("/mod/queue/<int:flag_id>")
@login_required
def act(flag_id: int):
    form = ReviewForm()
    form.validate_on_submit()  # CSRF; the review service checks every value
    fields = review.ActionFields(text=form.text.data, category_id=_number(form.category_id.data), days=form.days.data)
    try:
        resolution = review.act(current_user, flag_id, form.action.data, form.reason.data, fields)
    except Conflict as error:
        flash(error.message, "info")
        return redirect(url_for("review.queue"))
    except ValidationError as error:
        # The item's page again, with what was typed and what is wrong.
        entry = review.entry(current_user, flag_id)
        failed = {"action": form.action.data, "form": form, "errors": error.errors}
        return _render_queue(Page([entry], 1, 1, 1), single=True, failed=failed, status=422)
    flash(_("Denuncias atendidas: %(outcome)s.", outcome=FLAG_OUTCOMES[resolution.outcome]), "success")
    return redirect(url_for("review.queue"))


# Suspensions --------------------------------------------------------------------


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None:
        raise NotFound(_("Esta persona no existe."))
    return person


@blueprint.route("/u/<int:user_id>/suspend", methods=["GET", "POST"])
@login_required
def suspend(user_id: int):
    person = _person(user_id)
    suspensions.require_suspender(current_user, person)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            suspensions.suspend(current_user, person, days=form.days.data, reason=form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Cuenta de %(name)s suspendida.", name=person.name), "success")
            return redirect(url_for("auth.profile", user_id=person.id))
    status = 422 if form.errors else 200
    return render_template("moderation/suspend.html", person=person, form=form, lift_form=ConfirmForm()), status


@blueprint.post("/u/<int:user_id>/unsuspend")
@login_required
def lift(user_id: int):
    person = _person(user_id)
    if ConfirmForm().validate_on_submit():
        try:
            suspensions.lift(current_user, person)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Suspensión de %(name)s levantada.", name=person.name), "success")
    return redirect(url_for("auth.profile", user_id=person.id))


# Listings -----------------------------------------------------------------------


@blueprint.post("/listings/<int:listing_id>/visibility")
@login_required
def listing_visibility(listing_id: int):
    listing = cooperation.get_listing(listing_id, current_user)
    form = ModerateForm()
    if form.validate_on_submit():
        try:
            cooperation.set_listing_hidden(current_user, listing, form.action.data == "hide", form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Acción registrada."), "success")
    return redirect(url_for("cooperation.listing", listing_id=listing.id))
