from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField


class ModerateForm(FlaskForm):
    """One moderator action (pin, lock, hide …) with an optional reason."""

    action = HiddenField()
    reason = StringField(_l("Motivo (queda en el registro)"))


class MoveForm(FlaskForm):
    category_id = SelectField(_l("Mover a la categoría"), coerce=int)
    reason = StringField(_l("Motivo (queda en el registro)"))
