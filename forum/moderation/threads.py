"""Moderator tools on threads: split a branch into a new topic, merge two
topics, move a branch to another topic, slow mode, title and countries.

Split, merge and move all carry a branch (a post and every reply under it)
with `_move_branch`, then recount both topics and their categories from the
posts themselves. Every change is audited in its own transaction.
"""

import re

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update

from models import PATH_SEGMENT, Category, Position, Post, Topic, User, db

from .. import indexing
from ..discussions import services as discussions
from ..discussions.forms import VISIBILITY_LABELS
from ..errors import NotFound, ValidationError
from .services import _require_moderator, clean_reason, record_action

# Minutes between two posts of one person in a topic (0: slow mode off).
SLOW_MODE_CHOICES = (0, 5, 15, 30, 60, 120, 1440)
# "123", "#123" or an address with /t/123 in it (ids short enough for any database).
_BARE_ID = re.compile(r"#?(\d{1,15})")
_TOPIC_ADDRESS = re.compile(r"/t/(\d{1,15})(?:[/?#]|$)")


# Reading -------------------------------------------------------------------


def opening_post(topic: Topic) -> Post:
    return db.session.scalar(select(Post).filter_by(topic_id=topic.id, parent_id=None))


def branch_size(post: Post) -> int:
    """How many posts a split or move of `post` carries: it and its replies."""
    return db.session.scalar(select(func.count()).select_from(Post).where(*_in_branch(post)))


def _in_branch(post: Post) -> tuple:
    # Paths are fixed-width segments of digits, so a prefix is exactly a subtree.
    return Post.topic_id == post.topic_id, Post.path.startswith(post.path)


def find_topic(user: User, reference: str | None) -> Topic:
    """The topic named by its number or by a pasted address."""
    text = (reference or "").strip()
    match = _BARE_ID.fullmatch(text) or _TOPIC_ADDRESS.search(text)
    if match is None:
        raise ValidationError(
            {"destination": _("Escriba el número del tema de destino o pegue su dirección (por ejemplo …/t/123).")}
        )
    topic_id = int(match.group(1))
    try:
        return discussions.get_topic(user, topic_id)
    except NotFound:
        raise ValidationError({"destination": _("No existe el tema número %(id)d.", id=topic_id)}) from None


def merged_destination(user: User, topic_id: int) -> Topic:
    """Where a merged topic's address leads: the topic its posts went to.

    Merging into a topic repoints earlier merges, so one step is enough."""
    merged_into_id = db.session.scalar(select(Topic.merged_into_id).where(Topic.id == topic_id))
    if merged_into_id is None:
        raise NotFound(_("Este tema no existe o no tiene acceso a él."))
    return discussions.get_topic(user, merged_into_id)


# Moving branches -----------------------------------------------------------


def _move_branch(root: Post, destination: Topic, parent: Post | None) -> int:
    """Move `root` and every reply under it into `destination`, answering
    `parent` (or as the opening post when None), keeping their structure.
    Returns how many posts moved."""
    source = root.topic
    posts = db.session.scalars(select(Post).where(*_in_branch(root))).all()
    prefix, shift = (parent.path, parent.depth + 1 - root.depth) if parent else ("", -root.depth)
    if max(post.depth for post in posts) + shift > discussions.MAX_STORED_DEPTH:
        raise ValidationError({"destination": _("La rama quedaría demasiado profunda en ese tema.")})
    keep_from = len(root.path) - PATH_SEGMENT
    for post in posts:
        post.topic_id = destination.id
        post.path = prefix + post.path[keep_from:]
        post.depth += shift
    root.parent_id = parent.id if parent else None
    if source.answer_post_id in {post.id for post in posts}:
        source.answer_post_id = None
    return len(posts)


