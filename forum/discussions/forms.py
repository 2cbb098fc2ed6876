from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from models import DELEGATES, MEMBERS, PUBLIC, SECRETARIAT

VISIBILITY_LABELS = {
    PUBLIC: _l("Público"),
    MEMBERS: _l("Solo miembros"),
    DELEGATES: _l("Solo delegados gubernamentales"),
    SECRETARIAT: _l("Solo la Secretaría"),
}

BODY_HELP = _l("Markdown: **negrita**, *cursiva*, > cita, - listas, [enlace](https://…).")


class TopicForm(FlaskForm):
    title = StringField(_l("Título"))
    body = TextAreaField(_l("Mensaje"), description=BODY_HELP)
    visibility = SelectField(_l("Quién puede leerlo"), coerce=int)


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Su respuesta"), description=BODY_HELP)
    parent_id = HiddenField()


class EditForm(FlaskForm):
    body = TextAreaField(_l("Mensaje"), description=BODY_HELP)


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""
