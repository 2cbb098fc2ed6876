"""New-member review: a space holds the first posts of new accounts until a
moderator approves them (discussions.services holds them on writing).

Approving counts the post and makes it searchable. Rejecting soft-deletes
it: a held post that is deleted shows to nobody, its author included (and a
held topic whose opening post goes is hidden with it); the author is told
why in a notification.
"""

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from models import Post, Space, Topic, User, db

from .. import indexing, permissions
from ..discussions import services as discussions
from ..discussions.links import post_url
from ..errors import NotFound, PermissionDenied, ValidationError
from ..moderation.services import clean_reason, record_action
from ..notifications.services import notice_text, notify

REVIEW_MAX = 50


def _require_curator(actor: User) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


def set_review_first_posts(actor: User, space: Space, value: str | int | None) -> Space:
    """How many posts of a new account wait for approval in this space (0: none)."""
    _require_curator(actor)
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > REVIEW_MAX:
        raise ValidationError({"review_first_posts": _("Indique un número entero entre 0 y %(n)d.", n=REVIEW_MAX)})
    count = int(text)
    if count == space.review_first_posts:
        raise ValidationError({"review_first_posts": _("La revisión ya tenía ese valor.")})
    detail = f"{space.name}: {space.review_first_posts} → {count}"
    space.review_first_posts = count
    record_action(actor, "space.review", "space", space.id, "", detail)
    db.session.commit()
    return space


def find_post(actor: User, post_id: int) -> Post:
    """A post for a moderator to decide on, even one already rejected (so
    that acting twice says so rather than "not found")."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    post = db.session.get(Post, post_id)
    if post is None:
        raise NotFound(_("Este mensaje no existe."))
    return post


def pending_query():
    """Held posts awaiting a decision, oldest first, with their context."""
    return (
        db.select(Post)
        .where(Post.held.is_(True), Post.deleted_at.is_(None))
        .options(joinedload(Post.author), joinedload(Post.topic), joinedload(Post.parent).joinedload(Post.author))
        .order_by(Post.id)
    )


def _require_pending(post: Post) -> None:
    if post.deleted_at is not None:
        raise ValidationError({"post": _("Este mensaje ya fue rechazado o retirado por su autor.")})
    if not post.held:
        raise ValidationError({"post": _("Este mensaje ya fue aprobado.")})


def _detail(post: Post) -> str:
    return f"{post.topic.title}: {post.body_source[:200]}"


@notice_text("post_approved")
def _post_approved(data: dict) -> str:
    return _("Su mensaje en «%(title)s» fue aprobado y ya está publicado.", title=data["title"])


@notice_text("post_rejected")
def _post_rejected(data: dict) -> str:
    return _("Su mensaje en «%(title)s» no fue aprobado: %(reason)s", title=data["title"], reason=data["reason"])


def approve(actor: User, post: Post) -> Post:
    """Publish a held post: counted, searchable, seen by everyone who may read the topic."""
    _require_curator(actor)
    _require_pending(post)
    topic: Topic = post.topic
    post.held = False
    if post.parent_id is None:
        topic.held = False
    discussions.count_post(topic, post, post.author)
    record_action(actor, "post.approve", "post", post.id, "", _detail(post))
    notify(post.author, "post_approved", {"title": topic.title}, link=post_url(post))
    db.session.commit()
    indexing.post_changed(post)
    return post


def reject(actor: User, post: Post, reason: str | None) -> Post:
    _require_curator(actor)
    reason = clean_reason(reason)
    if not reason:
        raise ValidationError({"reason": _("Indique el motivo del rechazo: se lo comunicamos a su autor.")})
    _require_pending(post)
    discussions.mark_deleted(post)
    record_action(actor, "post.reject", "post", post.id, reason, _detail(post))
    notify(post.author, "post_rejected", {"title": post.topic.title, "reason": reason})
    db.session.commit()
    return post
