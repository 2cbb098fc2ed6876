from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from ..discussions.forms import BODY_HELP

TEXT_HELP = _l("Markdown. Separe los párrafos con una línea en blanco: cada párrafo se puede enmendar por separado.")


# Choices filled in by the views; the position services check every value.
class ProposalForm(FlaskForm):
    title = StringField(_l("Título de la posición"))
    text = TextAreaField(_l("Texto del borrador"), description=TEXT_HELP)
    closes_at = DateTimeLocalField(_l("Cierre de la consulta"), format="%Y-%m-%dT%H:%M")
    rule = RadioField(_l("Regla de decisión"), validate_choice=False)
    quorum = IntegerField(
        _l("Quórum"),
        validators=[Optional()],
        description=_l("Solo para la mayoría: Estados que deben responder. Vacío: la mitad más uno."),
    )
    scope = RadioField(_l("Participan"), validate_choice=False, default="all")
    subregion = SelectField(_l("Subregión"), validate_choice=False)
    scheme = SelectField(_l("Esquema de integración"), validate_choice=False)
    countries = SelectMultipleField(_l("Países elegidos"), validate_choice=False)


class StanceForm(FlaskForm):
    stance = RadioField(_l("Postura de su país"), validate_choice=False)
    reason = TextAreaField(
        _l("Motivo o texto de la reserva"),
        description=_l("Obligatorio para «en desacuerdo», «bloqueo» y «de acuerdo con reservas»."),
    )


class RevisionForm(FlaskForm):
    text = TextAreaField(_l("Texto del borrador"), description=TEXT_HELP)
    reason = StringField(_l("Qué cambia y por qué"))


class AmendmentForm(FlaskForm):
    text = TextAreaField(_l("Texto propuesto para el párrafo"), description=BODY_HELP)


class DecisionForm(FlaskForm):
    action = HiddenField()
    note = StringField(_l("Nota"))


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("Resultado"), validate_choice=False)
    final_text = TextAreaField(_l("Texto final"), description=_l("Markdown. Obligatorio si la posición se adopta."))
    note = TextAreaField(_l("Nota sobre el resultado"))
