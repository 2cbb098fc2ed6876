from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from .approval import REVIEW_MAX
from .services import SUMMARY_MAX


class FeatureForm(FlaskForm):
    summary = StringField(
        _l("Resumen de una línea"),
        render_kw={"maxlength": SUMMARY_MAX},
        description=_l(
            "Obligatorio, hasta %(n)d caracteres: acompaña al destacado en el tema y en Destacados.", n=SUMMARY_MAX
        ),
    )


class CurationForm(FlaskForm):
    """A moderator's action on a post (approve, reject, unfeature, conclusion)
    with a reason for the log, and the page to come back to."""

    reason = StringField(_l("Motivo (queda en el registro)"))
    return_to = HiddenField()


class ReviewSettingsForm(FlaskForm):
    # Text, checked by the service, so any input gets its Spanish message.
    review_first_posts = StringField(
        _l("Mensajes de cada cuenta nueva que esperan aprobación"),
        description=_l(
            "Entre 0 y %(n)d. 0 desactiva la revisión. Con N, los mensajes de quien tenga menos de N mensajes "
            "publicados esperan la aprobación de la moderación; los de moderadores y administradores nunca.",
            n=REVIEW_MAX,
        ),
    )
