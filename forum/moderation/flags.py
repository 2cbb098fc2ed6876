"""Members' flags: a topic, a post, a cooperation listing or a chat message
reported to the moderators with a reason. One flag per person per item; the
author is never told who flagged."""

from dataclasses import dataclass
from functools import cached_property

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from models import FLAG_KINDS, FLAG_REASONS, MAX_ID, ChatMessage, Flag, Listing, Post, Topic, User, db

from .. import permissions
from ..discussions.links import post_url, topic_url
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError

TEXT_MAX = 500
REASON_LABELS = {
    "off_topic": _l("Fuera de tema"),
    "inappropriate": _l("Inapropiado u ofensivo"),
    "spam": _l("Spam o publicidad"),
    "duplicate": _l("Duplicado"),
    "other": _l("Otro motivo (explíquelo)"),
}
KIND_NAMES = {
    "topic": _l("Tema"),
    "post": _l("Mensaje"),
    "listing": _l("Ficha de cooperación"),
    "chat": _l("Mensaje de chat"),
}
MODELS = {"topic": Topic, "post": Post, "listing": Listing, "chat": ChatMessage}
# The audit log's name for each kind of target.
AUDIT_TARGETS = {"topic": "topic", "post": "post", "listing": "listing", "chat": "chat_message"}
ALREADY_FLAGGED = {
    "topic": _l("Ya denunció este tema."),
    "post": _l("Ya denunció este mensaje."),
    "listing": _l("Ya denunció esta ficha."),
    "chat": _l("Ya denunció este mensaje."),
}


@dataclass
class Target:
    """A flaggable item, whatever its kind; `item` is None once it is gone from the database."""

    kind: str
    id: int
    item: Topic | Post | Listing | ChatMessage | None

    @property
    def gone(self) -> bool:
        """Deleted by its author (or a moderator) since it was flagged."""
        return self.item is None or getattr(self.item, "deleted_at", None) is not None

    @property
    def author_id(self) -> int | None:
        if self.item is None:
            return None
        return self.item.created_by_id if self.kind == "listing" else self.item.author_id

    @property
    def author(self) -> User | None:
        return db.session.get(User, self.author_id) if self.author_id else None

    @property
    def topic(self) -> Topic | None:
        """The topic a post or topic belongs to: what lock and move act on."""
        if self.item is None or self.kind not in ("topic", "post"):
            return None
        return self.item if self.kind == "topic" else self.item.topic

    @cached_property
    def opening(self) -> Post | None:
        """A topic's opening post: its text is the topic's."""
        if self.kind != "topic" or self.item is None:
            return None
        return db.session.scalar(db.select(Post).filter_by(topic_id=self.item.id, parent_id=None))

    @property
    def title(self) -> str:
        """What the item is called in notices: a topic's title, a listing's, a room's."""
        if self.item is None:
            return f"#{self.id}"
        if self.kind == "chat":
            return self.item.room.title
        return self.item.topic.title if self.kind == "post" else self.item.title

    @property
    def text(self) -> str:
        """The text a moderator may edit (Markdown source)."""
        if self.kind == "listing":
            return self.item.description_source
        source = self.opening if self.kind == "topic" else self.item
        return source.body_source if source is not None else ""

    @property
    def url(self) -> str:
        return self.link()

    def link(self, **params) -> str:
        """The item's page (url_for parameters such as _external)."""
        if self.item is None:
            return ""
        if self.kind == "topic":
            return topic_url(self.item, **params)
        if self.kind == "post":
            return post_url(self.item, **params)
        if self.kind == "listing":
            return url_for("cooperation.listing", listing_id=self.id, **params)
        return url_for("meetings.message_link", message_id=self.id, **params)


def load_target(kind: str, item_id: int) -> Target:
    """The item as it is now, visible or not (for moderators)."""
    return Target(kind, item_id, db.session.get(MODELS[kind], item_id))


def _visible(user, target: Target) -> bool:
    item = target.item
    if target.gone:
        return False
    if target.kind == "topic":
        return permissions.can_see_topic(user, item)
    if target.kind == "post":
        return permissions.can_read_post_body(user, item) and permissions.can_see_topic(user, item.topic)
    if target.kind == "listing":
        return permissions.can_see_listing(user, item)
    return permissions.can_see_room(user, item.room)


def find_target(user, kind: str, item_id: int) -> Target:
    """An item this person may read and so flag; NotFound otherwise."""
    if kind not in FLAG_KINDS:
        raise NotFound(_("Solo se pueden denunciar temas, mensajes, fichas de cooperación y mensajes de chat."))
    target = load_target(kind, item_id)
    if not _visible(user, target):
        raise NotFound(_("Este contenido no existe o no tiene acceso a él."))
    return target


def require_flagger(user, target: Target) -> None:
    if not permissions.can_flag(user, target.author_id):
        if permissions.can_write(user):
            raise PermissionDenied(_("No puede denunciar lo que usted mismo escribió."))
        raise PermissionDenied(_("Inicie sesión para denunciar contenido."))


def has_flagged(user, target: Target) -> bool:
    return (
        db.session.scalar(
            db.select(Flag.id).filter_by(reporter_id=user.id, target_type=target.kind, target_id=target.id)
        )
        is not None
    )


def clean_flag(reason, text) -> tuple[str, str]:
    text = (text if isinstance(text, str) else "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Elija el motivo de la denuncia.")
    elif reason not in FLAG_REASONS:
        errors["reason"] = _("Motivo desconocido: use %(codes)s.", codes=", ".join(FLAG_REASONS))
    elif reason == "other" and not text:
        errors["text"] = _("Explique el motivo de la denuncia.")
    if len(text) > TEXT_MAX:
        errors["text"] = _("La explicación no puede pasar de %(n)d caracteres.", n=TEXT_MAX)
    if errors:
        raise ValidationError(errors)
    return reason, text


def flag(user, kind, item_id, reason, text=None) -> Flag:
    """Report an item; a second flag by the same person is refused."""
    if kind not in FLAG_KINDS:
        raise ValidationError({"kind": _("Indique qué denuncia: %(kinds)s.", kinds=", ".join(FLAG_KINDS))})
    if not isinstance(item_id, int) or isinstance(item_id, bool) or not 0 < item_id <= MAX_ID:
        raise ValidationError({"id": _("Indique el número del contenido que denuncia.")})
    target = find_target(user, kind, item_id)
    require_flagger(user, target)
    reason, text = clean_flag(reason, text)
    if has_flagged(user, target):
        raise Conflict(str(ALREADY_FLAGGED[kind]))
    entry = Flag(reporter_id=user.id, target_type=kind, target_id=item_id, reason=reason, text=text)
    db.session.add(entry)
    try:
        db.session.commit()
    except IntegrityError:
        # The same person's second flag arrived at the same time (a double click).
        db.session.rollback()
        raise Conflict(str(ALREADY_FLAGGED[kind])) from None
    return entry