def _recount(*topics: Topic) -> None:
    """Counters of these topics and their categories, from their posts.

    Hidden and deleted posts count, as when they were written; posts held
    for approval and merged topics do not."""
    for topic in topics:
        counted = (Post.topic_id == topic.id, Post.held.is_(False))
        total = db.session.scalar(select(func.count()).select_from(Post).where(*counted))
        latest = db.session.scalar(
            select(Post).where(*counted).order_by(Post.created_at.desc(), Post.id.desc()).limit(1)
        )
        topic.reply_count = max(total - 1, 0)
        if latest is not None:
            topic.last_post_at, topic.last_poster_id = latest.created_at, latest.author_id
    for category in {topic.category for topic in topics}:
        live = (Topic.category_id == category.id, Topic.merged_into_id.is_(None), Topic.held.is_(False))
        category.topic_count = db.session.scalar(select(func.count()).select_from(Topic).where(*live))
        category.last_post_at = db.session.scalar(select(func.max(Topic.last_post_at)).where(*live))
        category.post_count = db.session.scalar(
            select(func.count())
            .select_from(Post)
            .join(Topic, Post.topic_id == Topic.id)
            .where(Topic.category_id == category.id, Post.held.is_(False))
        )


def _check_root(post: Post, opening_message: str) -> None:
    """A branch starts below the opening post, at a post already approved."""
    if post.parent_id is None:
        raise ValidationError({"post": opening_message})
    if post.held:
        raise ValidationError({"post": _("Este mensaje espera aprobación: apruébelo o rechácelo antes.")})


def _check_destination(source: Topic, destination: Topic) -> None:
    """Posts may go only where they stay as confidential as they were."""
    if destination.merged_into_id is not None:
        raise ValidationError(
            {
                "destination": _(
                    "El tema «%(title)s» ya fue fusionado con el tema número %(id)d: elija ese.",
                    title=destination.title,
                    id=destination.merged_into_id,
                )
            }
        )
    if destination.held:
        raise ValidationError({"destination": _("El tema «%(title)s» espera aprobación.", title=destination.title)})
    if destination.effective_visibility < source.effective_visibility:
        raise ValidationError(
            {
                "destination": _(
                    "El tema «%(title)s» es más abierto (%(open)s) que este (%(closed)s): sus mensajes quedarían "
                    "a la vista de personas que hoy no pueden leerlos.",
                    title=destination.title,
                    open=VISIBILITY_LABELS[destination.effective_visibility],
                    closed=VISIBILITY_LABELS[source.effective_visibility],
                )
            }
        )


def _moved(count: int) -> str:
    return ngettext("%(num)d mensaje", "%(num)d mensajes", count)


def _category(user: User, category_id) -> Category:
    try:
        return discussions.get_category(user, int(category_id))
    except (NotFound, TypeError, ValueError):
        raise ValidationError({"category_id": _("Elija una de las categorías de la lista.")}) from None


def split_branch(actor: User, post: Post, title, category_id, reason=None) -> Topic:
    """A post and its replies become a new topic, the post its opening."""
    _require_moderator(actor)
    _check_root(post, _("El mensaje inicial ya abre este tema: elija una de las respuestas."))
    if post.deleted_at is not None:
        raise ValidationError({"post": _("Un mensaje eliminado no puede abrir un tema nuevo.")})
    title = discussions.clean_title(title)
    category = _category(actor, category_id)
    reason = clean_reason(reason)
    source = post.topic
    topic = Topic(
        category=category,
        author_id=post.author_id,
        title=title,
        slug=discussions.slugify(title),
        # Never more open than where the posts come from.
        visibility=source.effective_visibility,
        created_at=post.created_at,
        countries=list(source.countries),
    )
    db.session.add(topic)
    db.session.flush()
    moved = _move_branch(post, topic, parent=None)
    _recount(source, topic)
    detail = f"«{source.title}» → «{topic.title}» (#{topic.id}) · {_moved(moved)}"
    record_action(actor, "topic.split", "topic", source.id, reason, detail)
    db.session.commit()
    indexing.thread_changed(source)
    indexing.thread_changed(topic)
    return topic


