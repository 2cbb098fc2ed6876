from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

CHAT_HELP = _l("Markdown. Para mencionar a alguien: @**Nombre Apellido**.")


class ChatForm(FlaskForm):
    body = TextAreaField(_l("Mensaje"), description=CHAT_HELP)
    # A fresh id per rendered form: sending the same form twice stores one message.
    client_id = HiddenField()


class RoomForm(FlaskForm):
    title = StringField(_l("Nombre"))
    description = StringField(_l("Para qué es"))
    # Choices filled in by the view; the chat service checks the values.
    space_id = SelectField(_l("Espacio"), coerce=int, validate_choice=False)
    visibility = SelectField(_l("Quién puede entrar"), coerce=int, validate_choice=False)


class ReasonForm(FlaskForm):
    reason = StringField(_l("Motivo"))


class MuteForm(FlaskForm):
    # Choices filled in by the view: the people present and those who wrote lately.
    user_id = SelectField(_l("Persona"), coerce=int, validate_choice=False)
    minutes = IntegerField(_l("Minutos"), default=15)
    reason = StringField(_l("Motivo"))


class MeetingForm(FlaskForm):
    title = StringField(_l("Título"))
    description = TextAreaField(_l("Descripción"), description=_l("Markdown."))
    agenda = TextAreaField(_l("Orden del día"), description=_l("Un punto por línea, en orden."))
    starts_at = DateTimeLocalField(_l("Comienzo"), format="%Y-%m-%dT%H:%M")
    ends_at = DateTimeLocalField(_l("Fin"), format="%Y-%m-%dT%H:%M")
    # Choices filled in by the view; the meeting service checks every value.
    chair_id = SelectField(_l("Presidencia"), coerce=int, validate_choice=False)
    space_id = SelectField(_l("Espacio"), coerce=int, validate_choice=False)
    visibility = SelectField(_l("Quién puede ver la sala"), coerce=int, validate_choice=False)
    open_to_all = BooleanField(_l("Abierta a todas las personas que pueden ver la sala"), default=True)
    countries = SelectMultipleField(_l("Países invitados"), validate_choice=False)
    organizations = SelectMultipleField(_l("Organizaciones invitadas"), coerce=int, validate_choice=False)
    people = TextAreaField(_l("Personas invitadas"), description=_l("Direcciones de correo, una por línea."))


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Relatoría"), description=_l("Markdown: conclusiones acordadas y acciones, con responsables y plazos.")
    )


class FollowUpForm(FlaskForm):
    category_id = SelectField(_l("Categoría del tema de seguimiento"), coerce=int, validate_choice=False)


class FloorForm(FlaskForm):
    """The speakers' list without JavaScript: one form per button."""

    action = HiddenField()
    request_id = HiddenField()
    direction = HiddenField()
    seconds = IntegerField(_l("Segundos por intervención"))
