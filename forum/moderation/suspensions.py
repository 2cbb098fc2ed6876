"""Suspensions: a suspended person reads as before and writes nowhere until
the date set. Nothing needs to run when it ends: permissions compare the
date with the present (permissions.is_suspended)."""

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _

from models import User, db, utcnow

from .. import permissions
from ..errors import PermissionDenied, ValidationError
from ..notifications.services import notify
from .services import REASON_MAX, record_action

MAX_DAYS = 365


def require_suspender(actor: User, person: User) -> None:
    if permissions.can_suspend(actor, person):
        return
    if not (permissions.is_moderator(actor) and permissions.can_write(actor)):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    if person.id == actor.id:
        raise PermissionDenied(_("No puede suspender su propia cuenta."))
    raise PermissionDenied(_("Solo la administración puede suspender o rehabilitar a moderadores y administradores."))


def clean_days(days) -> int:
    if isinstance(days, str) and days.strip().isdecimal() and days.strip().isascii():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("Indique entre 1 y %(n)d días.", n=MAX_DAYS)})
    return days


def _clean_suspension_reason(reason) -> str:
    reason = (reason if isinstance(reason, str) else "").strip()
    if not reason:
        raise ValidationError({"reason": _("Explique el motivo de la suspensión: la persona lo verá.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("El motivo no puede pasar de %(n)d caracteres.", n=REASON_MAX)})
    return reason


def suspend(actor: User, person: User, days=None, reason=None) -> User:
    """Suspend for `days` from now; the person is told why."""
    require_suspender(actor, person)
    until = utcnow() + timedelta(days=clean_days(days))
    reason = _clean_suspension_reason(reason)
    person.suspended_until = until
    person.suspension_reason = reason
    record_action(actor, "user.suspend", "user", person.id, reason, f"{person.name} → {until:%Y-%m-%d %H:%M} UTC")
    notify(person, "suspension", {"until": until.isoformat(), "reason": reason})
    db.session.commit()
    return person


def lift(actor: User, person: User) -> User:
    require_suspender(actor, person)
    if not permissions.is_suspended(person):
        raise ValidationError({"action": _("Esta cuenta no está suspendida.")})
    person.suspended_until = None
    person.suspension_reason = ""
    record_action(actor, "user.unsuspend", "user", person.id, "", person.name)
    notify(person, "suspension_lifted", {}, link=url_for("auth.profile", user_id=person.id))
    db.session.commit()
    return person
