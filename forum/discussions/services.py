"""The rules of discussions: creating topics, replying, editing, deleting,
and reading threads page by page. Views and the API both call these."""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import aliased, joinedload, selectinload

from models import PATH_SEGMENT, Category, Country, Post, PostRevision, Space, Topic, User, db, utcnow

from .. import indexing, permissions
from ..errors import NotFound, PermissionDenied, ValidationError
from ..localization import DATETIME_PATTERN, local_time
from ..markup import render_markdown

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 20_000
# The stored path grows PATH_SEGMENT characters a level; past this depth a
# reply is refused rather than allowed to outgrow the column.
MAX_STORED_DEPTH = 90


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise ValidationError({"title": _("El título debe tener al menos %(n)d caracteres.", n=TITLE_MIN)})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": _("El título no puede pasar de %(n)d caracteres.", n=TITLE_MAX)})
    return title


def clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Escriba el texto del mensaje.")})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": _("El mensaje no puede pasar de %(n)d caracteres (tiene %(m)d).", n=BODY_MAX, m=len(body))}
        )
    return body


def clean_topic_fields(title, body) -> tuple[str, str]:
    """Both fields checked, so every problem is reported at once."""
    errors, cleaned = {}, []
    for clean, value in ((clean_title, title), (clean_body, body)):
        try:
            cleaned.append(clean(value))
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return cleaned[0], cleaned[1]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or "tema"


def path_segment(post_id: int) -> str:
    return str(post_id).zfill(PATH_SEGMENT)


def count_post(topic: Topic, post: Post, author: User) -> None:
    """A post starts to count: when written, or when a moderator approves
    it (new-member review). Held posts count nowhere until then."""
    # Counters are updated with SQL expressions so concurrent writers add up.
    category = topic.category
    if post.parent_id is None:
        category.topic_count = Category.topic_count + 1
    else:
        topic.reply_count = Topic.reply_count + 1
    if post.created_at >= topic.last_post_at:
        topic.last_post_at = post.created_at
        topic.last_poster_id = author.id
    category.post_count = Category.post_count + 1
    if category.last_post_at is None or post.created_at > category.last_post_at:
        category.last_post_at = post.created_at
    author.post_count = User.post_count + 1


# Reading ------------------------------------------------------------------


def _shown_topics(reader):
    """Held topics show to their author and to moderators; rejected ones
    (held and hidden) to nobody."""
    if permissions.is_moderator(reader):
        return Topic.held.is_(False) | Topic.hidden.is_(False)
    if reader.is_authenticated:
        return Topic.held.is_(False) | (Topic.author_id == reader.id)
    return Topic.held.is_(False)


def _shown_posts(reader):
    """Held posts show to their author and to moderators; once deleted or
    rejected, to nobody."""
    if permissions.is_moderator(reader):
        return Post.held.is_(False) | Post.deleted_at.is_(None)
    if reader.is_authenticated:
        return Post.held.is_(False) | (Post.deleted_at.is_(None) & (Post.author_id == reader.id))
    return Post.held.is_(False)


def visible_spaces(user) -> list[Space]:
    """Spaces with the categories this person may read, in display order."""
    level = permissions.clearance(user)
    categories = db.session.scalars(
        db.select(Category)
        .join(Category.space)
        .where(Category.visibility <= level, Space.visibility <= level)
        .order_by(Space.position, Category.position)
    ).all()
    spaces: dict[int, tuple[Space, list[Category]]] = {}
    for category in categories:
        spaces.setdefault(category.space_id, (category.space, []))[1].append(category)
    return list(spaces.values())


def get_space(user, slug: str) -> Space:
    space = db.session.scalar(db.select(Space).filter_by(slug=slug))
    if space is None or not permissions.can_see_space(user, space):
        raise NotFound(_("Este espacio no existe o no tiene acceso a él."))
    return space


def _visible_category(user, category: Category | None) -> Category:
    if category is None or not permissions.can_see_category(user, category):
        raise NotFound(_("Esta categoría no existe o no tiene acceso a ella."))
    return category


def get_category(user, category_id: int) -> Category:
    return _visible_category(user, db.session.get(Category, category_id))


