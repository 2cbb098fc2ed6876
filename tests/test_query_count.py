"""A thread page costs the same number of queries however long the thread."""

import contextlib

import pytest
import sqlalchemy as sa

from forum.discussions import services
from models import db

from .conftest import login


@contextlib.contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):  # transaction control, not a query
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def grow_thread(topic, authors, replies):
    """A bushy tree: each reply answers one of the last few posts."""
    parents = [None]
    for number in range(replies):
        post = services.reply(
            authors[number % len(authors)],
            topic,
            f"Aporte {number}",
            parent_id=parents[-1 - number % 3] if len(parents) > 3 else None,
        )
        parents.append(post.id)


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("view", ["tree", "flat"])
def test_topic_page_query_count_is_constant(app, client, public_category, make_user, view, signed_in):
    authors = [make_user(country_code=None) for _ in range(4)] + [make_user("focal_point", country_code="JM")]
    small = services.create_topic(authors[0], public_category, "Tema corto", "inicio")
    large = services.create_topic(authors[0], public_category, "Tema largo", "inicio")
    grow_thread(small, authors, 3)
    grow_thread(large, authors, 130)
    if signed_in:
        login(client, authors[1])
    db.session.expire_all()

    counts = {}
    for name, topic, page in (("small", small, 1), ("large-first", large, 1), ("large-last", large, 6)):
        url = f"/t/{topic.id}?view={view}&page={page}"
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(statements)
    assert counts["small"] == counts["large-first"] == counts["large-last"], counts
    # Topic, its country tags, the page of posts (+ the signed-in user).
    assert counts["small"] <= (4 if signed_in else 3), counts


def test_topic_list_and_profile_query_count_is_constant(app, client, public_category, make_user):
    authors = [make_user() for _ in range(5)]
    profile = f"/u/{authors[0].id}"
    topic = services.create_topic(authors[0], public_category, "Primer tema", "inicio")
    with count_queries() as few:
        client.get("/c/cooperacion/cooperacion-sur-sur")
    with count_queries() as few_profile:
        client.get(profile)
    for number in range(40):
        created = services.create_topic(authors[number % 5], public_category, f"Tema {number}", "inicio")
        services.reply(authors[(number + 1) % 5], created, "respuesta")
        services.reply(authors[0], topic, f"respuesta {number}")
    db.session.expire_all()
    with count_queries() as many:
        client.get("/c/cooperacion/cooperacion-sur-sur")
    with count_queries() as many_profile:
        client.get(profile)
    assert len(few) == len(many)
    assert len(few_profile) == len(many_profile)
