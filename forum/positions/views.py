"""Pages of regional positions: the register, a proposal with its live
tally, the forms of focal points and moderators, and the exports. All of it
works without JavaScript."""

from dataclasses import dataclass
from datetime import timedelta

from flask import Blueprint, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import Position, db, utcnow

from .. import permissions
from ..cooperation.labels import SCHEMES, SUBREGION_LABELS
from ..discussions import services as discussions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..extensions import posting_limit
from ..forms import country_choices, flash_errors, show_errors
from ..localization import country_name, reader_time_to_utc, utc_to_reader_time
from ..page_cache import cached_for_guests
from . import labels, services
from .forms import AmendmentForm, DecisionForm, OutcomeForm, ProposalForm, RevisionForm, StanceForm
from .rules import STANCE_ORDER
from .serializers import position_json, position_summary_json, position_url

blueprint = Blueprint("positions", __name__)


@blueprint.context_processor
def position_labels():
    return {name: value for name, value in vars(labels).items() if name.endswith(("_LABELS", "_SYMBOLS", "_HELP"))} | {
        "STANCE_ORDER": STANCE_ORDER,
        "position_url": position_url,
        "explain": labels.explain,
    }


@dataclass
class TopicPosition:
    position: Position
    status: str


@blueprint.app_template_global()
def topic_positions(topic) -> list[TopicPosition]:
    """The proposals of a topic with their state, for the topic page."""
    now = utcnow()
    found = []
    for position in services.topic_positions(topic):
        state = position.state(now)
        status = labels.OUTCOME_LABELS[position.outcome] if state == "decided" else labels.STATE_LABELS[state]
        found.append(TopicPosition(position, str(status)))
    return found


# Reading ------------------------------------------------------------------------


@blueprint.get("/positions")
@cached_for_guests
def register():
    return render_template("positions/register.html", register=services.register(current_user))


@blueprint.get("/positions.json")
@cached_for_guests
def register_json():
    """The register as data: every position the reader may see, newest first."""
    query = services.visible_positions_query(current_user).order_by(Position.id.desc())
    return jsonify(items=[position_summary_json(p) for p in db.session.scalars(query).unique()])


def _stance_form(position, stances) -> StanceForm | None:
    if not permissions.can_speak_for_country(current_user, position) or position.state(utcnow()) != "open":
        return None
    form = StanceForm()
    form.stance.choices = [SelectChoice(code, labels.STANCE_LABELS[code]) for code in STANCE_ORDER]
    if request.method == "GET":
        mine = next((s for s in stances if s.country_code == current_user.country_code), None)
        if mine is not None:
            form.stance.data, form.reason.data = mine.stance, mine.reason
    return form


def _render_position(position, stance_form: StanceForm | None = None, status: int = 200):
    stances = services.stances(position)
    amendments = services.amendments(position)
    return (
        render_template(
            "positions/position.html",
            position=position,
            state=position.state(utcnow()),
            stances={stance.country_code: stance for stance in stances},
            tally=services.tally_of(position, stances),
            paragraphs=services.current_paragraphs(position, amendments),
            amendments=amendments,
            stance_form=stance_form or _stance_form(position, stances),
            decision_form=DecisionForm(),
        ),
        status,
    )


@blueprint.get("/positions/<int:position_id>")
@cached_for_guests
def position(position_id: int):
    return _render_position(services.get_position(current_user, position_id))


@blueprint.get("/positions/<int:position_id>.json")
@cached_for_guests
def export_json(position_id: int):
    return jsonify(position_json(services.get_position(current_user, position_id)))


@blueprint.get("/positions/<int:position_id>/print")
@cached_for_guests
def print_position(position_id: int):
    """A page without navigation, laid out for paper or PDF."""
    position = services.get_position(current_user, position_id)
    stances = services.stances(position)
    return render_template(
        "positions/print.html",
        position=position,
        state=position.state(utcnow()),
        stances={stance.country_code: stance for stance in stances},
        tally=services.tally_of(position, stances),
    )


@blueprint.get("/positions/<int:position_id>/history")
def history(position_id: int):
    """Every revision of the text and every stance recorded, in order."""
    position = services.get_position(current_user, position_id)
    return render_template(
        "positions/history.html",
        position=position,
        changes=services.stance_history(position),
        amendments=services.amendments(position),
    )


# Opening a proposal -------------------------------------------------------------