def get_category_by_slugs(user, space_slug: str, category_slug: str) -> Category:
    return _visible_category(
        user,
        db.session.scalar(
            db.select(Category).join(Category.space).where(Space.slug == space_slug, Category.slug == category_slug)
        ),
    )


def get_topic(user, topic_id: int) -> Topic:
    # selectin, not a join: a join of the tag table scans all of it on SQLite.
    topic = db.session.get(Topic, topic_id, options=[selectinload(Topic.countries)])
    if topic is None or not permissions.can_see_topic(user, topic):
        raise NotFound(_("Este tema no existe o no tiene acceso a él."))
    return topic


def get_post(user, post_id: int) -> Post:
    post = db.session.get(Post, post_id, options=[joinedload(Post.topic)])
    # A held post shows to its author and moderators; rejected, to nobody.
    if (
        post is None
        or not permissions.can_see_topic(user, post.topic)
        or (post.held and (post.deleted_at is not None or not permissions.can_see_held(user, post)))
    ):
        raise NotFound(_("Este mensaje no existe o no tiene acceso a él."))
    return post


def topics_query(user, category: Category):
    """Topics of a category a person may see: pinned first, then by activity."""
    query = (
        db.select(Topic)
        .where(
            Topic.category_id == category.id,
            Topic.visibility <= permissions.clearance(user),
            _shown_topics(user),
            # A merged topic is only an address leading to another.
            Topic.merged_into_id.is_(None),
        )
        .options(joinedload(Topic.author), joinedload(Topic.last_poster), selectinload(Topic.countries))
        .order_by(Topic.pinned.desc(), Topic.last_post_at.desc(), Topic.id.desc())
    )
    if not permissions.is_moderator(user):
        query = query.where(Topic.hidden.is_(False))
    return query


def _readable(user, query):
    """Restrict a query joined to topics to what this person may read."""
    level = permissions.clearance(user)
    query = (
        query.join(Topic.category)
        .join(Category.space)
        .where(Topic.visibility <= level, Category.visibility <= level, Space.visibility <= level, _shown_topics(user))
    )
    if not permissions.is_moderator(user):
        query = query.where(Topic.hidden.is_(False))
    return query


def visible_topics_query(user):
    """Topics a person may see anywhere (country profiles, API)."""
    return _readable(user, db.select(Topic))


def visible_posts_query(user):
    """Posts a person may see anywhere, newest first (profile pages)."""
    query = (
        _readable(user, db.select(Post).join(Post.topic))
        .where(Post.deleted_at.is_(None), _shown_posts(user))
        .options(joinedload(Post.topic))
        .order_by(Post.id.desc())
    )
    if not permissions.is_moderator(user):
        query = query.where(Post.hidden_at.is_(None))
    return query


@dataclass
class ThreadNode:
    post: Post
    parent_author: str | None
    # Set when the post is shown apart from its parent: beyond the depth cap,
    # on another page, or in the flat view.
    detached: bool = False
    children: list["ThreadNode"] = field(default_factory=list)


@dataclass
class ThreadPage:
    topic: Topic
    view: str
    page: int
    pages: int
    total: int
    roots: list[ThreadNode]
    opening: ThreadNode | None


VIEWS = ("tree", "flat")
# Built once: aliasing on every call costs milliseconds of statement building.
_PARENT = aliased(Post, name="parent")
_PARENT_AUTHOR = aliased(User, name="parent_author")


def _order(view: str):
    return (Post.path,) if view == "tree" else (Post.id,)


