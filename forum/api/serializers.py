"""Model -> JSON shapes of API v1."""

from flask import url_for

from models import Category, Post, Space, Topic

from .. import permissions


def user_json(user) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "url": url_for("auth.profile", user_id=user.id, _external=True),
    }


def category_json(category: Category) -> dict:
    return {
        "id": category.id,
        "slug": category.slug,
        "name": category.name,
        "description": category.description,
        "translations": category.translations,
        "visibility": category.effective_visibility,
        "topic_count": category.topic_count,
        "post_count": category.post_count,
        "url": url_for(
            "discussions.category", space_slug=category.space.slug, category_slug=category.slug, _external=True
        ),
    }


def space_json(space: Space, categories: list[Category]) -> dict:
    return {
        "id": space.id,
        "slug": space.slug,
        "name": space.name,
        "description": space.description,
        "translations": space.translations,
        "visibility": space.visibility,
        "url": url_for("discussions.space", space_slug=space.slug, _external=True),
        "categories": [category_json(category) for category in categories],
    }


def topic_json(topic: Topic) -> dict:
    return {
        "id": topic.id,
        "category_id": topic.category_id,
        "title": topic.title,
        "author": user_json(topic.author),
        "created_at": topic.created_at.isoformat(),
        "last_post_at": topic.last_post_at.isoformat(),
        "reply_count": topic.reply_count,
        "pinned": topic.pinned,
        "locked": topic.locked,
        "held": topic.held,
        "answer_post_id": topic.answer_post_id,
        "visibility": topic.effective_visibility,
        "countries": [country.code for country in topic.countries],
        "url": url_for("discussions.topic", topic_id=topic.id, slug=topic.slug, _external=True),
    }


def post_json(post: Post, reader) -> dict:
    readable = permissions.can_read_post_body(reader, post)
    return {
        "id": post.id,
        "topic_id": post.topic_id,
        "parent_id": post.parent_id,
        "author": user_json(post.author),
        "body_html": post.body_html if readable else None,
        "created_at": post.created_at.isoformat(),
        "edited_at": post.edited_at.isoformat() if post.edited_at else None,
        "deleted": post.deleted_at is not None,
        "hidden": post.hidden_at is not None,
        "held": post.held,
        "featured_summary": post.featured_summary if post.featured_at and readable else None,
        "url": url_for("discussions.post", post_id=post.id, _external=True),
    }


def page_json(items: list, page: int, per_page: int, total: int) -> dict:
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, -(-total // per_page)),
    }