def _proposal_form() -> ProposalForm:
    form = ProposalForm()
    form.rule.choices = [SelectChoice(code, label) for code, label in labels.RULE_LABELS.items()]
    form.scope.choices = [SelectChoice(code, label) for code, label in labels.SCOPE_LABELS.items()]
    form.subregion.choices = [SelectChoice(code, label) for code, label in SUBREGION_LABELS.items()]
    form.scheme.choices = [SelectChoice(scheme, scheme) for scheme in SCHEMES]
    form.countries.choices = country_choices()
    if request.method == "GET":
        form.rule.data = "consensus"
        closes = (utcnow() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
        form.closes_at.data = utc_to_reader_time(closes)
        if current_user.country_code:
            form.countries.data = [current_user.country_code]
    return form


def _proposal_fields(form: ProposalForm) -> services.ProposalFields:
    scope_values = {"subregion": form.subregion.data, "scheme": form.scheme.data}
    return services.ProposalFields(
        title=form.title.data,
        text=form.text.data,
        closes_at=reader_time_to_utc(form.closes_at.data),
        rule=form.rule.data,
        quorum=form.quorum.data,
        scope=form.scope.data,
        scope_value=scope_values.get(form.scope.data) or "",
        countries=form.countries.data or [],
    )


@blueprint.route("/t/<int:topic_id>/positions/new", methods=["GET", "POST"])
@login_required
@posting_limit
def new_position(topic_id: int):
    topic = discussions.get_topic(current_user, topic_id)
    services.require_can_open(current_user, topic)
    form = _proposal_form()
    if request.method == "GET":
        form.title.data = topic.title
    if form.validate_on_submit():
        try:
            created = services.open_position(current_user, topic, _proposal_fields(form))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Propuesta abierta. Los países participantes ya pueden registrar su postura."), "success")
            return redirect(position_url(created))
    return render_template("positions/new.html", topic=topic, form=form), 422 if form.errors else 200


# Stances, revisions, amendments -------------------------------------------------


@blueprint.post("/positions/<int:position_id>/stance")
@login_required
def record_stance(position_id: int):
    position = services.get_position(current_user, position_id)
    form = StanceForm()
    form.stance.choices = [SelectChoice(code, labels.STANCE_LABELS[code]) for code in STANCE_ORDER]
    if form.validate_on_submit():
        try:
            services.record_stance(current_user, position, form.stance.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
            return _render_position(position, form, 422)
        except services.Conflict as error:
            flash(error.message, "error")
        else:
            flash(_("Postura de %(country)s registrada.", country=country_name(current_user.country_code)), "success")
    return redirect(position_url(position, _anchor="postura"))


@blueprint.route("/positions/<int:position_id>/revise", methods=["GET", "POST"])
@login_required
def revise(position_id: int):
    position = services.get_position(current_user, position_id)
    services.require_manager(current_user, position)
    form = RevisionForm(data={"text": position.current_revision.text_source} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            revision = services.revise_position(current_user, position, form.text.data, form.reason.data)
        except ValidationError as error:
            show_errors(form, error)
        except services.Conflict as error:
            flash(error.message, "error")
            return redirect(position_url(position))
        else:
            flash(
                _("Revisión %(n)d publicada. Los países que ya respondieron deben confirmar.", n=revision.number),
                "success",
            )
            return redirect(position_url(position))
    return render_template("positions/revise.html", position=position, form=form), 422 if form.errors else 200


@blueprint.route("/positions/<int:position_id>/paragraphs/<int:number>/amend", methods=["GET", "POST"])
@login_required
def propose_amendment(position_id: int, number: int):
    """`number` counts paragraphs from 1, as people do."""
    position = services.get_position(current_user, position_id)
    services.require_seat(current_user, position)
    blocks = services.paragraphs(position.current_revision.text_source)
    if not 1 <= number <= len(blocks):
        raise NotFound(_("El texto no tiene ese párrafo."))
    form = AmendmentForm(data={"text": blocks[number - 1]} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.propose_amendment(current_user, position, number - 1, form.text.data)
        except ValidationError as error:
            show_errors(form, error)
        except services.Conflict as error:
            flash(error.message, "error")
            return redirect(position_url(position))
        else:
            flash(_("Enmienda propuesta: aparece entre corchetes bajo el párrafo."), "success")
            return redirect(position_url(position, _anchor=f"parrafo-{number}"))
    return (
        render_template(
            "positions/amend.html", position=position, number=number, paragraph=blocks[number - 1], form=form
        ),
        422 if form.errors else 200,
    )


@blueprint.post("/positions/<int:position_id>/amendments/<int:amendment_id>")
@login_required
def decide_amendment(position_id: int, amendment_id: int):
    position = services.get_position(current_user, position_id)
    amendment = services.get_amendment(position, amendment_id)
    services.require_manager(current_user, position)  # before reading what was sent
    form = DecisionForm()
    if form.validate_on_submit():
        if form.action.data not in ("accept", "reject"):
            flash(_("Acción desconocida: acepte o rechace la enmienda."), "error")
            return redirect(position_url(position))
        try:
            services.decide_amendment(current_user, amendment, form.action.data == "accept", form.note.data)
        except ValidationError as error:
            flash_errors(error)
        except services.Conflict as error:
            flash(error.message, "error")
        else:
            flash(
                _("Enmienda aceptada: el texto pasa a la revisión %(n)d.", n=position.revision)
                if amendment.state == "accepted"
                else _("Enmienda rechazada."),
                "success",
            )
    return redirect(position_url(position))


# Outcome ------------------------------------------------------------------------


@blueprint.route("/positions/<int:position_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome(position_id: int):
    position = services.get_position(current_user, position_id)
    if not permissions.can_record_position_outcome(current_user):
        raise PermissionDenied(_("Solo los moderadores registran el resultado de una posición."))
    if position.outcome is not None:
        flash(_("El resultado de esta posición ya está registrado."), "error")
        return redirect(position_url(position))
    tally = services.tally_of(position, services.stances(position))
    form = OutcomeForm()
    form.outcome.choices = [SelectChoice(code, label) for code, label in labels.OUTCOME_LABELS.items()]
    if request.method == "GET":
        # Prefilled with what the rule gives and the current text.
        form.outcome.data = tally.result if position.state(utcnow()) == "closed" else "withdrawn"
        form.final_text.data = position.current_revision.text_source
    if form.validate_on_submit():
        try:
            services.record_outcome(current_user, position, form.outcome.data, form.final_text.data, form.note.data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Resultado registrado: la posición figura en el registro."), "success")
            return redirect(position_url(position))
    return (
        render_template(
            "positions/outcome.html", position=position, state=position.state(utcnow()), tally=tally, form=form
        ),
        422 if form.errors else 200,
    )
