"""Reading the audit log: filters by action, moderator, kind of target and
dates (whole days in the reader's time zone)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import ModerationAction, User, db

from .. import permissions
from ..errors import PermissionDenied, ValidationError
from ..forms import parse_day
from ..localization import reader_time_to_utc
from .services import ACTION_LABELS

# What an audited action acts on; kinds not named here show as stored.
TARGET_LABELS = {
    "topic": _l("Temas"),
    "post": _l("Mensajes"),
    "listing": _l("Fichas de cooperación"),
    "chat_message": _l("Mensajes de chat"),
    "user": _l("Personas"),
    "meeting": _l("Reuniones"),
    "space": _l("Espacios"),
    "digest": _l("Números de la revista"),
    "flag": _l("Denuncias"),
}


@dataclass
class AuditFilters:
    action: str | None = None
    actor_id: int | None = None
    target_type: str | None = None
    since: date | None = None
    until: date | None = None


def _require_reader(reader) -> None:
    if not permissions.can_read_audit_log(reader):
        raise PermissionDenied(_("El registro de moderación es para la moderación y la administración."))


def actors(reader) -> list[User]:
    """The people who have acted, for the filter's list."""
    _require_reader(reader)
    acted = select(ModerationAction.actor_id).distinct()
    return db.session.scalars(select(User).where(User.id.in_(acted)).order_by(User.name)).all()


def target_types(reader) -> list[str]:
    """Every kind of target in the log, the known ones first."""
    _require_reader(reader)
    present = set(db.session.scalars(select(ModerationAction.target_type).distinct()))
    return [*TARGET_LABELS, *sorted(present - set(TARGET_LABELS))]


def _date(args, name: str, errors: dict) -> date | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError:
        errors[name] = _("«%(value)s» no es una fecha: escríbala como AAAA-MM-DD.", value=value)
        return None


def parse_filters(reader, args) -> AuditFilters:
    """Filters from a query string; every unknown value is reported at once."""
    errors, filters = {}, AuditFilters()
    action = (args.get("action") or "").strip()
    if action and action not in ACTION_LABELS:
        errors["action"] = _("Acción desconocida: %(value)s.", value=action)
    filters.action = action or None
    actor = (args.get("actor") or "").strip()
    if actor:
        known = {person.id for person in actors(reader)}
        if not (actor.isascii() and actor.isdecimal()) or int(actor) not in known:
            errors["actor"] = _("Nadie con ese número figura en el registro.")
        else:
            filters.actor_id = int(actor)
    target_type = (args.get("target_type") or "").strip()
    if target_type and target_type not in target_types(reader):
        errors["target_type"] = _("Tipo de elemento desconocido: %(value)s.", value=target_type)
    filters.target_type = target_type or None
    filters.since, filters.until = _date(args, "since", errors), _date(args, "until", errors)
    if filters.since and filters.until and filters.since > filters.until:
        errors["until"] = _("La fecha «hasta» es anterior a la fecha «desde».")
    if errors:
        raise ValidationError(errors)
    return filters


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the reader's time zone, in UTC."""
    return reader_time_to_utc(datetime.combine(day, time()))


def entries_query(reader, filters: AuditFilters):
    """The log, newest first, as filtered."""
    _require_reader(reader)
    query = select(ModerationAction).options(joinedload(ModerationAction.actor)).order_by(ModerationAction.id.desc())
    if filters.action:
        query = query.where(ModerationAction.action == filters.action)
    if filters.actor_id:
        query = query.where(ModerationAction.actor_id == filters.actor_id)
    if filters.target_type:
        query = query.where(ModerationAction.target_type == filters.target_type)
    if filters.since:
        query = query.where(ModerationAction.created_at >= _day_start(filters.since))
    if filters.until:
        query = query.where(ModerationAction.created_at < _day_start(filters.until + timedelta(days=1)))
    return query
