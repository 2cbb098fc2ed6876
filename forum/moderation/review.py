"""The review queue: flagged items, oldest first, with their context, their
flags and their author's history; and the actions that close the flags.

An action resolves every open flag of its item in the same transaction as
the change it makes (the flags are closed first, then the service doing the
change commits both), writes the audit log and tells each flagger the
outcome. Only the moderators see who flagged.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from models import Category, ChatMessage, Flag, Listing, Post, Topic, User, db, utcnow

from .. import permissions
from ..cooperation import services as cooperation
from ..discussions import services as discussions
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..meetings import chat
from ..notifications.services import FLAG_OUTCOMES, notify
from ..pagination import Page
from . import suspensions
from .flags import AUDIT_TARGETS, Target, load_target
from .services import clean_reason, move_topic, record_action, set_post_hidden, set_topic_flag

WARNING_MAX = 2000
HISTORY_LIMIT = 10
# Messages shown on each side of a flagged chat message.
CHAT_AROUND = 2
OUTCOMES = ("dismiss", "hide", "edit", "move", "lock", "warn", "suspend")
ACTIONS = {
    "topic": OUTCOMES,
    "post": OUTCOMES,
    "listing": ("dismiss", "hide", "edit", "warn", "suspend"),
    "chat": ("dismiss", "hide", "edit", "warn", "suspend"),
}
ACTION_BUTTONS = {
    "dismiss": _l("Descartar las denuncias"),
    "hide": _l("Ocultar"),
    "edit": _l("Editar el texto"),
    "move": _l("Mover el tema"),
    "lock": _l("Cerrar el tema"),
    "warn": _l("Advertir a su autor"),
    "suspend": _l("Suspender a su autor"),
}


@dataclass
class AuthorHistory:
    author: User
    # Earlier reviews of this person's items: (kind, item id, outcome, when), newest first.
    reviews: list[tuple[str, int, str, object]]


@dataclass
class Entry:
    """One flagged item in the queue, with its open flags (oldest first)."""

    target: Target
    flags: list[Flag]
    history: AuthorHistory | None
    # Context: a reply's parent, a chat message's neighbours.
    parent: Post | None = None
    around: list[ChatMessage] = field(default_factory=list)

    @property
    def flag_id(self) -> int:
        """The flag an action names: the item's oldest open one."""
        return self.flags[0].id

    @property
    def actions(self) -> tuple[str, ...]:
        return ("dismiss",) if self.target.gone else ACTIONS[self.target.kind]


@dataclass
class Resolution:
    target: Target
    outcome: str
    flags: list[Flag]


@dataclass
class ActionFields:
    """What some actions need besides a reason."""

    text: str | None = None
    category_id: int | None = None
    days: int | str | None = None


def _require_reviewer(user) -> None:
    if not permissions.can_review_flags(user):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


def require_acting_reviewer(user) -> None:
    """Act on the queue: a moderator who may write (a suspended one only reads)."""
    _require_reviewer(user)
    if not permissions.can_moderate(user):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


# Reading ------------------------------------------------------------------------


def _authored_by(author_id: int):
    """Flags whose item this person wrote."""
    owned = {
        "topic": db.select(Topic.id).where(Topic.author_id == author_id),
        "post": db.select(Post.id).where(Post.author_id == author_id),
        "listing": db.select(Listing.id).where(Listing.created_by_id == author_id),
        "chat": db.select(ChatMessage.id).where(ChatMessage.author_id == author_id),
    }
    return db.or_(*(db.and_(Flag.target_type == kind, Flag.target_id.in_(ids)) for kind, ids in owned.items()))


def author_history(author: User | None) -> AuthorHistory | None:
    if author is None:
        return None
    rows = db.session.execute(
        db.select(Flag.target_type, Flag.target_id, Flag.outcome, db.func.max(Flag.resolved_at).label("resolved"))
        .where(Flag.resolved_at.is_not(None), _authored_by(author.id))
        .group_by(Flag.target_type, Flag.target_id, Flag.outcome)
        .order_by(db.desc("resolved"))
        .limit(HISTORY_LIMIT)
    ).all()
    return AuthorHistory(author, [tuple(row) for row in rows])