def thread_page(topic: Topic, page: int, view: str, per_page: int, depth_cap: int, *, reader) -> ThreadPage:
    """One page of a thread in a constant number of queries.

    Tree view orders posts depth-first by their materialized path; the flat
    view orders them by time. Replies deeper than `depth_cap` are shown at
    the cap, flat, with a link to the post they answer. Held posts the
    reader may see are not in the count: the last page takes them all.
    """
    total = topic.reply_count + 1
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    # The page's ids come from the (topic, path) or (topic, id) index;
    # an OFFSET on the joined query would build the joins of every skipped row.
    page_ids = (
        db.select(Post.id)
        .where(Post.topic_id == topic.id, _shown_posts(reader))
        .order_by(*_order(view))
        .offset((page - 1) * per_page)
    )
    if page < pages:
        page_ids = page_ids.limit(per_page)
    page_ids = page_ids.scalar_subquery()
    rows = db.session.execute(
        db.select(Post, _PARENT_AUTHOR.name)
        .outerjoin(_PARENT, Post.parent_id == _PARENT.id)
        .outerjoin(_PARENT_AUTHOR, _PARENT.author_id == _PARENT_AUTHOR.id)
        .where(Post.id.in_(page_ids))
        .options(
            joinedload(Post.author).joinedload(User.country),
            joinedload(Post.author).joinedload(User.organization),
        )
        .order_by(*_order(view))
    ).all()

    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    opening = None
    for post, parent_name in rows:
        node = ThreadNode(post=post, parent_author=parent_name)
        nodes[post.id] = node
        if post.parent_id is None:
            opening = node
            continue
        if view == "flat":
            node.detached = post.depth > 1
            roots.append(node)
            continue
        # Replies to the opening post start the tree; deeper ones hang from
        # their parent, or from their ancestor at the cap.
        if post.depth <= depth_cap:
            anchor_id = post.parent_id
        else:
            anchor_id = int(post.path[(depth_cap - 1) * PATH_SEGMENT : depth_cap * PATH_SEGMENT])
            node.detached = True
        anchor = nodes.get(anchor_id)
        if anchor is None or anchor.post.parent_id is None:
            node.detached = node.detached or (anchor is None and post.depth > 1)
            roots.append(node)
        else:
            anchor.children.append(node)
    return ThreadPage(topic, view, page, pages, total, roots, opening)


