from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from ..discussions.forms import BODY_HELP


class BuildForm(FlaskForm):
    # Choices filled in by the view (the recent quarters, then "other dates");
    # the digest service checks the codes and dates.
    quarter = SelectField(_l("Periodo"), validate_choice=False)
    start = StringField(_l("Desde"), render_kw={"type": "date"})
    end = StringField(_l("Hasta (incluido)"), render_kw={"type": "date"})


class IssueForm(FlaskForm):
    title = StringField(_l("Título"))
    introduction = TextAreaField(_l("Introducción"), description=BODY_HELP)