def _chat_around(message: ChatMessage) -> list[ChatMessage]:
    same_room = (
        db.select(ChatMessage).where(ChatMessage.room_id == message.room_id).options(joinedload(ChatMessage.author))
    )
    before = db.session.scalars(
        same_room.where(ChatMessage.id < message.id).order_by(ChatMessage.id.desc()).limit(CHAT_AROUND)
    ).all()
    after = db.session.scalars(
        same_room.where(ChatMessage.id > message.id).order_by(ChatMessage.id).limit(CHAT_AROUND)
    ).all()
    return [*reversed(before), message, *after]


def _entry(target: Target, flags: list[Flag]) -> Entry:
    entry = Entry(target, flags, author_history(target.author))
    if target.gone:
        return entry
    if target.kind == "post":
        entry.parent = target.item.parent
    elif target.kind == "chat":
        entry.around = _chat_around(target.item)
    return entry


def _open_flags(kind: str, item_id: int) -> list[Flag]:
    return db.session.scalars(
        db.select(Flag)
        .where(Flag.target_type == kind, Flag.target_id == item_id, Flag.resolved_at.is_(None))
        .options(joinedload(Flag.reporter))
        .order_by(Flag.created_at, Flag.id)
    ).all()


def queue(user, page: int, per_page: int) -> Page:
    """Items with open flags, one entry each, the longest waiting first."""
    _require_reviewer(user)
    groups = (
        db.select(
            Flag.target_type,
            Flag.target_id,
            db.func.min(Flag.created_at).label("first_at"),
            db.func.min(Flag.id).label("first_id"),
        )
        .where(Flag.resolved_at.is_(None))
        .group_by(Flag.target_type, Flag.target_id)
        .subquery()
    )
    total = db.session.scalar(db.select(db.func.count()).select_from(groups))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        db.select(groups.c.target_type, groups.c.target_id)
        .order_by(groups.c.first_at, groups.c.first_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    flags = defaultdict(list)
    if rows:
        for each in db.session.scalars(
            db.select(Flag)
            .where(
                Flag.resolved_at.is_(None),
                db.or_(*(db.and_(Flag.target_type == kind, Flag.target_id == item) for kind, item in rows)),
            )
            .options(joinedload(Flag.reporter))
            .order_by(Flag.created_at, Flag.id)
        ):
            flags[each.target_type, each.target_id].append(each)
    entries = [_entry(load_target(kind, item), flags[kind, item]) for kind, item in rows]
    return Page(entries, page, per_page, total)


def already_handled(flag: Flag) -> str:
    return _(
        "Estas denuncias ya fueron atendidas por %(name)s (%(outcome)s).",
        name=flag.resolved_by.name if flag.resolved_by else "?",
        outcome=FLAG_OUTCOMES.get(flag.outcome, flag.outcome),
    )


def _open_flag(flag_id) -> Flag:
    flag = db.session.get(Flag, flag_id) if isinstance(flag_id, int) else None
    if flag is None:
        raise NotFound(_("Esta denuncia no existe."))
    if flag.resolved_at is not None:
        raise Conflict(already_handled(flag))
    return flag


def entry(user, flag_id: int) -> Entry:
    """The queue entry of an open flag's item (the page of one item)."""
    _require_reviewer(user)
    flag = _open_flag(flag_id)
    return _entry(load_target(flag.target_type, flag.target_id), _open_flags(flag.target_type, flag.target_id))


# Acting -------------------------------------------------------------------------


def _resolve(actor: User, named: Flag, flags: list[Flag], outcome: str) -> None:
    """Close the flags, unless another moderator did meanwhile."""
    closed = db.session.execute(
        db.update(Flag)
        .where(Flag.id.in_([each.id for each in flags]), Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id, outcome=outcome)
    ).rowcount
    if not closed or closed != len(flags):
        db.session.rollback()
        raise Conflict(already_handled(db.session.get(Flag, named.id)))


def _tell_flaggers(actor: User, target: Target, flags: list[Flag], outcome: str) -> None:
    for each in flags:
        if each.reporter_id == actor.id:
            continue
        data = {
            "kind": target.kind,
            "title": target.title,
            "outcome": outcome,
            "flagged_at": each.created_at.isoformat(),
        }
        notify(each.reporter, "flag_outcome", data, link="" if target.gone else target.url)


def _dismiss(actor, target: Target, reason: str, fields: ActionFields) -> None:
    record_action(actor, "flag.dismiss", AUDIT_TARGETS[target.kind], target.id, reason, target.title)
    db.session.commit()


def _hide(actor, target: Target, reason: str, fields: ActionFields) -> None:
    if target.kind == "post":
        set_post_hidden(actor, target.item, "hide", reason)
    elif target.kind == "topic":
        set_topic_flag(actor, target.item, "hide", reason)
    elif target.kind == "listing":
        cooperation.set_listing_hidden(actor, target.item, True, reason)
    else:
        chat.delete_message(actor, target.item, reason)  # the room is told at once


def _edit(actor, target: Target, reason: str, fields: ActionFields) -> None:
    text = (fields.text or "").strip()
    if text == target.text.strip():
        raise ValidationError({"text": _("El texto no cambió: edítelo o elija otra acción.")})
    try:
        if target.kind in ("post", "topic"):
            post = target.item if target.kind == "post" else target.opening
            record_action(actor, "post.edit", "post", post.id, reason, target.title)
            discussions.edit_post(actor, post, text)
        elif target.kind == "listing":
            record_action(actor, "listing.edit", "listing", target.id, reason, target.title)
            cooperation.update_listing(actor, target.item, {"description_source": text})
        else:
            record_action(actor, "chat.edit", "chat_message", target.id, reason, target.title)
            chat.edit_message(actor, target.item, text)
    except ValidationError as error:
        # The services name their own fields (body, description_source): here it is the text.
        raise ValidationError({"text": " ".join(error.errors.values())}) from error


def _move(actor, target: Target, reason: str, fields: ActionFields) -> None:
    category = db.session.get(Category, fields.category_id) if isinstance(fields.category_id, int) else None
    if category is None or not permissions.can_see_category(actor, category):
        raise ValidationError({"category_id": _("Elija la categoría a la que mover el tema.")})
    move_topic(actor, target.topic, category, reason)


def _lock(actor, target: Target, reason: str, fields: ActionFields) -> None:
    set_topic_flag(actor, target.topic, "lock", reason)


def _warn(actor, target: Target, reason: str, fields: ActionFields) -> None:
    text = (fields.text or "").strip()
    if not text:
        raise ValidationError({"text": _("Escriba la advertencia que recibirá el autor.")})
    if len(text) > WARNING_MAX:
        raise ValidationError({"text": _("La advertencia no puede pasar de %(n)d caracteres.", n=WARNING_MAX)})
    author = target.author
    notify(author, "warning", {"title": target.title, "text": text}, link=target.url)
    record_action(actor, "user.warn", "user", author.id, reason, f"{author.name}: {text}"[:300])
    db.session.commit()


def _suspend(actor, target: Target, reason: str, fields: ActionFields) -> None:
    suspensions.suspend(actor, target.author, days=fields.days, reason=reason)


HANDLERS = {
    "dismiss": _dismiss,
    "hide": _hide,
    "edit": _edit,
    "move": _move,
    "lock": _lock,
    "warn": _warn,
    "suspend": _suspend,
}


def act(actor: User, flag_id, action, reason=None, fields: ActionFields | None = None) -> Resolution:
    """Handle a flag's item with one action; every open flag of the item closes with it."""
    require_acting_reviewer(actor)
    flag = _open_flag(flag_id)
    target = load_target(flag.target_type, flag.target_id)
    if action not in ACTIONS[target.kind]:
        raise ValidationError({"action": _("Elija una acción: %(actions)s.", actions=", ".join(ACTIONS[target.kind]))})
    if target.gone and action != "dismiss":
        raise ValidationError({"action": _("Este contenido ya no existe: solo puede descartar las denuncias.")})
    reason = clean_reason(reason)
    flags = _open_flags(target.kind, target.id)
    _resolve(actor, flag, flags, action)
    _tell_flaggers(actor, target, flags, action)
    try:
        HANDLERS[action](actor, target, reason, fields or ActionFields())
        db.session.commit()  # a no-op once the handler's service has committed
    except Exception:
        db.session.rollback()
        raise
    return Resolution(target, action, flags)
