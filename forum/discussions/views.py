from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import Post, db

from .. import permissions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..extensions import posting_limit
from ..forms import country_choices, show_errors
from ..markup import quote_markdown
from ..moderation import threads
from ..moderation.forms import ModerateForm
from ..page_cache import cached_for_guests
from ..pagination import counted_page
from ..searching import services as searching
from . import services
from .forms import VISIBILITY_LABELS, ConfirmForm, EditForm, ReplyForm, TopicForm
from .links import post_url, topic_url

blueprint = Blueprint("discussions", __name__)


def _flash_if_held(item) -> None:
    if item.held:
        flash(_("Su mensaje queda pendiente de aprobación por la moderación: hasta entonces solo usted lo ve."), "info")


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@blueprint.get("/")
@cached_for_guests
def index():
    return render_template("discussions/index.html", spaces=services.visible_spaces(current_user))


@blueprint.get("/s/<space_slug>")
@cached_for_guests
def space(space_slug: str):
    space = services.get_space(current_user, space_slug)
    categories = next(
        (categories for each, categories in services.visible_spaces(current_user) if each.id == space.id),
        [],
    )
    return render_template("discussions/space.html", space=space, categories=categories)


@blueprint.get("/c/<space_slug>/<category_slug>")
@cached_for_guests
def category(space_slug: str, category_slug: str):
    category = services.get_category_by_slugs(current_user, space_slug, category_slug)
    topics = counted_page(
        services.topics_query(current_user, category),
        page=_page_arg(),
        per_page=current_app.config["TOPICS_PER_PAGE"],
        total=category.topic_count,
    )
    return render_template("discussions/category.html", category=category, topics=topics)


@blueprint.route("/c/<space_slug>/<category_slug>/new", methods=["GET", "POST"])
@login_required
@posting_limit
def new_topic(space_slug: str, category_slug: str):
    category = services.get_category_by_slugs(current_user, space_slug, category_slug)
    if not permissions.can_start_topic(current_user, category):
        raise PermissionDenied(_("No puede abrir temas en esta categoría."))
    form = TopicForm()
    form.visibility.choices = [
        SelectChoice(level, label)
        for level, label in VISIBILITY_LABELS.items()
        if category.effective_visibility <= level <= permissions.clearance(current_user)
    ]
    form.countries.choices = country_choices()
    if form.validate_on_submit():
        try:
            topic = services.create_topic(
                current_user,
                category,
                form.title.data,
                form.body.data,
                form.visibility.data,
                countries=form.countries.data,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            _flash_if_held(topic)
            return redirect(topic_url(topic))
    status = 422 if form.errors else 200
    return render_template("discussions/new_topic.html", category=category, form=form), status


@blueprint.get("/t/<int:topic_id>")
@blueprint.get("/t/<int:topic_id>/<slug>")
@cached_for_guests
def topic(topic_id: int, slug: str | None = None):
    try:
        topic = services.get_topic(current_user, topic_id)
        merged = topic.merged_into_id is not None
    except NotFound:
        # Merged topics are hidden: only moderators get this far with one.
        merged = True
    if merged:
        return redirect(topic_url(threads.merged_destination(current_user, topic_id)), 301)
    view = request.args.get("view")
    view = view if view in services.VIEWS else "tree"
    thread = services.thread_page(
        topic,
        _page_arg(),
        view,
        per_page=current_app.config["POSTS_PER_PAGE"],
        depth_cap=current_app.config["MAX_THREAD_DEPTH"],
        reader=current_user,
    )
    return render_template(
        "discussions/topic.html",
        topic=topic,
        thread=thread,
        reply_form=ReplyForm() if permissions.can_reply(current_user, topic) else None,
        related=searching.similar(current_user, topic.title, "topic", f"topic:{topic.id}") if thread.page == 1 else [],
        moderate_form=ModerateForm() if permissions.can_moderate(current_user) else None,
    )


@blueprint.route("/t/<int:topic_id>/reply", methods=["GET", "POST"])
@login_required
@posting_limit
def reply(topic_id: int):
    topic = services.get_topic(current_user, topic_id)
    services.require_can_reply(current_user, topic)
    form = ReplyForm()
    parent_id = request.values.get("parent_id", type=int) or request.args.get("parent", type=int)
    quote_id = request.args.get("quote", type=int)
    if request.method == "GET" and quote_id:
        quoted = services.get_post(current_user, quote_id)
        if quoted.topic_id == topic.id and permissions.can_read_post_body(current_user, quoted):
            form.body.data = quote_markdown(quoted.author.name, quoted.body_source)
            parent_id = quoted.id
    parent = db.session.get(Post, parent_id) if parent_id else None
    if parent is not None and parent.topic_id != topic.id:
        parent = None
    form.parent_id.data = parent.id if parent else ""
    if form.validate_on_submit():
        try:
            post = services.reply(current_user, topic, form.body.data, parent.id if parent else None)
        except ValidationError as error:
            show_errors(form, error)
        else:
            _flash_if_held(post)
            return redirect(post_url(post))
    status = 422 if form.errors else 200
    return render_template("discussions/reply.html", topic=topic, parent=parent, form=form), status


@blueprint.get("/p/<int:post_id>")
def post(post_id: int):
    """A post's permanent address: the thread page it is on, scrolled to it."""
    post = services.get_post(current_user, post_id)
    view = request.args.get("view")
    view = view if view in services.VIEWS else "tree"
    page = services.page_of_post(post, view, current_app.config["POSTS_PER_PAGE"], reader=current_user)
    params = {"page": page} if page > 1 else {}
    if view != "tree":
        params["view"] = view
    return redirect(topic_url(post.topic, **params, _anchor=f"p{post.id}"))


@blueprint.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = services.get_post(current_user, post_id)
    if not permissions.can_edit_post(current_user, post):
        raise PermissionDenied(_("No puede editar este mensaje."))
    form = EditForm(data={"body": post.body_source} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.edit_post(current_user, post, form.body.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Mensaje actualizado."), "success")
            return redirect(post_url(post))
    status = 422 if form.errors else 200
    return render_template("discussions/edit_post.html", post=post, form=form), status


@blueprint.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete_post(post_id: int):
    post = services.get_post(current_user, post_id)
    if not permissions.can_delete_post(current_user, post):
        raise PermissionDenied(_("No puede eliminar este mensaje."))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_post(current_user, post)
        flash(_("Mensaje eliminado. Las respuestas siguen visibles."), "info")
        return redirect(post_url(post))
    return render_template("discussions/delete_post.html", post=post, form=form)


@blueprint.get("/p/<int:post_id>/history")
@login_required
def post_history(post_id: int):
    post = services.get_post(current_user, post_id)
    if not permissions.can_see_post_history(current_user):
        raise PermissionDenied(_("El historial de ediciones es visible para los moderadores."))
    return render_template("discussions/history.html", post=post, revisions=services.revisions(post))
