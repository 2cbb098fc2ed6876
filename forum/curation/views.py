from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Space, db

from .. import permissions
from ..discussions import services as discussions
from ..discussions.links import post_url, topic_url
from ..errors import PermissionDenied, ValidationError
from ..forms import flash_errors, show_errors
from ..page_cache import cached_for_guests
from . import approval, services
from .forms import CurationForm, FeatureForm, ReviewSettingsForm

blueprint = Blueprint("curation", __name__)


def _require_moderator() -> None:
    # Reading; the services also need can_moderate (not suspended) to act.
    if not permissions.is_moderator(current_user):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@blueprint.get("/destacados")
@cached_for_guests
def featured():
    """Featured posts the reader may see, by space and period."""
    spaces = [space for space, _categories in discussions.visible_spaces(current_user)]
    filters = {name: request.args.get(name, "").strip() for name in ("space", "quarter", "start", "end")}
    errors, posts = {}, None
    try:
        space = discussions.get_space(current_user, filters["space"]) if filters["space"] else None
        start, end = services.parse_period(filters["quarter"], filters["start"], filters["end"])
    except ValidationError as error:
        errors = error.errors
    else:
        posts = db.paginate(
            services.featured_posts_query(current_user, space, start, end),
            page=_page_arg(),
            per_page=current_app.config["TOPICS_PER_PAGE"],
            error_out=False,
        )
    status = 422 if errors else 200
    return render_template("curation/featured.html", posts=posts, spaces=spaces, filters=filters, errors=errors), status


@blueprint.route("/p/<int:post_id>/feature", methods=["GET", "POST"])
@login_required
def feature_post(post_id: int):
    _require_moderator()
    post = discussions.get_post(current_user, post_id)
    form = FeatureForm(data={"summary": post.featured_summary} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.feature_post(current_user, post, form.summary.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Mensaje destacado."), "success")
            return redirect(post_url(post))
    status = 422 if form.errors else 200
    return render_template("curation/feature_post.html", post=post, form=form, unfeature_form=CurationForm()), status


@blueprint.post("/p/<int:post_id>/unfeature")
@login_required
def unfeature_post(post_id: int):
    post = discussions.get_post(current_user, post_id)
    form = CurationForm()
    if form.validate_on_submit():
        try:
            services.unfeature_post(current_user, post, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Destacado retirado."), "success")
    return redirect(post_url(post))


@blueprint.post("/p/<int:post_id>/answer")
@login_required
def mark_answer(post_id: int):
    post = discussions.get_post(current_user, post_id)
    form = CurationForm()
    if form.validate_on_submit():
        try:
            services.mark_answer(current_user, post, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Mensaje marcado como conclusión del tema."), "success")
    return redirect(post_url(post))


@blueprint.post("/t/<int:topic_id>/answer/clear")
@login_required
def clear_answer(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = CurationForm()
    if form.validate_on_submit():
        try:
            services.clear_answer(current_user, topic, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Conclusión retirada."), "success")
    return redirect(topic_url(topic))


# New-member review ------------------------------------------------------------------


@blueprint.get("/mod/pending")
@login_required
def pending():
    _require_moderator()
    posts = db.paginate(
        approval.pending_query(), page=_page_arg(), per_page=current_app.config["TOPICS_PER_PAGE"], error_out=False
    )
    spaces = db.session.scalars(db.select(Space).order_by(Space.position)).all()
    return render_template("curation/pending.html", posts=posts, spaces=spaces)


@blueprint.post("/p/<int:post_id>/approve")
@login_required
def approve(post_id: int):
    post = approval.find_post(current_user, post_id)
    form = CurationForm()
    if form.validate_on_submit():
        try:
            approval.approve(current_user, post)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Mensaje aprobado y publicado."), "success")
    return redirect(url_for("curation.pending") if form.return_to.data == "pending" else post_url(post))


@blueprint.post("/p/<int:post_id>/reject")
@login_required
def reject(post_id: int):
    post = approval.find_post(current_user, post_id)
    form = CurationForm()
    if form.validate_on_submit():
        try:
            approval.reject(current_user, post, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Mensaje rechazado: su autor recibe el motivo."), "success")
    return redirect(url_for("curation.pending"))


@blueprint.route("/s/<space_slug>/settings", methods=["GET", "POST"])
@login_required
def space_settings(space_slug: str):
    _require_moderator()
    space = discussions.get_space(current_user, space_slug)
    current = {"review_first_posts": space.review_first_posts}
    form = ReviewSettingsForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            approval.set_review_first_posts(current_user, space, form.review_first_posts.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Ajustes del espacio guardados."), "success")
            return redirect(url_for("curation.space_settings", space_slug=space.slug))
    status = 422 if form.errors else 200
    return render_template("curation/space_settings.html", space=space, form=form), status
