from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from models import KINDS, MODALITIES, SDGS, SECTORS, STATUSES

from ..discussions.forms import BODY_HELP
from .labels import KIND_LABELS, MODALITY_LABELS, SECTOR_LABELS, STATUS_LABELS
from .services import EDITABLE_FIELDS


def _choices(codes, labels):
    return [SelectChoice(code, labels[code]) for code in codes]


class ListingForm(FlaskForm):
    """Choices are checked by the cooperation service, which explains errors."""

    kind = SelectField(_l("Tipo"), choices=_choices(KINDS, KIND_LABELS), validate_choice=False)
    title = StringField(_l("Título"))
    description_source = TextAreaField(_l("Descripción"), description=BODY_HELP)
    sector = SelectField(_l("Sector"), choices=_choices(SECTORS, SECTOR_LABELS), validate_choice=False)
    modality = SelectField(_l("Modalidad"), choices=_choices(MODALITIES, MODALITY_LABELS), validate_choice=False)
    sdgs = SelectMultipleField(
        _l("Objetivos de Desarrollo Sostenible"),
        choices=[SelectChoice(str(goal), _l("ODS %(n)d", n=goal)) for goal in SDGS],
        validate_choice=False,
        description=_l("Mantenga pulsada la tecla Ctrl (⌘ en Mac) para elegir varios."),
    )
    partners = SelectMultipleField(
        _l("Países destinatarios o socios"),
        validate_choice=False,
        description=_l("Mantenga pulsada la tecla Ctrl (⌘ en Mac) para elegir varios."),
    )
    status = SelectField(_l("Estado"), choices=_choices(STATUSES, STATUS_LABELS), validate_choice=False)
    valid_until = StringField(_l("Vigente hasta"), render_kw={"type": "date"}, description=_l("AAAA-MM-DD; opcional."))
    contact_name = StringField(_l("Persona de contacto"))
    contact_email = StringField(_l("Correo de contacto"), render_kw={"type": "email"})
    # Moderators choose the owner: "country:AR" or "organization:3".
    owner = SelectField(_l("País u organización"), validate_choice=False)

    def service_data(self) -> dict:
        data = {name: self[name].data for name in EDITABLE_FIELDS}
        kind, _sep, key = (self.owner.data or "").partition(":")
        if kind == "country":
            data["country_code"], data["organization_id"] = key, None
        elif kind == "organization":
            data["country_code"], data["organization_id"] = None, key
        return data


class PartnerForm(FlaskForm):
    """Mark a possible partner's listing as in talks with this one."""

    partner_id = HiddenField()
