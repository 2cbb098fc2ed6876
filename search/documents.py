"""Rows of the database turned into index documents.

A topic document holds the title and the opening post; each reply is a post
document; each cooperation listing a listing document; each message of a
meeting that has ended a chat document (the transcript, grouped by meeting).
Deleted posts and messages are not indexed, nor posts held for approval;
hidden posts are, flagged, so that only moderators find them.
"""

import hashlib
import html
import re
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.orm import joinedload, selectinload

from models import SECRETARIAT, Category, ChatMessage, Listing, Meeting, Post, Topic, User, db, utcnow

from .schema import ANALYSES, TEXT_FIELDS

_TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup or "")).split())


def _naive_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def _finish(document: dict) -> dict:
    """Fill the analysed copies of the text fields and the change stamp."""
    for name in TEXT_FIELDS:
        for suffix in ANALYSES:
            document[f"{name}_{suffix}"] = document[name]
    for key in ("created_at", "activity"):
        document[key] = _naive_utc(document[key])
    digest = hashlib.sha1(repr(sorted((k, str(v)) for k, v in document.items())).encode()).hexdigest()
    document["stamp"] = digest
    return document


def _topic_fields(topic: Topic) -> dict:
    category: Category = topic.category
    return {
        "topic_id": topic.id,
        "group": f"topic:{topic.id}",
        "space": category.space.slug,
        "category": category.slug,
        "visibility": topic.effective_visibility,
        "activity": topic.last_post_at,
    }


def _author_fields(author: User) -> dict:
    return {"author_id": author.id, "author": author.name, "author_country": author.country_code or ""}


def topic_document(topic: Topic, opening: Post | None) -> dict:
    readable = opening is not None and opening.deleted_at is None
    return _finish(
        {
            "doc_id": f"topic:{topic.id}",
            "kind": "topic",
            "object_id": topic.id,
            **_topic_fields(topic),
            **_author_fields(topic.author),
            "countries": " ".join(country.code.lower() for country in topic.countries),
            "status": "",
            "hidden": topic.hidden or bool(readable and opening.hidden_at),
            "created_at": topic.created_at,
            "title": topic.title,
            "body": plain_text(opening.body_html) if readable else "",
        }
    )


def post_document(post: Post, topic: Topic) -> dict:
    return _finish(
        {
            "doc_id": f"post:{post.id}",
            "kind": "post",
            "object_id": post.id,
            **_topic_fields(topic),
            **_author_fields(post.author),
            "countries": " ".join(country.code.lower() for country in topic.countries),
            "status": "",
            "hidden": topic.hidden or post.hidden_at is not None,
            "created_at": post.created_at,
            # Stored for display only: replies are found by their own words.
            "title": "",
            "body": plain_text(post.body_html),
            "thread_title": topic.title,
        }
    )


def listing_document(listing: Listing, keywords: str = "") -> dict:
    """`keywords`: extra words to find the listing by, e.g. its sector's names."""
    countries = {country.code for country in listing.partners}
    if listing.country_code:
        countries.add(listing.country_code)
    return _finish(
        {
            "doc_id": f"listing:{listing.id}",
            "kind": "listing",
            "object_id": listing.id,
            "topic_id": listing.topic_id or 0,
            "group": f"listing:{listing.id}",
            "space": "",
            "category": listing.sector,
            "visibility": 0,
            "activity": listing.updated_at,
            **_author_fields(listing.created_by),
            "countries": " ".join(sorted(code.lower() for code in countries)),
            "status": listing.status,
            "hidden": listing.hidden_at is not None,
            "created_at": listing.created_at,
            "title": listing.title,
            "body": f"{plain_text(listing.description_html)} {keywords}".strip(),
        }
    )


def chat_document(message: ChatMessage, meeting: Meeting) -> dict:
    room = meeting.room
    # Search filters by level only: an invitation-only meeting's record is
    # found by the Secretariat alone (its page still admits the invited).
    visibility = room.effective_visibility if meeting.open_to_all else SECRETARIAT
    return _finish(
        {
            "doc_id": f"chat:{message.id}",
            "kind": "chat",
            "object_id": message.id,
            "topic_id": 0,
            "group": f"meeting:{meeting.id}",
            "space": room.space.slug,
            "category": "",
            "visibility": visibility,
            "activity": message.created_at,
            **_author_fields(message.author),
            "countries": "",
            "status": "",
            "hidden": False,
            "created_at": message.created_at,
            "title": "",
            "body": plain_text(message.body_html),
            "thread_title": meeting.title,
        }
    )


def transcript_documents(meeting: Meeting) -> list[dict]:
    messages = db.session.scalars(
        db.select(ChatMessage)
        .where(ChatMessage.room_id == meeting.room_id, ChatMessage.deleted_at.is_(None))
        .options(joinedload(ChatMessage.author))
        .order_by(ChatMessage.id)
    )
    return [chat_document(message, meeting) for message in messages]


def _ended_meetings():
    now = utcnow()
    return db.select(Meeting).where((Meeting.ends_at <= now) | (Meeting.closed_at <= now))


def thread_documents(topic: Topic) -> tuple[list[dict], list[str]]:
    """Every document of a thread, and the ids of its deleted or held posts
    to remove (and of a post a split or merge moved in or out of the opening
    place). A held or merged topic has none: a merged topic's address leads
    to another."""
    if topic.held or topic.merged_into_id is not None:
        return [], [f"topic:{topic.id}"]
    posts = db.session.scalars(
        db.select(Post).filter_by(topic_id=topic.id).options(joinedload(Post.author)).order_by(Post.id)
    ).all()
    opening = next((post for post in posts if post.parent_id is None), None)
    documents = [topic_document(topic, opening)]
    removed = []
    for post in posts:
        if post.parent_id is None or post.deleted_at is not None or post.held:
            removed.append(f"post:{post.id}")
        else:
            documents.append(post_document(post, topic))
    return documents, removed


def all_documents(listing_keywords=lambda listing: "") -> Iterator[dict]:
    """The whole database as documents, read in batches."""
    topics = db.session.scalars(
        db.select(Topic).options(joinedload(Topic.author), selectinload(Topic.countries)).order_by(Topic.id)
    )
    for topic in topics.yield_per(200):
        yield from thread_documents(topic)[0]
    listings = db.session.scalars(
        db.select(Listing).options(joinedload(Listing.created_by), selectinload(Listing.partners)).order_by(Listing.id)
    )
    for listing in listings.yield_per(200):
        yield listing_document(listing, listing_keywords(listing))
    for meeting in db.session.scalars(_ended_meetings().order_by(Meeting.id)).all():
        yield from transcript_documents(meeting)


def count_documents() -> int:
    posts = db.session.scalar(
        db.select(db.func.count())
        .select_from(Post)
        .where(Post.parent_id.is_not(None), Post.deleted_at.is_(None), Post.held.is_(False))
    )
    topics = db.session.scalar(
        db.select(db.func.count()).select_from(Topic).where(Topic.held.is_(False), Topic.merged_into_id.is_(None))
    )
    listings = db.session.scalar(db.select(db.func.count()).select_from(Listing))
    ended = _ended_meetings().with_only_columns(Meeting.room_id).scalar_subquery()
    messages = db.session.scalar(
        db.select(db.func.count())
        .select_from(ChatMessage)
        .where(ChatMessage.room_id.in_(ended), ChatMessage.deleted_at.is_(None))
    )
    return posts + topics + listings + messages
