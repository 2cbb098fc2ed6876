from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import db

from ..discussions.forms import ConfirmForm
from . import services

blueprint = Blueprint("notifications", __name__)
blueprint.add_app_template_global(services.unread_count, "unread_notifications")


@blueprint.get("/notifications")
@login_required
def index():
    notices = db.paginate(
        services.notices_query(current_user),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=current_app.config["TOPICS_PER_PAGE"],
        error_out=False,
    )
    return render_template("notifications/index.html", notices=notices, notice_text=services.text, form=ConfirmForm())


@blueprint.post("/notifications/read")
@login_required
def mark_read():
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(current_user)
        flash(_("Todos los avisos quedan marcados como leídos."), "success")
    return redirect(url_for("notifications.index"))
