"""Pages of the magazine: public issues and their Atom feed, and the
moderators' pages that build, edit and publish them."""

from datetime import UTC
from functools import wraps

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import utcnow

from .. import permissions
from ..discussions.forms import ConfirmForm
from ..errors import PermissionDenied, ValidationError
from ..forms import flash_errors, show_errors
from ..page_cache import cached_for_guests
from . import services
from .forms import BuildForm, IssueForm

blueprint = Blueprint("digest", __name__)


@blueprint.context_processor
def digest_helpers():
    return {"period_label": services.period_label}


def editors_only(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not permissions.can_moderate(current_user):
            raise PermissionDenied(_("Solo los moderadores preparan la revista."))
        return view(*args, **kwargs)

    return wrapper


# Reading ---------------------------------------------------------------------------


@blueprint.get("/revista")
@cached_for_guests
def issues():
    return render_template(
        "digest/issues.html", issues=services.published_issues(), drafts=services.drafts(current_user)
    )


def _render_issue(issue, preview: bool = False):
    return render_template("digest/issue.html", issue=issue, contents=services.contents_of(issue), preview=preview)


@blueprint.get("/revista/<int:number>")
@cached_for_guests
def issue(number: int):
    return _render_issue(services.get_published(number))


@blueprint.get("/revista/borrador/<int:issue_id>")
def preview(issue_id: int):
    """A draft as it will look once published (moderators only)."""
    issue = services.get_issue(current_user, issue_id)
    if issue.number is not None:
        return redirect(url_for("digest.issue", number=issue.number))
    return _render_issue(issue, preview=True)


def _rfc3339(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@blueprint.get("/revista/atom.xml")
@cached_for_guests
def feed():
    published = services.published_issues()
    body = render_template(
        "digest/atom.xml",
        entries=[(issue, services.contents_of(issue)) for issue in published],
        updated=max((issue.updated_at for issue in published), default=utcnow()),
        rfc3339=_rfc3339,
    )
    return Response(body, mimetype="application/atom+xml")


# Preparing an issue ----------------------------------------------------------------


@blueprint.route("/mod/revista/nueva", methods=["GET", "POST"])
@editors_only
def new_issue():
    today = utcnow().date()
    quarters = services.recent_quarters(today)
    form = BuildForm()
    form.quarter.choices = [
        *(SelectChoice(p.code, f"{p.code} ({services.dates_label(p)})") for p in quarters),
        SelectChoice("", _("Otras fechas (indíquelas abajo)")),
    ]
    if form.validate_on_submit():
        try:
            period = services.choose_period(form.quarter.data, form.start.data, form.end.data, today)
            issue = services.build_issue(current_user, period)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Borrador preparado. Revise el contenido y escriba la introducción."), "success")
            return redirect(url_for("digest.edit_issue", issue_id=issue.id))
    elif request.method == "GET":
        form.quarter.data = quarters[0].code
    return render_template("digest/new.html", form=form), 422 if form.errors else 200


@blueprint.route("/mod/revista/<int:issue_id>", methods=["GET", "POST"])
@editors_only
def edit_issue(issue_id: int):
    issue = services.get_issue(current_user, issue_id)
    form = IssueForm()
    if form.validate_on_submit():
        try:
            services.update_issue(current_user, issue, form.title.data, form.introduction.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Cambios guardados."), "success")
            return redirect(url_for("digest.edit_issue", issue_id=issue.id))
    elif request.method == "GET":
        form.title.data, form.introduction.data = issue.title, issue.introduction_source
    return (
        render_template(
            "digest/edit.html", issue=issue, contents=services.contents_of(issue), form=form, confirm_form=ConfirmForm()
        ),
        422 if form.errors else 200,
    )


def _confirmed(action, issue) -> bool:
    """Run a one-button action on an issue; on bad input, flash why."""
    if not ConfirmForm().validate_on_submit():
        return False
    try:
        action(current_user, issue)
    except ValidationError as error:
        flash_errors(error)
        return False
    return True


@blueprint.post("/mod/revista/<int:issue_id>/reconstruir")
@editors_only
def rebuild_issue(issue_id: int):
    issue = services.get_issue(current_user, issue_id)
    if _confirmed(services.rebuild_issue, issue):
        flash(_("Contenido tomado de nuevo del foro."), "success")
    return redirect(url_for("digest.edit_issue", issue_id=issue_id))


@blueprint.post("/mod/revista/<int:issue_id>/publicar")
@editors_only
def publish_issue(issue_id: int):
    issue = services.get_issue(current_user, issue_id)
    if _confirmed(services.publish_issue, issue):
        flash(_("Número %(number)d publicado.", number=issue.number), "success")
        return redirect(url_for("digest.issue", number=issue.number))
    return redirect(url_for("digest.edit_issue", issue_id=issue_id))


@blueprint.post("/mod/revista/<int:issue_id>/borrar")
@editors_only
def delete_issue(issue_id: int):
    issue = services.get_issue(current_user, issue_id)
    if _confirmed(services.delete_issue, issue):
        flash(_("Borrador eliminado."), "success")
        return redirect(url_for("digest.issues"))
    return redirect(url_for("digest.edit_issue", issue_id=issue_id))