def merge_topics(actor: User, source: Topic, reference, reason=None) -> Topic:
    """Every post of `source` goes under the opening post of the topic named
    by `reference`; `source` is hidden and its address leads there."""
    _require_moderator(actor)
    if source.merged_into_id is not None:
        raise ValidationError({"destination": _("Este tema ya fue fusionado con otro.")})
    if source.held:
        raise ValidationError({"destination": _("Este tema espera aprobación: apruébelo o rechácelo antes.")})
    destination = find_topic(actor, reference)
    if destination.id == source.id:
        raise ValidationError({"destination": _("Un tema no se puede fusionar consigo mismo.")})
    _check_destination(source, destination)
    reason = clean_reason(reason)
    moved = _move_branch(opening_post(source), destination, opening_post(destination))
    source.merged_into_id, source.hidden = destination.id, True
    db.session.execute(update(Topic).where(Topic.merged_into_id == source.id).values(merged_into_id=destination.id))
    # Proposals of regional positions follow their debate.
    db.session.execute(update(Position).where(Position.topic_id == source.id).values(topic_id=destination.id))
    destination.position_count = Topic.position_count + source.position_count
    source.position_count = 0
    destination.countries.extend(country for country in source.countries if country not in destination.countries)
    _recount(source, destination)
    detail = f"«{source.title}» (#{source.id}) → «{destination.title}» (#{destination.id}) · {_moved(moved)}"
    for topic in (source, destination):
        record_action(actor, "topic.merge", "topic", topic.id, reason, detail)
    db.session.commit()
    indexing.thread_changed(source)
    indexing.thread_changed(destination)
    return destination


def move_branch(actor: User, post: Post, reference, reason=None) -> Topic:
    """A post and its replies move to another topic, answering its opening post."""
    _require_moderator(actor)
    _check_root(post, _("El mensaje inicial no se mueve solo: fusione el tema entero con el otro."))
    destination = find_topic(actor, reference)
    source = post.topic
    if destination.id == source.id:
        raise ValidationError({"destination": _("El mensaje ya está en ese tema.")})
    _check_destination(source, destination)
    reason = clean_reason(reason)
    moved = _move_branch(post, destination, opening_post(destination))
    _recount(source, destination)
    detail = f"«{source.title}» (#{source.id}) → «{destination.title}» (#{destination.id}) · {_moved(moved)}"
    record_action(actor, "post.move", "post", post.id, reason, detail)
    db.session.commit()
    indexing.thread_changed(source)
    indexing.thread_changed(destination)
    return destination


# Topic settings ------------------------------------------------------------


def set_slow_mode(actor: User, topic: Topic, minutes, reason=None) -> Topic:
    _require_moderator(actor)
    if minutes not in SLOW_MODE_CHOICES:
        raise ValidationError({"minutes": _("Elija uno de los intervalos de la lista.")})
    reason = clean_reason(reason)
    if minutes == topic.slow_mode_minutes:
        raise ValidationError({"minutes": _("El tema ya tenía ese modo lento.")})
    detail = f"{topic.title}: {topic.slow_mode_minutes} → {minutes} min"
    topic.slow_mode_minutes = minutes
    record_action(actor, "topic.slow_mode", "topic", topic.id, reason, detail)
    db.session.commit()
    return topic


def _codes(countries) -> str:
    return ", ".join(sorted(country.code for country in countries)) or "—"


def edit_topic(actor: User, topic: Topic, title, country_codes, reason=None) -> Topic:
    """A moderator's new title and countries; old addresses keep working
    (a topic's address is its number, the slug is decoration)."""
    _require_moderator(actor)
    errors, cleaned = {}, {}
    for name, clean, value in (
        ("title", discussions.clean_title, title),
        ("countries", discussions.countries_by_code, country_codes),
        ("reason", clean_reason, reason),
    ):
        try:
            cleaned[name] = clean(value)
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    changes = []
    if cleaned["title"] != topic.title:
        changes.append(_("Título: «%(before)s» → «%(after)s»", before=topic.title, after=cleaned["title"]))
    if _codes(cleaned["countries"]) != _codes(topic.countries):
        changes.append(
            _("Países: %(before)s → %(after)s", before=_codes(topic.countries), after=_codes(cleaned["countries"]))
        )
    if not changes:
        raise ValidationError({"title": _("No hay cambios: el título y los países son los mismos.")})
    topic.title, topic.slug, topic.countries = (
        cleaned["title"],
        discussions.slugify(cleaned["title"]),
        cleaned["countries"],
    )
    record_action(actor, "topic.edit", "topic", topic.id, cleaned["reason"], "; ".join(changes))
    db.session.commit()
    indexing.thread_changed(topic)
    return topic
