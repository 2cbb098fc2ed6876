"""Translated names of the fixed cooperation lists (codes stay stable)."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "offer": _l("Oferta"),
    "demand": _l("Demanda"),
    "both": _l("Doble vía"),
}
SECTOR_LABELS = {
    "health": _l("Salud"),
    "education": _l("Educación"),
    "housing": _l("Vivienda"),
    "agriculture": _l("Agricultura y seguridad alimentaria"),
    "disaster_risk": _l("Reducción del riesgo de desastres"),
    "environment": _l("Medio ambiente y clima"),
    "trade": _l("Comercio e inversión"),
    "smes": _l("PYMES y producción"),
    "ict": _l("TIC y gestión del conocimiento"),
    "social": _l("Desarrollo social y pobreza"),
    "public_admin": _l("Administración pública"),
    "science": _l("Ciencia y tecnología"),
    "culture": _l("Cultura"),
    "other": _l("Otro"),
}
MODALITY_LABELS = {
    "technical_assistance": _l("Asistencia técnica"),
    "training": _l("Capacitación y cursos"),
    "expert_exchange": _l("Intercambio de expertos"),
    "internship": _l("Pasantías"),
    "scholarships": _l("Becas"),
    "financial": _l("Cooperación financiera"),
    "triangular": _l("Cooperación triangular"),
}
STATUS_LABELS = {
    "open": _l("Abierta"),
    "in_talks": _l("En conversación"),
    "agreed": _l("Acordada"),
    "closed": _l("Cerrada"),
}
# URL codes of the subregions, and the names stored in the reference data.
SUBREGIONS = {
    "caribe": "Caribe",
    "centroamerica": "Centroamérica",
    "sudamerica": "Sudamérica",
    "norteamerica": "Norteamérica",
}
SUBREGION_LABELS = {
    "caribe": _l("Caribe"),
    "centroamerica": _l("Centroamérica"),
    "sudamerica": _l("Sudamérica"),
    "norteamerica": _l("Norteamérica"),
}
# Subregion name as stored -> its translated label.
SUBREGION_NAME_LABELS = {name: SUBREGION_LABELS[code] for code, name in SUBREGIONS.items()}
SCHEMES = ("CAN", "CARICOM", "MERCOSUR", "SICA", "UNASUR", "ALBA", "AEC")
# Names of the fields a listing's history mentions.
FIELD_LABELS = {
    "kind": _l("tipo"),
    "title": _l("título"),
    "description_source": _l("descripción"),
    "sector": _l("sector"),
    "modality": _l("modalidad"),
    "sdgs": _l("ODS"),
    "partners": _l("países socios"),
    "status": _l("estado"),
    "valid_until": _l("vigencia"),
    "contact_name": _l("persona de contacto"),
    "contact_email": _l("correo de contacto"),
    "country_code": _l("país"),
    "organization_id": _l("organización"),
}
# Fields whose values are codes with translated names.
CODED_FIELDS = {"kind": KIND_LABELS, "sector": SECTOR_LABELS, "modality": MODALITY_LABELS, "status": STATUS_LABELS}
