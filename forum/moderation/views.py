from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import db

from .. import permissions
from ..discussions import services as discussions
from ..discussions.links import post_url, topic_url
from ..errors import PermissionDenied, ValidationError
from ..forms import flash_errors
from ..localization import localized
from . import services
from .forms import ModerateForm, MoveForm

blueprint = Blueprint("moderation", __name__)


@blueprint.before_request
@login_required
def require_moderator():
    if not permissions.can_moderate(current_user):
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


@blueprint.route("/t/<int:topic_id>/move", methods=["GET", "POST"])
def move_topic(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    form = MoveForm()
    form.category_id.choices = [
        SelectChoice(category.id, localized(category, "name"), optgroup=localized(space, "name"))
        for space, categories in discussions.visible_spaces(current_user)
        for category in categories
    ]
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


@blueprint.get("/mod/log")
def audit_log():
    action = request.args.get("action") or None
    if action not in services.AUDIT_ACTIONS:
        action = None
    entries = db.paginate(
        services.audit_log_query(action=action),
        per_page=current_app.config["TOPICS_PER_PAGE"],
        error_out=False,
    )
    return render_template("moderation/audit_log.html", entries=entries, action=action, labels=services.ACTION_LABELS)
