"""Addresses of topics and posts, for pages, the API and templates."""

from flask import url_for


def topic_url(topic, **params) -> str:
    return url_for("discussions.topic", topic_id=topic.id, slug=topic.slug, **params)


def post_url(post, **params) -> str:
    return url_for("discussions.post", post_id=post.id, **params)
