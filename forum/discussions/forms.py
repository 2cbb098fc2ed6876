from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField

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
    # Choices filled in by the view; the discussion service checks the codes.
    countries = SelectMultipleField(
        _l("Países a los que se refiere"),
        validate_choice=False,
        description=_l("Opcional. El tema aparecerá en la página de esos países."),
    )


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Su respuesta"), description=BODY_HELP)
    parent_id = HiddenField()


class EditForm(FlaskForm):
    body = TextAreaField(_l("Mensaje"), description=BODY_HELP)


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""
