from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField


class ModerateForm(FlaskForm):
    """One moderator action (pin, lock, hide …) with an optional reason."""

    action = HiddenField()
    reason = StringField(_l("Motivo (queda en el registro)"))


class MoveForm(FlaskForm):
    category_id = SelectField(_l("Mover a la categoría"), coerce=int)
    reason = StringField(_l("Motivo (queda en el registro)"))


class SplitForm(FlaskForm):
    title = StringField(_l("Título del tema nuevo"))
    # Choices filled in by the view; the service checks the category.
    category_id = SelectField(_l("Categoría"), coerce=int, validate_choice=False)
    reason = StringField(_l("Motivo (queda en el registro)"))


class DestinationForm(FlaskForm):
    """Merge a topic into another, or move posts to another topic."""

    destination = StringField(_l("Tema de destino"), description=_l("Su número (123) o su dirección (…/t/123/…)."))
    reason = StringField(_l("Motivo (queda en el registro)"))


class CloseForm(FlaskForm):
    closing_note = TextAreaField(
        _l("Nota de cierre"),
        description=_l("Opcional. Texto simple, hasta 1000 caracteres: todos la verán al final del tema."),
    )
    reason = StringField(_l("Motivo (queda en el registro)"))


class SlowModeForm(FlaskForm):
    # Choices filled in by the view; the service checks the value.
    minutes = SelectField(_l("Cada persona puede escribir un mensaje cada"), coerce=int, validate_choice=False)
    reason = StringField(_l("Motivo (queda en el registro)"))


class EditTopicForm(FlaskForm):
    title = StringField(_l("Título"))
    # Choices filled in by the view; the service checks the codes.
    countries = SelectMultipleField(_l("Países a los que se refiere"), validate_choice=False)
    reason = StringField(_l("Motivo (queda en el registro)"))


class AuditLogFilterForm(FlaskForm):
    """The audit log's filters: a GET form whose values stay in the address."""

    class Meta:
        csrf = False

    # Choices filled in by the view; the audit service checks every value.
    action = SelectField(_l("Acción"), validate_choice=False)
    actor = SelectField(_l("Quién"), validate_choice=False)
    target_type = SelectField(_l("Sobre"), validate_choice=False)
    since = StringField(_l("Desde"), render_kw={"type": "date"})
    until = StringField(_l("Hasta"), render_kw={"type": "date"})


class FlagForm(FlaskForm):
    # Choices filled in by the view (flags.REASON_LABELS); the flag service checks the value.
    reason = RadioField(_l("¿Por qué lo denuncia?"), validate_choice=False)
    text = TextAreaField(
        _l("Explicación"), description=_l("Obligatoria con «Otro motivo». Solo la leen los moderadores.")
    )


class ReviewForm(FlaskForm):
    """One action of the review queue; each action uses the fields it needs."""

    action = HiddenField()
    reason = StringField(_l("Motivo (queda en el registro)"))
    text = TextAreaField(_l("Texto"))
    # Numbers checked by the review service, which says what is wrong.
    category_id = SelectField(_l("Categoría"), validate_choice=False)
    days = StringField(_l("Días"))


class SuspendForm(FlaskForm):
    days = StringField(_l("Días de suspensión"), default="7")
    reason = StringField(_l("Motivo (la persona lo verá)"))
