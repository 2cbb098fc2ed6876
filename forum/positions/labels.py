"""Translated names of the fixed lists of regional positions (codes stay stable)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .rules import Tally

STANCE_LABELS = {
    "agree": _l("De acuerdo"),
    "reservation": _l("De acuerdo con reservas"),
    "abstain": _l("Abstención"),
    "disagree": _l("En desacuerdo"),
    "block": _l("Bloqueo"),
    "none": _l("Sin respuesta"),
}
# Shown with the word and the colour, so no one depends on the colour alone.
STANCE_SYMBOLS = {
    "agree": "✓",
    "reservation": "✓*",
    "abstain": "–",
    "disagree": "✗",
    "block": "⛔",
    "none": "?",
}
STANCE_HELP = {
    "agree": _l("Su país respalda el texto."),
    "reservation": _l("Respalda el texto y deja constancia de una reserva, que se publica con el resultado."),
    "abstain": _l("No respalda ni se opone; no impide la adopción."),
    "disagree": _l("Se opone y explica por qué; bajo silencio, rompe el silencio."),
    "block": _l("Objeción de fondo: impide el consenso."),
}
RULE_LABELS = {
    "consensus": _l("Consenso"),
    "majority": _l("Mayoría de los Estados participantes"),
    "silence": _l("Procedimiento de silencio"),
}
RULE_HELP = {
    "consensus": _l("Se adopta si ningún país la bloquea y al menos uno la respalda."),
    "majority": _l("Se adopta si la respalda más de la mitad de los Estados participantes, con el quórum alcanzado."),
    "silence": _l("Se adopta al vencer el plazo salvo que algún país se oponga: una objeción rompe el silencio."),
}
OUTCOME_LABELS = {
    "adopted": _l("Adoptada"),
    "adopted_with_reservations": _l("Adoptada con reservas"),
    "not_adopted": _l("No adoptada"),
    "withdrawn": _l("Retirada"),
}
SCOPE_LABELS = {
    "all": _l("Todos los Estados Miembros"),
    "subregion": _l("Una subregión"),
    "scheme": _l("Un esquema de integración"),
    "countries": _l("Países elegidos"),
}
STATE_LABELS = {
    "open": _l("En consulta"),
    "closed": _l("Votación cerrada: resultado pendiente"),
    "decided": _l("Resultado registrado"),
}
AMENDMENT_STATE_LABELS = {
    "proposed": _l("Pendiente"),
    "accepted": _l("Aceptada"),
    "rejected": _l("Rechazada"),
    "outdated": _l("Superada por una revisión posterior"),
}


def explain(tally: Tally) -> str:
    """Why the rule gives its result, with the figures."""
    if tally.why == "consensus":
        return ngettext(
            "Ningún país bloquea y %(num)d la respalda.", "Ningún país bloquea y %(num)d la respaldan.", tally.support
        )
    if tally.why == "blocked":
        return ngettext(
            "%(num)d país bloquea: no hay consenso.", "%(num)d países bloquean: no hay consenso.", tally.counts["block"]
        )
    if tally.why == "no_support":
        return _("Ningún país la respalda todavía.")
    if tally.why == "quorum":
        return _(
            "Quórum no alcanzado: respondieron %(answered)d de los %(quorum)d Estados necesarios.",
            answered=tally.answered,
            quorum=tally.quorum,
        )
    if tally.why in ("majority", "no_majority"):
        return _(
            "La respaldan %(support)d de %(total)d Estados participantes; la mayoría es %(needed)d.",
            support=tally.support,
            total=len(tally.participants),
            needed=tally.majority_needed,
        )
    if tally.why == "silence_kept":
        return _("Ningún país ha roto el silencio.")
    return ngettext(
        "El silencio está roto: %(num)d país se opone.",
        "El silencio está roto: %(num)d países se oponen.",
        len(tally.objections),
    )