def page_of_post(post: Post, view: str, per_page: int, *, reader) -> int:
    """The page of the thread on which a post appears to this reader."""
    key = Post.path < post.path if view == "tree" else Post.id < post.id
    before = db.session.scalar(
        db.select(db.func.count()).select_from(Post).where(Post.topic_id == post.topic_id, key, _shown_posts(reader))
    )
    pages = max(1, math.ceil((post.topic.reply_count + 1) / per_page))
    return min(before // per_page + 1, pages)


def thread_posts_query(reader, topic: Topic):
    """A thread's posts this reader may see, oldest first (the API's pages)."""
    return (
        db.select(Post)
        .where(Post.topic_id == topic.id, _shown_posts(reader))
        .options(joinedload(Post.author))
        .order_by(Post.id)
    )


def revisions(post: Post) -> list[PostRevision]:
    return db.session.scalars(
        db.select(PostRevision)
        .filter_by(post_id=post.id)
        .options(joinedload(PostRevision.editor))
        .order_by(PostRevision.id.desc())
    ).all()


# Writing ------------------------------------------------------------------


def countries_by_code(codes) -> list[Country]:
    codes = sorted({str(code).upper() for code in codes or []})
    found = db.session.scalars(db.select(Country).where(Country.code.in_(codes))).all()
    if len(found) != len(codes):
        unknown = sorted(set(codes) - {country.code for country in found})
        raise ValidationError({"countries": _("Países desconocidos: %(codes)s.", codes=", ".join(unknown))})
    return list(found)


def create_topic(
    author: User, category: Category, title, body, visibility: int | None = None, countries=None, review=True
) -> Topic:
    """A new topic; held for approval when its author is under new-member
    review, unless `review` is False (text the site writes, e.g. a
    listing's conversation, which others must be able to open at once)."""
    if not permissions.can_start_topic(author, category):
        raise PermissionDenied(_("No puede abrir temas en esta categoría."))
    title, body = clean_topic_fields(title, body)
    tagged = countries_by_code(countries)
    visibility = category.effective_visibility if visibility is None else visibility
    if visibility not in (0, 1, 2, 3) or not permissions.can_set_visibility(author, visibility):
        raise ValidationError({"visibility": _("Elija un nivel de confidencialidad que usted pueda leer.")})
    now = utcnow()
    held = review and permissions.is_under_review(author, category.space)
    topic = Topic(
        category=category,
        author_id=author.id,
        held=held,
        title=title,
        slug=slugify(title),
        visibility=max(visibility, category.effective_visibility),
        created_at=now,
        last_post_at=now,
        last_poster_id=author.id,
        countries=tagged,
    )
    db.session.add(topic)
    db.session.flush()
    post = Post(
        topic_id=topic.id,
        author_id=author.id,
        depth=0,
        created_at=now,
        body_source=body,
        body_html=render_markdown(body),
        held=held,
    )
    db.session.add(post)
    db.session.flush()
    post.path = path_segment(post.id)
    if not held:
        count_post(topic, post, author)
    db.session.commit()
    indexing.topic_changed(topic)
    return topic


def _check_slow_mode(author: User, topic: Topic) -> None:
    """Slow mode: one post per person every N minutes in this topic."""
    if not topic.slow_mode_minutes or permissions.can_skip_slow_mode(author):
        return
    latest = db.session.scalar(
        db.select(db.func.max(Post.created_at)).where(Post.topic_id == topic.id, Post.author_id == author.id)
    )
    allowed_at = latest and latest + timedelta(minutes=topic.slow_mode_minutes)
    if allowed_at and allowed_at > utcnow():
        raise ValidationError(
            {
                "body": _(
                    "Este tema está en modo lento: un mensaje cada %(n)d minutos por persona. "
                    "Podrá volver a escribir el %(time)s.",
                    n=topic.slow_mode_minutes,
                    time=local_time(allowed_at, DATETIME_PATTERN),
                )
            }
        )


def require_can_reply(author: User, topic: Topic) -> None:
    """Refuse, saying why, a person who may not reply in this topic."""
    if permissions.can_reply(author, topic):
        return
    if topic.held:
        raise PermissionDenied(_("Este tema espera la aprobación de la moderación: aún no admite respuestas."))
    if topic.locked and permissions.can_write(author):
        raise PermissionDenied(_("Este tema está cerrado: ya no admite respuestas."))
    raise PermissionDenied(_("No puede responder en este tema."))


def reply(author: User, topic: Topic, body, parent_id: int | None = None) -> Post:
    require_can_reply(author, topic)
    _check_slow_mode(author, topic)
    body = clean_body(body)
    if parent_id is None:
        parent = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
    else:
        parent = db.session.get(Post, parent_id)
        if parent is None or parent.topic_id != topic.id:
            raise ValidationError({"parent_id": _("El mensaje al que responde no está en este tema.")})
        if parent.deleted_at is not None:
            raise ValidationError({"parent_id": _("No se puede responder a un mensaje eliminado.")})
        if parent.held:
            raise ValidationError({"parent_id": _("No se puede responder a un mensaje pendiente de aprobación.")})
    if parent.depth >= MAX_STORED_DEPTH:
        raise ValidationError({"parent_id": _("Esta rama es demasiado profunda; responda al tema.")})
    post = Post(
        topic_id=topic.id,
        author_id=author.id,
        parent_id=parent.id,
        depth=parent.depth + 1,
        created_at=utcnow(),
        body_source=body,
        body_html=render_markdown(body),
        held=permissions.is_under_review(author, topic.category.space),
    )
    db.session.add(post)
    db.session.flush()
    post.path = parent.path + path_segment(post.id)
    if not post.held:
        count_post(topic, post, author)
    db.session.commit()
    indexing.post_changed(post)
    return post


def edit_post(editor: User, post: Post, body) -> Post:
    if not permissions.can_edit_post(editor, post):
        raise PermissionDenied(_("No puede editar este mensaje."))
    body = clean_body(body)
    if body == post.body_source:
        return post
    db.session.add(
        PostRevision(
            post_id=post.id,
            editor_id=editor.id,
            body_source=post.body_source,
            body_html=post.body_html,
        )
    )
    post.body_source = body
    post.body_html = render_markdown(body)
    post.edited_at = utcnow()
    db.session.commit()
    indexing.post_changed(post)
    return post


def mark_deleted(post: Post) -> None:
    """Soft delete: the post stays in the tree as a placeholder. A held post
    (withdrawn or rejected) shows to nobody, and a held topic whose opening
    post goes is hidden with it."""
    post.deleted_at = utcnow()
    if post.held and post.parent_id is None:
        post.topic.hidden = True


def delete_post(user: User, post: Post) -> Post:
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied(_("No puede eliminar este mensaje."))
    mark_deleted(post)
    db.session.commit()
    indexing.post_changed(post)
    return post
