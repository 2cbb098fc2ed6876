"""Featured posts ("destacados"), a topic's answer or conclusion, and the
list of featured posts by space and period that the Destacados page and the
quarterly digest read."""

import re
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy.orm import joinedload

from models import Post, Space, Topic, User, db, utcnow

from .. import permissions
from ..discussions import services as discussions
from ..errors import PermissionDenied, ValidationError
from ..forms import YEARS, parse_day
from ..moderation.services import clean_reason, record_action

SUMMARY_MAX = 300
QUARTER_CODE = re.compile(r"^(\d{4})-[TQ]([1-4])$", re.IGNORECASE)


def _require_curator(actor: User) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))


def _require_published(post: Post) -> None:
    """Only what everyone who reads the thread sees can be put forward."""
    if post.deleted_at is not None:
        raise ValidationError({"post": _("Este mensaje fue eliminado.")})
    if post.hidden_at is not None:
        raise ValidationError({"post": _("Este mensaje está oculto por la moderación.")})
    if post.held:
        raise ValidationError({"post": _("Este mensaje espera aprobación: apruébelo antes.")})


def clean_summary(summary: str | None) -> str:
    summary = " ".join((summary or "").split())
    if not summary:
        raise ValidationError({"summary": _("Escriba el resumen de una línea que acompaña al destacado.")})
    if len(summary) > SUMMARY_MAX:
        message = _("El resumen no puede pasar de %(n)d caracteres (tiene %(m)d).", n=SUMMARY_MAX, m=len(summary))
        raise ValidationError({"summary": message})
    return summary


# Featured posts ---------------------------------------------------------------


def feature_post(actor: User, post: Post, summary: str | None) -> Post:
    """Feature a post, or change the summary of one already featured."""
    _require_curator(actor)
    summary = clean_summary(summary)
    _require_published(post)
    if post.featured_at is not None and post.featured_summary == summary:
        raise ValidationError({"summary": _("El mensaje ya estaba destacado con ese resumen.")})
    if post.featured_at is None:
        post.featured_at, post.featured_by_id = utcnow(), actor.id
    post.featured_summary = summary
    record_action(actor, "post.feature", "post", post.id, "", summary)
    db.session.commit()
    return post


def unfeature_post(actor: User, post: Post, reason: str | None = None) -> Post:
    _require_curator(actor)
    reason = clean_reason(reason)
    if post.featured_at is None:
        raise ValidationError({"post": _("Este mensaje no está destacado.")})
    record_action(actor, "post.unfeature", "post", post.id, reason, post.featured_summary)
    post.featured_at, post.featured_by_id, post.featured_summary = None, None, ""
    db.session.commit()
    return post


# A topic's answer or conclusion ---------------------------------------------------


def _answer_change(topic: Topic, new_id: int | None) -> str:
    """The audit detail: which post was the conclusion and which is now (— none)."""
    old, new = (f"#{value}" if value else "—" for value in (topic.answer_post_id, new_id))
    return f"{topic.title}: {old} → {new}"


def mark_answer(actor: User, post: Post, reason: str | None = None) -> Topic:
    """Make a reply its topic's conclusion, replacing any earlier one."""
    _require_curator(actor)
    reason = clean_reason(reason)
    topic = post.topic
    if post.parent_id is None:
        raise ValidationError({"post": _("La conclusión es una de las respuestas, no el mensaje que abre el tema.")})
    _require_published(post)
    if topic.answer_post_id == post.id:
        raise ValidationError({"post": _("Este mensaje ya es la conclusión del tema.")})
    record_action(actor, "topic.answer", "topic", topic.id, reason, _answer_change(topic, post.id))
    topic.answer_post_id = post.id
    db.session.commit()
    return topic


def clear_answer(actor: User, topic: Topic, reason: str | None = None) -> Topic:
    _require_curator(actor)
    reason = clean_reason(reason)
    if topic.answer_post_id is None:
        raise ValidationError({"post": _("Este tema no tiene una conclusión marcada.")})
    record_action(actor, "topic.answer", "topic", topic.id, reason, _answer_change(topic, None))
    topic.answer_post_id = None
    db.session.commit()
    return topic


# The list of featured posts -----------------------------------------------------


def quarter_dates(code: str) -> tuple[date, date]:
    """ "2026-T3" (or 2026-Q3) -> its first and last day."""
    match = QUARTER_CODE.match((code or "").strip())
    if match is None:
        raise ValidationError({"quarter": _("Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3.")})
    year, quarter = int(match[1]), int(match[2])
    if year not in YEARS:
        raise ValidationError({"quarter": _("Escriba el trimestre como AAAA-TN, por ejemplo 2026-T3.")})
    first = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, following - timedelta(days=1)


def _date(text: str | None, name: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise ValidationError({name: _("«%(text)s» no es una fecha válida (AAAA-MM-DD).", text=text[:20])}) from None


def parse_period(quarter: str | None, start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """A quarter code, else optional from/to dates (either may be open)."""
    if (quarter or "").strip():
        return quarter_dates(quarter)
    first, last = _date(start, "start"), _date(end, "end")
    if first and last and last < first:
        raise ValidationError({"end": _("La fecha final es anterior a la de inicio.")})
    return first, last


def featured_posts_query(reader=None, space: Space | None = None, start: date | None = None, end: date | None = None):
    """Featured posts this reader may read, newest featured first.

    `reader` is a user; None reads as a guest (public items only, as the
    quarterly digest does). `start` and `end` are days, both included, of the
    featuring (UTC). Deleted, hidden and held posts, and posts of hidden or
    held topics, are left out for every reader.
    """
    reader = reader if reader is not None else AnonymousUserMixin()
    query = (
        discussions.visible_posts_query(reader)
        .where(
            Post.featured_at.is_not(None),
            Post.hidden_at.is_(None),
            Post.held.is_(False),
            Topic.hidden.is_(False),
            Topic.held.is_(False),
        )
        .options(joinedload(Post.author).joinedload(User.organization))
        .order_by(None)
        .order_by(Post.featured_at.desc(), Post.id.desc())
    )
    if space is not None:
        query = query.where(Space.id == space.id)
    if start is not None:
        query = query.where(Post.featured_at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end is not None:
        query = query.where(Post.featured_at < datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC))
    return query


def featured_posts(reader=None, space: Space | None = None, start: date | None = None, end: date | None = None):
    """The list `featured_posts_query` describes."""
    return db.session.scalars(featured_posts_query(reader, space, start, end)).all()
