from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import db

from .. import permissions
from ..discussions import services as discussions
from ..discussions.links import post_url, topic_url
from ..errors import PermissionDenied, ValidationError
from ..forms import country_choices, flash_errors, show_errors
from ..localization import localized
from . import audit, services, threads
from .forms import (
    AuditLogFilterForm,
    CloseForm,
    DestinationForm,
    EditTopicForm,
    ModerateForm,
    MoveForm,
    SlowModeForm,
    SplitForm,
)

blueprint = Blueprint("moderation", __name__)


@blueprint.before_request
@login_required
def require_moderator():
    # Reading; every action's service also needs can_moderate (not suspended).
    if not permissions.is_moderator(current_user):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


@blueprint.post("/t/<int:topic_id>/moderate")
def moderate_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = ModerateForm()
    if form.validate_on_submit():
        try:
            services.set_topic_flag(current_user, topic, form.action.data, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Acción registrada."), "success")
    return redirect(topic_url(topic))


def _category_choices() -> list[SelectChoice]:
    return [
        SelectChoice(category.id, localized(category, "name"), optgroup=localized(space, "name"))
        for space, categories in discussions.visible_spaces(current_user)
        for category in categories
    ]


def _form_page(template: str, form, **context):
    """A tool's form, with status 422 when what was sent needs correcting."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


@blueprint.route("/t/<int:topic_id>/move", methods=["GET", "POST"])
def move_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = MoveForm()
    form.category_id.choices = _category_choices()
    if form.validate_on_submit():
        destination = discussions.get_category(current_user, form.category_id.data)
        try:
            services.move_topic(current_user, topic, destination, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Tema movido a %(name)s.", name=localized(destination, "name")), "success")
            return redirect(topic_url(topic))
    elif request.method == "GET":
        form.category_id.data = topic.category_id
    return render_template("moderation/move_topic.html", topic=topic, form=form)


@blueprint.post("/p/<int:post_id>/moderate")
def moderate_post(post_id: int):
    post = discussions.get_post(current_user, post_id)
    form = ModerateForm()
    if form.validate_on_submit():
        try:
            services.set_post_hidden(current_user, post, form.action.data, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(_("Acción registrada."), "success")
    return redirect(post_url(post))


# Tools on threads ------------------------------------------------------------


@blueprint.route("/mod/p/<int:post_id>/split", methods=["GET", "POST"])
def split_branch(post_id: int):
    post = discussions.get_post(current_user, post_id)
    form = SplitForm()
    form.category_id.choices = _category_choices()
    if form.validate_on_submit():
        try:
            topic = threads.split_branch(current_user, post, form.title.data, form.category_id.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("La rama es ahora el tema «%(title)s».", title=topic.title), "success")
            return redirect(topic_url(topic))
    elif request.method == "GET":
        form.category_id.data = post.topic.category_id
    return _form_page("moderation/split.html", form, post=post, branch_size=threads.branch_size(post))


@blueprint.route("/mod/p/<int:post_id>/move", methods=["GET", "POST"])
def move_post(post_id: int):
    post = discussions.get_post(current_user, post_id)
    form = DestinationForm()
    if form.validate_on_submit():
        try:
            destination = threads.move_branch(current_user, post, form.destination.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Mensajes movidos al tema «%(title)s».", title=destination.title), "success")
            return redirect(post_url(post))
    return _form_page("moderation/move_post.html", form, post=post, branch_size=threads.branch_size(post))


@blueprint.route("/mod/t/<int:topic_id>/merge", methods=["GET", "POST"])
def merge_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = DestinationForm()
    if form.validate_on_submit():
        try:
            destination = threads.merge_topics(current_user, topic, form.destination.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Tema fusionado con «%(title)s».", title=destination.title), "success")
            return redirect(topic_url(destination))
    return _form_page("moderation/merge.html", form, topic=topic)


@blueprint.route("/mod/t/<int:topic_id>/close", methods=["GET", "POST"])
def close_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.set_topic_flag(current_user, topic, "lock", form.reason.data, form.closing_note.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Tema cerrado."), "success")
            return redirect(topic_url(topic))
    return _form_page("moderation/close.html", form, topic=topic)


def _slow_mode_label(minutes: int) -> str:
    return ngettext("%(num)d minuto", "%(num)d minutos", minutes) if minutes else _("Sin modo lento")


@blueprint.route("/mod/t/<int:topic_id>/slow-mode", methods=["GET", "POST"])
def slow_mode(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = SlowModeForm()
    form.minutes.choices = [(minutes, _slow_mode_label(minutes)) for minutes in threads.SLOW_MODE_CHOICES]
    if form.validate_on_submit():
        try:
            threads.set_slow_mode(current_user, topic, form.minutes.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            minutes = topic.slow_mode_minutes
            label = _slow_mode_label(minutes)
            flash(
                _("Modo lento activado: %(label)s entre dos mensajes de una persona.", label=label)
                if minutes
                else label,
                "success",
            )
            return redirect(topic_url(topic))
    elif request.method == "GET":
        form.minutes.data = topic.slow_mode_minutes
    return _form_page("moderation/slow_mode.html", form, topic=topic)


@blueprint.route("/mod/t/<int:topic_id>/edit", methods=["GET", "POST"])
def edit_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = EditTopicForm()
    form.countries.choices = country_choices()
    if form.validate_on_submit():
        try:
            threads.edit_topic(current_user, topic, form.title.data, form.countries.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Tema actualizado."), "success")
            return redirect(topic_url(topic))
    elif request.method == "GET":
        form.title.data = topic.title
        form.countries.data = [country.code for country in topic.countries]
    return _form_page("moderation/edit_topic.html", form, topic=topic)


# The audit log ----------------------------------------------------------------


@blueprint.get("/mod/log")
def audit_log():
    form = AuditLogFilterForm(formdata=request.args)
    form.action.choices = [("", _("Todas")), *((name, label) for name, label in services.ACTION_LABELS.items())]
    form.actor.choices = [("", _("Todos")), *((str(person.id), person.name) for person in audit.actors(current_user))]
    form.target_type.choices = [
        ("", _("Todo")),
        *((kind, audit.TARGET_LABELS.get(kind, kind)) for kind in audit.target_types(current_user)),
    ]
    entries = None
    try:
        filters = audit.parse_filters(current_user, request.args)
    except ValidationError as error:
        show_errors(form, error)
    else:
        entries = db.paginate(
            audit.entries_query(current_user, filters),
            per_page=current_app.config["TOPICS_PER_PAGE"],
            error_out=False,
        )
    return _form_page("moderation/audit_log.html", form, entries=entries, labels=services.ACTION_LABELS)
