"""Moderator actions on topics and posts, each written to the audit log in
the same transaction as the change it records."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import Category, ModerationAction, Post, Topic, User, db, utcnow

from .. import indexing, permissions
from ..errors import PermissionDenied, ValidationError

REASON_MAX = 500
CLOSING_NOTE_MAX = 1000

# action name -> (topic attribute, new value)
TOPIC_FLAGS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
    "hide": ("hidden", True),
    "unhide": ("hidden", False),
}
POST_ACTIONS = ("hide", "unhide")
# Every action the audit log records, with its label: the one registry.
ACTION_LABELS = {
    "topic.pin": _l("Tema fijado"),
    "topic.unpin": _l("Tema desfijado"),
    "topic.lock": _l("Tema cerrado"),
    "topic.unlock": _l("Tema reabierto"),
    "topic.hide": _l("Tema ocultado"),
    "topic.unhide": _l("Tema visible de nuevo"),
    "topic.move": _l("Tema movido"),
    "topic.edit": _l("Título o países del tema editados"),
    "topic.split": _l("Rama separada en un tema nuevo"),
    "topic.merge": _l("Temas fusionados"),
    "topic.slow_mode": _l("Modo lento cambiado"),
    "topic.answer": _l("Respuesta o conclusión marcada"),
    "post.hide": _l("Mensaje ocultado"),
    "post.unhide": _l("Mensaje visible de nuevo"),
    "post.edit": _l("Mensaje editado por la moderación"),
    "post.move": _l("Mensajes movidos a otro tema"),
    "post.feature": _l("Mensaje destacado"),
    "post.unfeature": _l("Destacado retirado"),
    "post.approve": _l("Mensaje aprobado"),
    "post.reject": _l("Mensaje rechazado"),
    "listing.hide": _l("Ficha de cooperación ocultada"),
    "listing.unhide": _l("Ficha de cooperación visible de nuevo"),
    "listing.edit": _l("Ficha de cooperación editada por la moderación"),
    "chat.delete": _l("Mensaje de chat borrado"),
    "chat.edit": _l("Mensaje de chat editado por la moderación"),
    "chat.mute": _l("Persona silenciada en una sala"),
    "chat.unmute": _l("Silencio levantado"),
    "meeting.close": _l("Reunión terminada"),
    "flag.dismiss": _l("Denuncias descartadas"),
    "user.warn": _l("Advertencia enviada"),
    "user.suspend": _l("Cuenta suspendida"),
    "user.unsuspend": _l("Suspensión levantada"),
    "space.review": _l("Revisión de nuevos miembros cambiada"),
    "digest.publish": _l("Número de la revista publicado"),
    "position.outcome": _l("Resultado de una posición regional registrado"),
}
AUDIT_ACTIONS = tuple(ACTION_LABELS)


def _require_moderator(actor: User) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


def clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("El motivo no puede pasar de %(n)d caracteres.", n=REASON_MAX)})
    return reason


def clean_closing_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > CLOSING_NOTE_MAX:
        message = _(
            "La nota de cierre no puede pasar de %(n)d caracteres (tiene %(m)d).", n=CLOSING_NOTE_MAX, m=len(note)
        )
        raise ValidationError({"closing_note": message})
    return note


def record_action(actor: User, action: str, target_type: str, target_id: int, reason: str, detail: str = ""):
    db.session.add(
        ModerationAction(
            actor_id=actor.id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            reason=reason,
            detail=detail,
        )
    )


def set_topic_flag(
    actor: User, topic: Topic, action: str, reason: str | None = None, closing_note: str | None = None
) -> Topic:
    """Locking takes an optional closing note, shown at the end of the topic;
    reopening clears it."""
    _require_moderator(actor)
    if action not in TOPIC_FLAGS:
        raise ValidationError({"action": _("Acción desconocida.")})
    reason = clean_reason(reason)
    note = clean_closing_note(closing_note) if action == "lock" else ""
    attribute, value = TOPIC_FLAGS[action]
    if getattr(topic, attribute) == value:
        raise ValidationError({"action": _("El tema ya estaba en ese estado.")})
    setattr(topic, attribute, value)
    if attribute == "locked":
        topic.closing_note = note
    detail = f"{topic.title}: {note}" if note else topic.title
    record_action(actor, f"topic.{action}", "topic", topic.id, reason, detail)
    db.session.commit()
    if attribute == "hidden":
        indexing.thread_changed(topic)
    return topic


def move_topic(actor: User, topic: Topic, destination: Category, reason: str | None = None) -> Topic:
    _require_moderator(actor)
    reason = clean_reason(reason)
    origin = topic.category
    if destination.id == origin.id:
        raise ValidationError({"category_id": _("El tema ya está en esa categoría.")})
    # A topic awaiting approval, or merged into another, counts in no category.
    if not topic.held and topic.merged_into_id is None:
        posts = topic.reply_count + 1
        origin.topic_count = Category.topic_count - 1
        origin.post_count = Category.post_count - posts
        destination.topic_count = Category.topic_count + 1
        destination.post_count = Category.post_count + posts
        destination.last_post_at = max(filter(None, (destination.last_post_at, topic.last_post_at)))
    topic.category = destination
    record_action(actor, "topic.move", "topic", topic.id, reason, f"{topic.title}: {origin.name} → {destination.name}")
    db.session.commit()
    indexing.thread_changed(topic)
    return topic


def set_post_hidden(actor: User, post: Post, action: str, reason: str | None = None) -> Post:
    _require_moderator(actor)
    if action not in POST_ACTIONS:
        raise ValidationError({"action": _("Acción desconocida.")})
    reason = clean_reason(reason)
    hide = action == "hide"
    if (post.hidden_at is not None) == hide:
        raise ValidationError({"action": _("El mensaje ya estaba en ese estado.")})
    post.hidden_at = utcnow() if hide else None
    post.hidden_by_id = actor.id if hide else None
    record_action(actor, f"post.{action}", "post", post.id, reason, post.body_source[:200])
    db.session.commit()
    indexing.post_changed(post)
    return post
