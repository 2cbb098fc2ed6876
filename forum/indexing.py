"""Keeps the search index in step with the database.

Services call these right after their commit, so the next search sees the
change. The database stays the source of truth: when the index cannot be
written the change is logged and `flask search check` will report it.
"""

import logging
from contextlib import contextmanager

from flask import Flask, current_app, g
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from forum.database import read_only
from models import ChatMessage, Listing, Post, Topic, db
from search.documents import (
    all_documents,
    listing_document,
    post_document,
    thread_documents,
    topic_document,
    transcript_documents,
)
from search.index import IndexUnavailable, SearchIndex

from .cooperation.labels import MODALITY_LABELS, SECTOR_LABELS

log = logging.getLogger(__name__)


def init_search(app: Flask) -> None:
    """Open the index, rebuilding it from the database if missing or damaged."""
    index = SearchIndex(app.config["SEARCH_INDEX_DIR"])
    app.extensions["search"] = index
    with app.app_context(), read_only():
        index.ensure(_documents_if_any)
        db.session.remove()


def _documents_if_any():
    # Before `init-db` there are no tables yet: start with an empty index.
    try:
        yield from documents()
    except SQLAlchemyError:
        db.session.rollback()


def search_index() -> SearchIndex:
    return current_app.extensions["search"]


@contextmanager
def paused():
    """Skip per-change updates during a bulk job that rebuilds the index after."""
    g.search_paused = True
    try:
        yield
    finally:
        g.search_paused = False


def _update(documents=(), remove=()) -> None:
    if g.get("search_paused"):
        return
    try:
        search_index().update(documents, remove)
    except IndexUnavailable:
        log.exception("Search index not updated")


def _opening(topic: Topic) -> Post | None:
    return db.session.scalar(
        db.select(Post).filter_by(topic_id=topic.id, parent_id=None).options(joinedload(Post.author))
    )


def topic_changed(topic: Topic) -> None:
    """The title, the opening post or the thread's activity changed."""
    if topic.held:  # awaiting approval: not searchable yet
        _update(remove=[f"topic:{topic.id}"])
    else:
        _update([topic_document(topic, _opening(topic))])


def thread_changed(topic: Topic) -> None:
    """Something every post carries changed: visibility, category, hiding."""
    documents, removed = thread_documents(topic)
    _update(documents, removed)


def post_changed(post: Post) -> None:
    topic = post.topic
    if post.parent_id is None:
        topic_changed(topic)
    elif post.deleted_at is not None or post.held:
        _update([topic_document(topic, _opening(topic))], [f"post:{post.id}"])
    else:
        _update([post_document(post, topic), topic_document(topic, _opening(topic))])


def listing_keywords(listing: Listing) -> str:
    """The names of a listing's sector and modality in every interface
    language, so "desastres", "disaster" or "catastrophe" all find it."""
    names = set()
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            names.add(str(SECTOR_LABELS[listing.sector]))
            names.add(str(MODALITY_LABELS[listing.modality]))
    return " ".join(sorted(names))


def documents():
    """Every document of the database, as the index should hold them."""
    return all_documents(listing_keywords)


def listing_changed(listing: Listing) -> None:
    _update([listing_document(listing, listing_keywords(listing))])


def transcript_changed(meeting) -> None:
    """An ended meeting's record: (re)index its messages, drop deleted ones."""
    removed = [
        f"chat:{message_id}"
        for message_id in db.session.scalars(
            db.select(ChatMessage.id).where(ChatMessage.room_id == meeting.room_id, ChatMessage.deleted_at.is_not(None))
        )
    ]
    _update(transcript_documents(meeting), removed)
