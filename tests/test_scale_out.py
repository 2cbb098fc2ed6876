"""The scale-out path on real servers: PostgreSQL for data, Redis for limits
shared between workers. Skipped locally without them; required in CI."""

import threading

import pytest

from forum.discussions import services
from models import Post, Topic, User, db

from .conftest import PASSWORD, category, login, service_url, text_of
from .test_query_count import count_queries


@pytest.fixture
def pg_app(make_app):
    application = make_app(SQLALCHEMY_DATABASE_URI=service_url("TEST_DATABASE_URL"))
    with application.app_context():
        yield application


def concurrent_replies(application, topic_id: int, author_ids: list[int], per_thread: int) -> list[Exception]:
    """Each author replies `per_thread` times from its own thread and session."""
    errors = []

    def write(author_id):
        try:
            with application.app_context():
                for number in range(per_thread):
                    topic = db.session.get(Topic, topic_id)
                    author = db.session.get(User, author_id)
                    services.reply(author, topic, f"Respuesta concurrente {author_id}-{number}")
        except Exception as error:  # collected and asserted on by the caller
            errors.append(error)

    threads = [threading.Thread(target=write, args=(author_id,)) for author_id in author_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_replies_lose_no_count(request, backend, make_app, make_user):
    if backend == "postgresql":
        application = request.getfixturevalue("pg_app")
    else:
        application = request.getfixturevalue("app")
    authors = [make_user() for _ in range(4)]
    topic = services.create_topic(authors[0], category("cooperacion-sur-sur"), "Tema concurrido", "x")
    topic_id, author_ids = topic.id, [author.id for author in authors]
    db.session.commit()
    errors = concurrent_replies(application, topic_id, author_ids, per_thread=10)
    assert not errors, errors
    db.session.expire_all()
    assert db.session.get(Topic, topic_id).reply_count == 40
    assert category("cooperacion-sur-sur").post_count == 41
    paths = db.session.scalars(db.select(Post.path).filter_by(topic_id=topic_id)).all()
    assert len(set(paths)) == 41
    assert sum(db.session.get(User, author_id).post_count for author_id in author_ids) == 41


def test_forum_flow_on_postgresql(pg_app, make_user):
    client = pg_app.test_client()
    member = make_user(name="Carla Postgres")
    login(client, member)
    created = client.post(
        "/c/cooperacion/cooperacion-sur-sur/new",
        data={"title": "Tema en PostgreSQL", "body": "Con **acentos**: cooperación", "visibility": "0"},
    )
    assert created.status_code == 302
    topic = db.session.scalar(db.select(Topic).filter_by(title="Tema en PostgreSQL"))
    opening = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    answer = client.post(f"/t/{topic.id}/reply", data={"body": "Respuesta anidada", "parent_id": str(opening.id)})
    assert answer.status_code == 302
    page = text_of(client.get(f"/t/{topic.id}"))
    assert "cooperación" in page and "Respuesta anidada" in page
    assert client.get("/healthz").json["backend"] == "postgresql"
    api = client.get(f"/api/v1/topics/{topic.id}").json
    assert api["posts"]["items"][1]["parent_id"] == opening.id
    assert api["created_at"].endswith("+00:00")


def test_topic_page_query_count_is_constant_on_postgresql(pg_app, make_user):
    author = make_user()
    small = services.create_topic(author, category("cooperacion-sur-sur"), "Corto", "x")
    large = services.create_topic(author, category("cooperacion-sur-sur"), "Largo", "x")
    services.reply(author, small, "una")
    for number in range(60):
        services.reply(author, large, f"respuesta {number}")
    client = pg_app.test_client()
    counts = []
    for url in (f"/t/{small.id}", f"/t/{large.id}", f"/t/{large.id}?page=3"):
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert len(set(counts)) == 1, counts


def test_rate_limits_are_shared_between_workers_through_redis(make_app, make_user):
    """Two app instances stand for two worker processes behind a balancer."""
    redis_url = service_url("TEST_REDIS_URL")
    import redis

    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    settings = {"REDIS_URL": redis_url, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "4 per minute"}
    worker_a, worker_b = make_app(**settings), make_app(**settings)
    with worker_a.app_context():
        email = make_user().email
    for worker in (worker_a, worker_a, worker_b, worker_b):
        response = worker.test_client().post("/login", data={"email": email, "password": "mala-clave-1"})
        assert response.status_code == 422
    blocked = worker_a.test_client().post("/login", data={"email": email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert worker_b.test_client().post("/login", data={"email": email, "password": PASSWORD}).status_code == 429
    # The counters live in Redis, where every worker process reads them.
    assert any(b"login-account" in key for key in server.keys("*"))
